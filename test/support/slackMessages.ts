import type { FakeSlack, RecordedCall } from './fakeSlack.js';

/** A message as the channel shows it now: its place, its latest text and blocks. */
export interface ShownMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks: Block[];
}

export interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: ({ action_id?: string; value?: string; text?: unknown } & Record<string, unknown>)[];
  accessory?: { action_id?: string; value?: string } & Record<string, unknown>;
  [key: string]: unknown;
}

export interface Button {
  action_id: string;
  value: string;
}

/** Every message the bot posted with chat.postMessage (that Slack accepted), as it looks after any chat.update. */
export function postedMessages(slack: FakeSlack): ShownMessage[] {
  return slack
    .callsTo('chat.postMessage')
    .filter((call) => (call.reply as { ok?: boolean } | undefined)?.ok === true)
    .map((call) => current(slack, call));
}

function current(slack: FakeSlack, post: RecordedCall): ShownMessage {
  const reply = post.reply as { ts?: string; channel?: string } | undefined;
  if (!reply?.ts) throw new Error('A posted message has no ts in the fake reply');
  const channel = String(post.body.channel);
  const updates = slack
    .callsTo('chat.update')
    .filter((u) => u.body.channel === channel && u.body.ts === reply.ts);
  const latest = updates[updates.length - 1] ?? post;
  return {
    channel,
    ts: reply.ts,
    ...(post.body.thread_ts ? { threadTs: String(post.body.thread_ts) } : {}),
    text: String(latest.body.text ?? ''),
    blocks: (latest.body.blocks as Block[] | undefined) ?? [],
  };
}

/** Waits for the bot to post a message matching `predicate` (checked on what was posted). */
export async function waitForPost(
  slack: FakeSlack,
  predicate: (message: ShownMessage) => boolean,
  what = 'a matching message',
): Promise<ShownMessage> {
  const call = await slack.waitFor(
    (c) => c.method === 'chat.postMessage' && predicate(asPosted(c)),
    5000,
    `chat.postMessage of ${what}`,
  );
  return current(slack, call);
}

function asPosted(call: RecordedCall): ShownMessage {
  const reply = call.reply as { ts?: string } | undefined;
  return {
    channel: String(call.body.channel),
    ts: reply?.ts ?? '',
    ...(call.body.thread_ts ? { threadTs: String(call.body.thread_ts) } : {}),
    text: String(call.body.text ?? ''),
    blocks: (call.body.blocks as Block[] | undefined) ?? [],
  };
}

/** The message at (channel, ts) as it looks now. */
export function messageAt(slack: FakeSlack, ref: { channel: string; ts: string }): ShownMessage {
  const found = postedMessages(slack).find((m) => m.channel === ref.channel && m.ts === ref.ts);
  if (!found) throw new Error(`No message was posted at ${ref.channel}/${ref.ts}`);
  return found;
}

/** Waits until the message at `ref` is updated so that `predicate` holds. */
export async function waitForUpdate(
  slack: FakeSlack,
  ref: { channel: string; ts: string },
  predicate: (message: ShownMessage) => boolean,
  what = 'a matching update',
): Promise<ShownMessage> {
  await slack.waitFor(
    (c) =>
      c.method === 'chat.update' &&
      c.body.channel === ref.channel &&
      c.body.ts === ref.ts &&
      predicate({ ...ref, text: String(c.body.text ?? ''), blocks: (c.body.blocks as Block[]) ?? [] }),
    5000,
    `chat.update of ${what}`,
  );
  return messageAt(slack, ref);
}

/** Every button in the message's blocks, in order. */
export function buttons(message: ShownMessage): Button[] {
  const found: Button[] = [];
  for (const block of message.blocks) {
    for (const element of [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])]) {
      if (element.action_id && typeof element.value === 'string')
        found.push({ action_id: element.action_id, value: element.value });
    }
  }
  return found;
}

export function button(message: ShownMessage, actionId: string, nth = 0): Button {
  const found = buttons(message).filter((b) => b.action_id === actionId)[nth];
  if (!found) throw new Error(`No button ${actionId} #${nth} in: ${JSON.stringify(message.blocks)}`);
  return found;
}

/** All the text a person sees in the message. */
export function shownText(message: Pick<ShownMessage, 'text' | 'blocks'>): string {
  return `${message.text}\n${JSON.stringify(message.blocks)}`;
}

/** Ephemeral messages posted with chat.postEphemeral to one person. */
export function ephemeralsTo(slack: FakeSlack, user: string): RecordedCall[] {
  return slack.callsTo('chat.postEphemeral').filter((c) => c.body.user === user);
}

/** A Slack date token as the bot writes it: readers see their own time, `fallback` where tokens do not render. */
export function dateToken(iso: string, fallback: string): string {
  return `<!date^${Date.parse(iso) / 1000}^{date_short_pretty} {time}|${fallback}>`;
}

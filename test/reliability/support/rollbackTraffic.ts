import { ROLLBACK_APPROVE_ACTION, ROLLBACK_DENY_ACTION } from '../../../src/views/rollback.js';
import type { FakeSlack, RecordedCall } from '../../support/fakeSlack.js';
import type { TestApp } from '../../support/harness.js';
import { clickIn, type OpenedView, submitView } from '../../support/interactions.js';
import type { Block, ShownMessage } from '../../support/slackMessages.js';

/**
 * The rollback requests the bot posted in one channel, as the approvers see them there, read from
 * the fake Slack as calls arrive (a scan of only the new calls each time, so thousands of requests
 * stay cheap). Each is the message AS POSTED, buttons included, even once it has been updated: a
 * click on it plays an approver whose Slack had not refreshed yet.
 */
export class RollbackBoard {
  private scanned = 0;
  private readonly parents = new Map<string, ShownMessage>();

  constructor(
    private readonly slack: FakeSlack,
    private readonly channel: string,
  ) {}

  /** The request message of a rollback, if the bot posted one (and Slack took it). */
  parentOf(rollbackId: string): ShownMessage | undefined {
    this.scan();
    return this.parents.get(rollbackId);
  }

  private scan(): void {
    const calls = this.slack.calls;
    for (; this.scanned < calls.length; this.scanned++) {
      const call = calls[this.scanned] as RecordedCall;
      if (call.method !== 'chat.postMessage' || call.body.channel !== this.channel || call.body.thread_ts)
        continue;
      const reply = call.reply as { ok?: boolean; ts?: string } | undefined;
      const rollbackId = rollbackIdIn(JSON.stringify(call.body.blocks ?? []));
      if (!reply?.ok || !reply.ts || !rollbackId) continue;
      this.parents.set(rollbackId, {
        channel: this.channel,
        ts: reply.ts,
        text: String(call.body.text ?? ''),
        blocks: (call.body.blocks as Block[] | undefined) ?? [],
      });
    }
  }
}

/** The rollback id a message or reply names (`Rollback \`rb-…\``). */
export function rollbackIdIn(text: string): string | undefined {
  return /Rollback `(rb-[0-9a-f]+)`/.exec(text)?.[1];
}

export type Decision = 'approve' | 'deny';

/** One click on Approve or Deny, and (for Deny) the reason form it led to, as sent. */
export interface SentClick {
  rollbackId: string;
  user: string;
  decision: Decision;
  responseId: string;
  trigger: string;
  /** Set when Deny opened the reason form and it was submitted with this reason. */
  denyReason?: string;
}

/**
 * Clicks Approve or Deny on a rollback's request message as `user`, and waits for what the click
 * leads to: an answer on its response URL, the reason form (which it then submits with
 * `denyReason`), or, for the click that decides, the request message updated.
 */
export async function clickDecision(
  t: TestApp,
  parent: ShownMessage & { rollbackId: string },
  click: { user: string; decision: Decision; denyReason: string },
  timeoutMs = 20_000,
): Promise<SentClick> {
  const actionId = click.decision === 'approve' ? ROLLBACK_APPROVE_ACTION : ROLLBACK_DENY_ACTION;
  const { responseId, result, trigger } = await clickIn(t, parent, actionId, { user: click.user });
  if (result.status !== 200) throw new Error(`The click was answered ${result.status}: ${result.body}`);
  const sent: SentClick = {
    rollbackId: parent.rollbackId,
    user: click.user,
    decision: click.decision,
    responseId,
    trigger,
  };
  const outcome = await t.slack.waitFor(
    (c) =>
      (c.method === 'response_url' && c.responseId === responseId) ||
      (click.decision === 'deny'
        ? c.method === 'views.open' && c.body.trigger_id === trigger
        : c.method === 'chat.update' && c.body.ts === parent.ts && c.body.channel === parent.channel),
    timeoutMs,
    `the outcome of a ${click.decision} click on ${parent.rollbackId}`,
  );
  if (outcome.method === 'views.open') {
    const submitted = await submitView(
      t,
      outcome.body.view as OpenedView,
      { deny_reason: click.denyReason },
      { user: click.user },
    );
    if (submitted.status !== 200) throw new Error(`The deny form was answered ${submitted.status}`);
    sent.denyReason = click.denyReason;
  }
  return sent;
}

/**
 * Resolves once the fake Slack has had no call for `quietMs` (every listener done with Slack),
 * or after `maxMs` at most: what follows asserts the end state, and says what is missing.
 */
export async function slackQuiet(slack: FakeSlack, quietMs = 1_000, maxMs = 30_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  let seen = slack.calls.length;
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    if (slack.calls.length !== seen) {
      seen = slack.calls.length;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return;
    }
  }
}

/** The fake Slack's calls, grouped once after a run: checks over thousands of calls stay cheap. */
export class SlackCallIndex {
  readonly responses: Map<string, RecordedCall[]>;
  readonly formsOpened: Map<string, RecordedCall[]>;
  /** `chat.update` calls by `<channel> <ts>`. */
  readonly updates: Map<string, RecordedCall[]>;
  /** `chat.postMessage` replies in a thread, by the thread's ts. */
  readonly threadPosts: Map<string, RecordedCall[]>;
  /** `chat.postEphemeral` calls by user. */
  readonly ephemerals: Map<string, RecordedCall[]>;
  /** `chat.postMessage` calls that are not thread replies. */
  readonly topLevelPosts: RecordedCall[];

  constructor(calls: readonly RecordedCall[]) {
    const of = (method: string) => calls.filter((c) => c.method === method);
    this.responses = groupBy(of('response_url'), (c) => c.responseId);
    this.formsOpened = groupBy(of('views.open'), (c) => c.body.trigger_id);
    this.updates = groupBy(of('chat.update'), (c) => `${c.body.channel} ${c.body.ts}`);
    this.threadPosts = groupBy(of('chat.postMessage'), (c) => c.body.thread_ts);
    this.ephemerals = groupBy(of('chat.postEphemeral'), (c) => c.body.user);
    this.topLevelPosts = of('chat.postMessage').filter((c) => !c.body.thread_ts);
  }

  static get(map: Map<string, RecordedCall[]>, key: string | undefined): RecordedCall[] {
    return (key !== undefined && map.get(key)) || [];
  }
}

function groupBy(
  calls: readonly RecordedCall[],
  key: (c: RecordedCall) => unknown,
): Map<string, RecordedCall[]> {
  const groups = new Map<string, RecordedCall[]>();
  for (const call of calls) {
    const k = key(call);
    if (typeof k !== 'string') continue;
    groups.set(k, [...(groups.get(k) ?? []), call]);
  }
  return groups;
}

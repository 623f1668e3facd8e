import type { Clock } from '../clock.js';
import { checkedContent, type MessageContent, SlackApiError } from './messageContent.js';
import {
  type BlockJson,
  blocksOf,
  type ElementJson,
  isObject,
  type Json,
  LOCAL_BOT,
  LOCAL_TEAM,
  type ViewJson,
} from './slackShapes.js';

export interface StoredMessage {
  channel: string;
  ts: string;
  /** The parent's ts, for a thread reply. */
  threadTs?: string;
  /** Who posted it: the bot's user ID for the app's messages. */
  author: string;
  text: string;
  blocks: BlockJson[];
  attachments?: unknown[];
  /** Ephemeral: only this user sees it. */
  visibleTo?: string;
  replyCount: number;
}

export type ConversationEvent =
  | { kind: 'posted'; message: StoredMessage }
  | { kind: 'updated'; message: StoredMessage }
  | { kind: 'deleted'; message: StoredMessage }
  | { kind: 'home'; user: string; view: ViewJson }
  | { kind: 'note'; text: string };

/** What a response URL answers for: the command or the button press that was given it. */
export interface ResponseTarget {
  kind: 'command' | 'action';
  channel: string;
  user: string;
  /** The message the pressed button was on. */
  source?: { channel: string; ts: string };
  uses: number;
}

/** Slack allows five posts to one response URL. */
const RESPONSE_URL_USES = 5;

/**
 * Everything the local Slack keeps: channels and their messages (with threads and ephemeral
 * messages), modal stacks and Home views per user, trigger IDs and response URLs. It emits an event
 * for every change a person would see, which the terminal printer renders.
 */
export class Conversation {
  private readonly messages = new Map<string, StoredMessage>();
  private readonly names = new Map<string, string>();
  private readonly triggers = new Map<string, string>();
  private readonly responseTargets = new Map<string, ResponseTarget>();
  private readonly modalStacks = new Map<string, ViewJson[]>();
  private readonly homes = new Map<string, ViewJson>();
  private readonly listeners: ((event: ConversationEvent) => void)[] = [];
  private sequence = 0;

  constructor(private readonly clock: Clock) {
    this.names.set(LOCAL_BOT.userId, LOCAL_BOT.name);
  }

  onEvent(listener: (event: ConversationEvent) => void): void {
    this.listeners.push(listener);
  }

  note(text: string): void {
    this.emit({ kind: 'note', text });
  }

  // --- names ---

  setName(id: string, name: string): void {
    this.names.set(id, name);
  }

  nameOf(id: string): string | undefined {
    return this.names.get(id);
  }

  /** The direct-message channel between the app and a user. */
  dmChannelOf(user: string): string {
    return `D${user}`;
  }

  /** The user a DM channel belongs to, or none for a channel. */
  dmOwner(channel: string): string | undefined {
    return channel.startsWith('D') ? channel.slice(1) : undefined;
  }

  /** A channel ID from what an app may pass: an ID, `#name`, or a user ID (meaning their DM). */
  resolveChannel(given: string): string {
    if (!given) throw new SlackApiError('channel_not_found');
    if (/^[UW][A-Z0-9]+$/.test(given)) return this.dmChannelOf(given);
    if (given.startsWith('#')) {
      const name = given.slice(1);
      for (const [id, known] of this.names) if (known === name && id.startsWith('C')) return id;
      const id = `C${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`;
      this.names.set(id, name);
      return id;
    }
    return given;
  }

  // --- messages ---

  post(input: MessageContent & { channel: string; author: string; threadTs?: string; visibleTo?: string }) {
    const message: StoredMessage = {
      channel: this.resolveChannel(input.channel),
      ts: this.newTs(),
      author: input.author,
      text: input.text,
      blocks: this.withIds(input.blocks),
      replyCount: 0,
      ...(input.attachments ? { attachments: input.attachments } : {}),
      ...(input.threadTs ? { threadTs: input.threadTs } : {}),
      ...(input.visibleTo ? { visibleTo: input.visibleTo } : {}),
    };
    if (message.threadTs && !message.visibleTo) {
      const parent = this.messages.get(key(message.channel, message.threadTs));
      if (parent) parent.replyCount++;
    }
    this.messages.set(key(message.channel, message.ts), message);
    this.emit({ kind: 'posted', message });
    return message;
  }

  get(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.get(key(this.resolveChannel(channel), ts));
  }

  update(channel: string, ts: string, content: MessageContent): StoredMessage {
    const message = this.get(channel, ts);
    if (!message) throw new SlackApiError('message_not_found');
    message.text = content.text;
    message.blocks = this.withIds(content.blocks);
    if (content.attachments) message.attachments = content.attachments;
    else delete message.attachments;
    this.emit({ kind: 'updated', message });
    return message;
  }

  delete(channel: string, ts: string): void {
    const message = this.get(channel, ts);
    if (!message) throw new SlackApiError('message_not_found');
    this.messages.delete(key(message.channel, message.ts));
    this.emit({ kind: 'deleted', message });
  }

  /** Top-level messages everyone in the channel sees, newest first (conversations.history). */
  history(channel: string): StoredMessage[] {
    const id = this.resolveChannel(channel);
    return [...this.messages.values()]
      .filter((m) => m.channel === id && !m.threadTs && !m.visibleTo)
      .sort((a, b) => Number(b.ts) - Number(a.ts));
  }

  /** A thread: its parent, then its replies, oldest first (conversations.replies). */
  thread(channel: string, ts: string): StoredMessage[] {
    const id = this.resolveChannel(channel);
    return [...this.messages.values()]
      .filter((m) => m.channel === id && !m.visibleTo && (m.ts === ts || m.threadTs === ts))
      .sort((a, b) => Number(a.ts) - Number(b.ts));
  }

  // --- triggers and response URLs ---

  issueTrigger(user: string): string {
    const id = `${++this.sequence}.${LOCAL_TEAM.id}.trigger`;
    this.triggers.set(id, user);
    return id;
  }

  /** The user a trigger ID was issued to; each trigger works once, as in Slack. */
  takeTrigger(id: string): string {
    const user = this.triggers.get(id);
    if (!user) throw new SlackApiError(id ? 'expired_trigger_id' : 'invalid_trigger_id');
    this.triggers.delete(id);
    return user;
  }

  addResponseTarget(target: Omit<ResponseTarget, 'uses'>): string {
    const id = `r${++this.sequence}`;
    this.responseTargets.set(id, { ...target, uses: 0 });
    return id;
  }

  /** A post to a response URL, answered with the HTTP status and body Slack would give. */
  respond(id: string, body: unknown): { status: number; body: string } {
    const target = this.responseTargets.get(id);
    if (!target) return { status: 404, body: 'no_such_url' };
    if (target.uses >= RESPONSE_URL_USES) return { status: 404, body: 'used_url' };
    if (!isObject(body)) return { status: 400, body: 'invalid_payload' };
    target.uses++;
    const flag = (name: string) => body[name] === true || body[name] === 'true';
    const source = target.kind === 'action' ? target.source : undefined;
    if (source && flag('delete_original')) {
      if (this.get(source.channel, source.ts)) this.delete(source.channel, source.ts);
      return { status: 200, body: 'ok' };
    }
    if (!source && (flag('replace_original') || flag('delete_original'))) {
      this.note("Slack does not change a slash command's earlier reply through its response URL.");
      if (flag('delete_original')) return { status: 200, body: 'ok' };
    }
    let content: MessageContent;
    try {
      content = checkedContent(body);
    } catch (error) {
      if (error instanceof SlackApiError) return { status: 400, body: error.code };
      throw error;
    }
    if (source && flag('replace_original')) {
      if (!this.get(source.channel, source.ts)) return { status: 404, body: 'message_not_found' };
      this.update(source.channel, source.ts, content);
      return { status: 200, body: 'ok' };
    }
    const sourceMessage = target.source && this.get(target.source.channel, target.source.ts);
    const threadTs =
      typeof body.thread_ts === 'string' ? body.thread_ts : (sourceMessage?.threadTs ?? undefined);
    this.post({
      ...content,
      channel: target.channel,
      author: LOCAL_BOT.userId,
      ...(threadTs ? { threadTs } : {}),
      ...(body.response_type === 'in_channel' ? {} : { visibleTo: target.user }),
    });
    return { status: 200, body: 'ok' };
  }

  // --- views ---

  openModal(user: string, view: Json): ViewJson {
    const stored = this.storeView(view, 'modal', null);
    this.modalStacks.set(user, [stored]);
    return stored;
  }

  pushModal(user: string, view: Json): ViewJson {
    const stack = this.modalStacks.get(user) ?? [];
    if (stack.length >= 3) throw new SlackApiError('push_limit_reached');
    const stored = this.storeView(view, 'modal', stack[stack.length - 1] ?? null);
    stack.push(stored);
    this.modalStacks.set(user, stack);
    return stored;
  }

  /** views.update: a modal in someone's stack or a Home view, by ID or external ID. */
  updateView(ref: { viewId?: string; externalId?: string; hash?: string }, view: Json): ViewJson {
    const matches = (v: ViewJson) =>
      (ref.viewId && v.id === ref.viewId) || (ref.externalId && v.external_id === ref.externalId);
    for (const stack of this.modalStacks.values()) {
      const index = stack.findIndex(matches);
      const old = stack[index];
      if (!old) continue;
      if (ref.hash && ref.hash !== old.hash) throw new SlackApiError('hash_conflict');
      const stored = this.storeView(view, 'modal', old.previous_view_id, old.id, old.root_view_id);
      stack[index] = stored;
      return stored;
    }
    for (const [user, home] of this.homes) {
      if (!matches(home)) continue;
      if (ref.hash && ref.hash !== home.hash) throw new SlackApiError('hash_conflict');
      return this.publishHome(user, view);
    }
    throw new SlackApiError('not_found');
  }

  publishHome(user: string, view: Json): ViewJson {
    if (view.type !== 'home') throw new SlackApiError('invalid_arguments');
    const old = this.homes.get(user);
    const stored = this.storeView(view, 'home', null, old?.id);
    this.homes.set(user, stored);
    this.emit({ kind: 'home', user, view: stored });
    return stored;
  }

  home(user: string): ViewJson | undefined {
    return this.homes.get(user);
  }

  topModal(user: string): ViewJson | undefined {
    const stack = this.modalStacks.get(user);
    return stack?.[stack.length - 1];
  }

  /** Closes the top modal (a plain ack of its submission, or Cancel); returns what is left. */
  closeTopModal(user: string): ViewJson | undefined {
    this.modalStacks.get(user)?.pop();
    return this.topModal(user);
  }

  clearModals(user: string): void {
    this.modalStacks.delete(user);
  }

  replaceTopModal(user: string, view: Json): ViewJson {
    const top = this.topModal(user);
    if (!top) return this.openModal(user, view);
    return this.updateView({ viewId: top.id }, view);
  }

  // --- helpers ---

  private storeView(
    view: Json,
    type: 'modal' | 'home',
    previous: ViewJson | string | null,
    id = `V${String(++this.sequence).padStart(8, '0')}`,
    rootId?: string | null,
  ): ViewJson {
    const blocks = blocksOf(view.blocks);
    if (type === 'modal') {
      if (!view.title) throw new SlackApiError('invalid_arguments');
      if (blocks.some((b) => b.type === 'input') && !view.submit)
        throw new SlackApiError('invalid_arguments');
    }
    if (blocks.length > 100) throw new SlackApiError('invalid_arguments');
    const previousId = typeof previous === 'string' ? previous : (previous?.id ?? null);
    const root = rootId ?? (typeof previous === 'object' && previous ? previous.root_view_id : id);
    return {
      ...view,
      id,
      team_id: LOCAL_TEAM.id,
      type,
      blocks: this.withIds(blocks),
      private_metadata: typeof view.private_metadata === 'string' ? view.private_metadata : '',
      callback_id: typeof view.callback_id === 'string' ? view.callback_id : '',
      external_id: typeof view.external_id === 'string' ? view.external_id : '',
      state: { values: {} },
      hash: `${this.clock.now().getTime()}.${++this.sequence}`,
      clear_on_close: view.clear_on_close === true,
      notify_on_close: view.notify_on_close === true,
      previous_view_id: previousId,
      root_view_id: root ?? id,
      app_id: LOCAL_BOT.appId,
      app_installed_team_id: LOCAL_TEAM.id,
      bot_id: LOCAL_BOT.botId,
    };
  }

  /** Slack fills in block IDs and action IDs an app leaves out; payloads then carry them. */
  private withIds(blocks: readonly BlockJson[]): BlockJson[] {
    const withAction = (element: unknown): unknown =>
      isObject(element) && !element.action_id && element.type !== 'image' && element.type !== 'mrkdwn'
        ? { ...element, action_id: `action${++this.sequence}` }
        : element;
    return blocks.map((block) => {
      const copy: BlockJson = { ...block, block_id: block.block_id ?? `block${++this.sequence}` };
      if (block.type === 'actions' && Array.isArray(block.elements))
        copy.elements = block.elements.map(withAction) as ElementJson[];
      if (block.accessory) copy.accessory = withAction(block.accessory);
      if (block.type === 'input' && block.element) copy.element = withAction(block.element);
      return copy;
    });
  }

  newTs(): string {
    const seconds = Math.floor(this.clock.now().getTime() / 1000);
    return `${seconds}.${String(++this.sequence).padStart(6, '0')}`;
  }

  private emit(event: ConversationEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function key(channel: string, ts: string): string {
  return `${channel}/${ts}`;
}

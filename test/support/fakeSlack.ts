import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  /** Web API method (`chat.postMessage`), or `response_url` for posts to a response URL. */
  method: string;
  /** For response URLs, the id in `/response/<id>`. */
  responseId?: string;
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  raw: string;
  /** What the fake answered (set before the caller receives it), e.g. the `ts` of a posted message. */
  reply?: unknown;
  /** The fault answered instead of the usual reply (by `failNext` or `injectFaults`), if any. */
  fault?: FakeReply;
}

export type FakeReply = {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  delayMs?: number;
  /**
   * Slack acts on the call as usual (the message is posted, the reply is the usual one) but answers
   * only after `delayMs`: a caller that gives up first cannot know the call took effect.
   */
  late?: boolean;
  /**
   * Slack acts on the call as usual (the message is posted) but answers with this reply's status and
   * body instead (say a 500): the caller is told it failed although it took effect.
   */
  acted?: boolean;
};
/** A message Slack holds, as the fake lists it back. */
export interface HeldMessage {
  ts: string;
  text: string;
  threadTs: string | undefined;
  metadata: unknown;
}

type Responder = (call: RecordedCall) => FakeReply | undefined;

/** Faults on a share of the calls, for chaos under load (see `injectFaults`). */
export interface FaultPlan {
  /** The methods that may fail (`response_url` for posts to response URLs). */
  methods: readonly string[];
  /** The share of those calls that fail, from 0 to 1. */
  rate: number;
  /** A seeded random (test/support/random.ts), so each run draws the same faults in the same order. */
  random: () => number;
  /** What a failing call gets: one of these, picked at random each time. */
  faults: readonly FakeReply[];
}

/**
 * A stand-in for Slack's Web API and response URLs on 127.0.0.1. It records every call as Slack
 * would receive it, answers like Slack does, and can be told to fail (429, 5xx, errors).
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  /** User groups and their members, as usergroups.users.list answers them (a group not here: no_such_subteam). */
  readonly usergroups = new Map<string, string[]>();
  /** Sees every call as it arrives; the benchmark times replies with it. */
  onCall: ((call: RecordedCall) => void) | undefined;
  /** Keep every call in `calls`; a long benchmark turns this off so memory stays flat. */
  keepCalls = true;
  private server: Server | undefined;
  private overrides: { method: string; times: number; responder: Responder }[] = [];
  private faultPlans: readonly FaultPlan[] = [];
  private ts = 1_700_000_000;
  private waiters: { predicate: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }[] = [];

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  get url(): string {
    if (!this.server) throw new Error('FakeSlack is not started');
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/response/${id}`;
  }

  /** The next `times` calls of `method` get this answer instead of the default. */
  failNext(method: string, reply: FakeReply | Responder, times = 1): void {
    const responder: Responder = typeof reply === 'function' ? reply : () => reply;
    this.overrides.push({ method, times, responder });
  }

  /**
   * From now on, each call of a plan's methods fails with that plan's probability, unless a
   * `failNext` answers it first. Called with no plan, it stops the faults.
   */
  injectFaults(...plans: FaultPlan[]): void {
    this.faultPlans = plans;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  responses(id?: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'response_url' && (id === undefined || c.responseId === id));
  }

  /** Resolves with the first call (already recorded or still to come) that matches. */
  waitFor(
    predicate: (c: RecordedCall) => boolean,
    timeoutMs = 5000,
    what = 'a matching Slack call',
  ): Promise<RecordedCall> {
    const seen = this.calls.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(
          new Error(
            `Timed out waiting for ${what}; calls so far: ${this.calls.map((c) => c.method).join(', ')}`,
          ),
        );
      }, timeoutMs);
      const done = (c: RecordedCall) => {
        clearTimeout(timer);
        resolve(c);
      };
      this.waiters.push({ predicate, resolve: done });
    });
  }

  waitForResponse(id: string, nth = 1, timeoutMs = 5000): Promise<RecordedCall> {
    return this.waitFor(
      (c) => c.method === 'response_url' && c.responseId === id && this.responses(id).indexOf(c) === nth - 1,
      timeoutMs,
      `response #${nth} to ${id}`,
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = req.url ?? '/';
    const call: RecordedCall = path.startsWith('/response/')
      ? {
          method: 'response_url',
          responseId: path.slice('/response/'.length),
          body: parse(raw, req),
          headers: req.headers,
          raw,
        }
      : {
          method: path.replace(/^\/api\//, '').split('?')[0] ?? '',
          body: parse(raw, req),
          headers: req.headers,
          raw,
        };
    if (this.keepCalls) this.calls.push(call);
    this.onCall?.(call);
    for (const w of [...this.waiters]) {
      if (w.predicate(call)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(call);
      }
    }
    const override = this.overrides.find((o) => o.method === call.method && o.times > 0);
    let reply: FakeReply | undefined;
    if (override) {
      override.times--;
      if (override.times === 0) this.overrides.splice(this.overrides.indexOf(override), 1);
      reply = override.responder(call);
    }
    reply ??= this.drawFault(call);
    if (reply) call.fault = reply;
    if (reply?.late) reply = { ...this.defaultReply(call), delayMs: reply.delayMs ?? 0 };
    reply ??= this.defaultReply(call);
    call.reply = reply.body;
    if (call.fault?.acted) call.reply = this.defaultReply(call).body;
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? { ok: true }));
  }

  /** The messages posted so far (chat.postMessage calls answered ok), as Slack would list them. */
  postedMessages(channel: string): HeldMessage[] {
    return this.calls
      .filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel)
      .flatMap((c) => {
        const reply = c.reply as { ok?: boolean; ts?: string } | undefined;
        if (!reply?.ok || !reply.ts) return [];
        const thread = typeof c.body.thread_ts === 'string' ? c.body.thread_ts : undefined;
        return [
          { ts: reply.ts, text: String(c.body.text ?? ''), threadTs: thread, metadata: c.body.metadata },
        ];
      });
  }

  /**
   * conversations.history (top-level messages, newest first) or conversations.replies (a thread's
   * parent then its replies, oldest first) from what was posted, paged by `limit` and `cursor`, with
   * metadata only when `include_all_metadata` is asked for. `oldest` is not applied: the fake's ts
   * count from 2023, not from the test clock.
   */
  private conversation(call: RecordedCall): Record<string, unknown> {
    const channel = String(call.body.channel);
    const held = this.postedMessages(channel);
    const messages =
      call.method === 'conversations.history'
        ? held.filter((m) => !m.threadTs || m.threadTs === m.ts).reverse()
        : held.filter((m) => m.ts === call.body.ts || m.threadTs === call.body.ts);
    if (call.method === 'conversations.replies' && !messages.some((m) => m.ts === call.body.ts))
      return { ok: false, error: 'thread_not_found' };
    const limit = Math.min(Number(call.body.limit ?? 100) || 100, PAGE_LIMIT);
    const from = Number(call.body.cursor ?? 0) || 0;
    const page = messages.slice(from, from + limit);
    const withMetadata = String(call.body.include_all_metadata) === 'true';
    const more = from + limit < messages.length;
    return {
      ok: true,
      messages: page.map((m) => ({
        type: 'message',
        ts: m.ts,
        text: m.text,
        ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
        ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
      })),
      has_more: more,
      ...(more ? { response_metadata: { next_cursor: String(from + limit) } } : {}),
    };
  }

  private drawFault(call: RecordedCall): FakeReply | undefined {
    const plan = this.faultPlans.find((p) => p.methods.includes(call.method));
    if (!plan || plan.random() >= plan.rate) return undefined;
    return plan.faults[Math.floor(plan.random() * plan.faults.length)];
  }

  private defaultReply(call: RecordedCall): FakeReply {
    switch (call.method) {
      case 'response_url':
        return { body: 'ok' };
      case 'auth.test':
        return { body: { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'reauth-bot' } };
      case 'chat.postMessage':
      case 'chat.postEphemeral':
        return {
          body: { ok: true, channel: call.body.channel, ts: `${this.ts++}.000100`, message: call.body },
        };
      case 'chat.update':
        return { body: { ok: true, channel: call.body.channel, ts: call.body.ts } };
      case 'chat.getPermalink':
        return {
          body: {
            ok: true,
            permalink: `https://example.slack.com/archives/${call.body.channel}/p${String(call.body.message_ts).replace('.', '')}`,
          },
        };
      case 'conversations.open':
        return { body: { ok: true, channel: { id: `D${String(call.body.users)}` } } };
      case 'conversations.history':
      case 'conversations.replies':
        return { body: this.conversation(call) };
      case 'usergroups.users.list': {
        const users = this.usergroups.get(String(call.body.usergroup));
        return { body: users ? { ok: true, users: [...users] } : { ok: false, error: 'no_such_subteam' } };
      }
      default:
        return { body: { ok: true } };
    }
  }
}

/** The fake's pages of conversations.history and conversations.replies hold this many messages at most. */
const PAGE_LIMIT = 200;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parse(raw: string, req: IncomingMessage): Record<string, unknown> {
  if (!raw) return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const form = Object.fromEntries(new URLSearchParams(raw));
  for (const key of ['blocks', 'attachments', 'view', 'metadata']) {
    if (typeof form[key] === 'string') {
      try {
        (form as Record<string, unknown>)[key] = JSON.parse(form[key] as string);
      } catch {
        // Leave as sent; the test will show it.
      }
    }
  }
  return form;
}

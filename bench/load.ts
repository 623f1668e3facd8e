import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { FakeSlack, RecordedCall } from '../test/support/fakeSlack.js';
import { commandBody, sign } from '../test/support/harness.js';

export interface Sample {
  /** Until the HTTP response (Bolt's ack) was fully read. */
  ackMs: number;
  /** Until the reply reached the fake response_url. */
  answerMs: number;
  ok: boolean;
  reply?: RecordedCall;
}

const ANSWER_TIMEOUT_MS = 15_000;

/**
 * Sends signed slash commands exactly as Slack does and times both the ack and the reply that
 * arrives on the command's response_url (served by the fake Slack in this process).
 */
export class CommandClient {
  private waiting = new Map<string, (at: number, call: RecordedCall) => void>();
  private watchers: {
    predicate: (c: RecordedCall) => boolean;
    resolve: (at: number, c: RecordedCall) => void;
  }[] = [];

  constructor(
    private readonly slack: FakeSlack,
    private readonly signingSecret: string,
  ) {
    slack.keepCalls = false;
    slack.onCall = (call) => {
      for (const watcher of [...this.watchers]) {
        if (!watcher.predicate(call)) continue;
        this.watchers.splice(this.watchers.indexOf(watcher), 1);
        watcher.resolve(performance.now(), call);
      }
      if (call.method !== 'response_url' || !call.responseId) return;
      const resolve = this.waiting.get(call.responseId);
      if (resolve) {
        this.waiting.delete(call.responseId);
        resolve(performance.now(), call);
      }
    };
  }

  /** The next Slack call that matches, from now on. */
  nextCall(predicate: (c: RecordedCall) => boolean): Promise<SeenCall> {
    return new Promise((resolve, reject) => {
      const watcher = {
        predicate,
        resolve: (at: number, call: RecordedCall) => {
          clearTimeout(timer);
          resolve({ at, call });
        },
      };
      const timer = setTimeout(() => {
        this.watchers.splice(this.watchers.indexOf(watcher), 1);
        reject(new Error('No matching Slack call within 15 s'));
      }, ANSWER_TIMEOUT_MS);
      this.watchers.push(watcher);
    });
  }

  /** Clicks a button on a message, signed as Slack does; resolves when the app acked. */
  async click(baseUrl: string, actionId: string, value: string, on: ClickOptions): Promise<number> {
    const payload = {
      type: 'block_actions',
      user: { id: on.user, username: 'bench', team_id: 'T1' },
      team: { id: 'T1', domain: 'example' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: `trigger-${randomUUID()}`,
      container: { type: 'message', message_ts: on.messageTs, channel_id: on.channel, is_ephemeral: false },
      channel: { id: on.channel, name: 'bench' },
      message: { ts: on.messageTs, text: '', blocks: [] },
      response_url: this.slack.responseUrl(randomUUID()),
      actions: [
        { type: 'button', action_id: actionId, block_id: 'b', value, action_ts: '1700000001.000200' },
      ],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await fetch(`${baseUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': sign(body, timestamp, this.signingSecret),
      },
      body,
    });
    await res.text();
    return res.status;
  }

  async command(baseUrl: string, text: string, user = 'UBENCH'): Promise<Sample> {
    const responseId = randomUUID();
    const body = commandBody(text, user, 'CBENCH', this.slack.responseUrl(responseId));
    const answered = new Promise<{ at: number; call?: RecordedCall }>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(responseId);
        resolve({ at: Number.NaN });
      }, ANSWER_TIMEOUT_MS);
      this.waiting.set(responseId, (at, call) => {
        clearTimeout(timer);
        resolve({ at, call });
      });
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const t0 = performance.now();
    const res = await fetch(`${baseUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': sign(body, timestamp, this.signingSecret),
      },
      body,
    });
    await res.text();
    const ackMs = performance.now() - t0;
    const { at, call } = await answered;
    return {
      ackMs,
      answerMs: at - t0,
      ok: res.status === 200 && Number.isFinite(at),
      ...(call ? { reply: call } : {}),
    };
  }
}

/** A Web API call the app makes (chat.postMessage, chat.update, ...), with when it arrived. */
export interface SeenCall {
  at: number;
  call: RecordedCall;
}

export interface ClickOptions {
  user: string;
  channel: string;
  messageTs: string;
}

/** Runs `total` calls of `task`, at most `concurrency` at a time; samples in completion order. */
export async function concurrently<T>(
  total: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      results.push(await task(i));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return results;
}

/** Keeps `concurrency` requests in flight until stopped; resolves with every sample taken. */
export function backgroundLoad<T>(
  concurrency: number,
  task: (i: number) => Promise<T>,
): { stop: () => Promise<T[]> } {
  const results: T[] = [];
  let running = true;
  let next = 0;
  const worker = async () => {
    while (running) results.push(await task(next++));
  };
  const workers = Array.from({ length: concurrency }, worker);
  return {
    stop: async () => {
      running = false;
      await Promise.all(workers);
      return results;
    },
  };
}

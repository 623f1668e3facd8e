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

  constructor(
    private readonly slack: FakeSlack,
    private readonly signingSecret: string,
  ) {
    slack.keepCalls = false;
    slack.onCall = (call) => {
      if (call.method !== 'response_url' || !call.responseId) return;
      const resolve = this.waiting.get(call.responseId);
      if (resolve) {
        this.waiting.delete(call.responseId);
        resolve(performance.now(), call);
      }
    };
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

import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, type HTTPReceiver, isRawBodyError } from '@slack/bolt';
import type { Logger } from '@slack/logger';

/** Slack signs each request with its timestamp; Bolt refuses timestamps over 5 minutes old. */
const WINDOW_SECONDS = 5 * 60;

/**
 * Remembers each signed request (timestamp, signature) for as long as Slack's signature would be
 * accepted, so the same request sent twice is refused. Bolt checks that a request is signed and not
 * stale, but a copy replayed within those 5 minutes, or one stamped in the future, would pass.
 */
export class ReplayGuard {
  private seen = new Map<string, number>();

  constructor(private readonly nowMs: () => number = Date.now) {}

  /** True (and remembered) for a first sighting with a timestamp within 5 minutes of now. */
  admit(timestampSeconds: number, signature: string): boolean {
    const now = this.nowMs();
    this.forgetExpired(now);
    if (!Number.isFinite(timestampSeconds) || Math.abs(now / 1000 - timestampSeconds) > WINDOW_SECONDS)
      return false;
    const key = `${timestampSeconds}:${signature}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, (timestampSeconds + WINDOW_SECONDS) * 1000);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private forgetExpired(now: number): void {
    // Roughly in arrival order, so expired entries are at the front.
    for (const [key, expires] of this.seen) {
      if (expires > now) break;
      this.seen.delete(key);
    }
  }
}

/**
 * Puts the replay check in front of Bolt's HTTP receiver: a request is buffered and its signature
 * checked as Bolt would; a correctly signed request seen before (or stamped more than 5 minutes
 * ahead) gets 401 and goes no further. Everything else goes on to Bolt unchanged, which reuses the
 * buffered body (and answers unsigned or stale requests itself).
 */
export function refuseReplays(
  receiver: HTTPReceiver,
  options: { signingSecret: string; logger: Logger; guard?: ReplayGuard; endpoint?: string },
): ReplayGuard {
  const guard = options.guard ?? new ReplayGuard();
  const endpoint = options.endpoint ?? '/slack/events';
  const bolt = receiver.requestListener;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || path !== endpoint) return bolt(req, res);
    void (async () => {
      let buffered: IncomingMessage;
      try {
        buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit);
      } catch (error) {
        const tooLarge =
          isRawBodyError(error) && (error.type === 'entity.too.large' || error.statusCode === 413);
        options.logger.warn(`Could not read a request body: ${(error as Error).message}`);
        HTTPModuleFunctions.buildNoBodyResponse(res, tooLarge ? 413 : 400);
        return;
      }
      try {
        await HTTPModuleFunctions.parseAndVerifyHTTPRequest(
          { enabled: true, signingSecret: options.signingSecret },
          buffered,
        );
      } catch {
        bolt(buffered, res);
        return;
      }
      const timestamp = Number(buffered.headers['x-slack-request-timestamp']);
      const signature = buffered.headers['x-slack-signature'];
      if (typeof signature === 'string' && !guard.admit(timestamp, signature)) {
        options.logger.warn('Refused a signed request seen before, or stamped too far ahead (a replay?)');
        HTTPModuleFunctions.buildNoBodyResponse(res, 401);
        return;
      }
      bolt(buffered, res);
    })().catch((error: unknown) => {
      options.logger.error('The replay check failed:', error);
      if (!res.headersSent) HTTPModuleFunctions.buildNoBodyResponse(res, 500);
    });
  };
  return guard;
}

/**
 * fetch for every Slack call (Web API and response URLs) that gives up after `timeoutMs`, so a
 * Slack that never answers cannot hold a listener (and the person waiting) forever.
 */
export function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init = {}) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    return fetch(input, { ...init, signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
  };
}

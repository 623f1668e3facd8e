import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import {
  type BufferedIncomingMessage,
  HTTPModuleFunctions,
  type HTTPReceiver,
  isRawBodyError,
} from '@slack/bolt';
import type { Logger } from '@slack/logger';
import type { ReplayStore } from '../store/replayStore.js';
import { checkSignature, ReplayGuard, SIGNATURE_WINDOW_SECONDS } from './signedRequests.js';

export { ReplayGuard } from './signedRequests.js';

/**
 * Puts the signature and replay checks in front of Bolt's HTTP receiver. A request is buffered and
 * its signature checked strictly (`checkSignature`); a correctly signed request seen before (or
 * stamped more than 5 minutes ahead) gets 401, and a signed body that is not a JSON object (`null`,
 * a number, a list) gets 400 here, because Bolt would throw on it outside any handler and the
 * process would exit. Unsigned `ssl_check` requests, which Bolt answers without a signature, go on
 * to Bolt remembering nothing, so they cannot fill the guard. Everything else goes on to Bolt
 * unchanged, which reuses the buffered body (and refuses unsigned or stale requests itself).
 */
export function refuseReplays(
  receiver: HTTPReceiver,
  options: {
    signingSecret: string;
    logger: Logger;
    guard?: ReplayGuard;
    endpoint?: string;
    /** Several instances: the requests any of them served (a replay to another one is refused too). */
    shared?: ReplayStore;
  },
): ReplayGuard {
  const guard = options.guard ?? new ReplayGuard();
  const endpoint = options.endpoint ?? '/slack/events';
  const bolt = receiver.requestListener;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || path !== endpoint) return bolt(req, res);
    void (async () => {
      let buffered: BufferedIncomingMessage;
      try {
        buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit);
      } catch (error) {
        const tooLarge =
          isRawBodyError(error) && (error.type === 'entity.too.large' || error.statusCode === 413);
        options.logger.warn(`Could not read a request body: ${(error as Error).message}`);
        HTTPModuleFunctions.buildNoBodyResponse(res, tooLarge ? 413 : 400);
        return;
      }
      if (isSslCheck(buffered)) return bolt(buffered, res);
      const timestamp = header(buffered, 'x-slack-request-timestamp');
      const digest = checkSignature(
        'v0',
        options.signingSecret,
        timestamp,
        buffered.rawBody,
        header(buffered, 'x-slack-signature'),
      );
      if (digest === undefined) {
        options.logger.warn('Refused a request whose signature is missing, malformed or wrong');
        HTTPModuleFunctions.buildNoBodyResponse(res, 401);
        return;
      }
      if (!isObjectBody(buffered)) {
        options.logger.warn('Refused a signed request whose body is not a JSON object');
        HTTPModuleFunctions.buildNoBodyResponse(res, 400);
        return;
      }
      const admission = guard.admit(Number(timestamp), digest);
      if (admission === 'full') {
        options.logger.error(
          `Refused a signed request: ${guard.capacity} signed requests in the last 5 minutes are remembered against replays, the most the guard holds`,
        );
        HTTPModuleFunctions.buildNoBodyResponse(res, 503);
        return;
      }
      const seenElsewhere =
        admission === 'admitted' &&
        options.shared !== undefined &&
        !(await options.shared.remember(
          `${timestamp}:${digest}`,
          new Date((Number(timestamp) + SIGNATURE_WINDOW_SECONDS + 1) * 1000),
        ));
      if (admission !== 'admitted' || seenElsewhere) {
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

const FORM = 'application/x-www-form-urlencoded';

/** As Bolt decides it: a form body with `ssl_check=1`, which Bolt answers without checking a signature. */
function isSslCheck(req: BufferedIncomingMessage): boolean {
  return req.headers['content-type'] === FORM && parseQuery(req.rawBody.toString()).ssl_check === '1';
}

/** Parses the body as Bolt will (its own parser), and says whether Bolt can read fields off it. */
function isObjectBody(req: BufferedIncomingMessage): boolean {
  try {
    const body: unknown = HTTPModuleFunctions.parseHTTPRequestBody(req);
    return typeof body === 'object' && body !== null && !Array.isArray(body);
  } catch {
    return false;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
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

/** Web API methods bound to a trigger_id, which Slack honours for 3 seconds: never waited for. */
const TRIGGER_METHODS = new Set(['views.open', 'views.push', 'dialog.open']);
/** The longest Retry-After one Web API call waits out by itself (s), and how many times. */
export const LONGEST_CALL_WAIT_S = 5;
const CALL_WAITS = 2;

/**
 * fetch for the Bolt app's Web API client (with `rejectRateLimitedCalls`) and its response URLs.
 * The client would otherwise pause its whole queue on one 429, so every call (an approver's Deny
 * form included) waits behind one person's rate-limited method. Here a short 429 on a Web API call
 * is waited out for that call alone and the call sent again (Slack did not act on it); a long one,
 * a third, or any 429 on a trigger-bound method goes back to the client at once, which throws it
 * for that call only.
 */
export function fetchForSlack(
  timeoutMs: number,
  options: {
    apiUrl?: string;
    sleep?: (ms: number) => Promise<void>;
    /** Each attempt (fetchWithTimeout by default): the metrics count every one. */
    fetch?: typeof fetch;
    /** Told of each 429 waited out here, before the call is sent again. */
    onWait?: (method: string) => void;
  } = {},
): typeof fetch {
  const once = options.fetch ?? fetchWithTimeout(timeoutMs);
  const apiUrl = options.apiUrl ?? 'https://slack.com/api/';
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    for (let waits = 0; ; waits++) {
      const response = await once(input, init);
      if (response.status !== 429 || !url.startsWith(apiUrl)) return response;
      const method = url.slice(apiUrl.length).split('?')[0] ?? '';
      const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
      const wait =
        !TRIGGER_METHODS.has(method) &&
        Number.isFinite(retryAfter) &&
        retryAfter >= 0 &&
        retryAfter <= LONGEST_CALL_WAIT_S &&
        waits < CALL_WAITS;
      if (!wait) return response;
      options.onWait?.(method);
      await response.body?.cancel();
      await sleep(retryAfter * 1000);
    }
  };
}

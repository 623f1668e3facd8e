import type { FakeReply, RecordedCall } from '../../support/fakeSlack.js';

/** How long the app under test waits for any Slack call before giving up on it. */
export const SLACK_TIMEOUT_MS = 400;

export const RATE_LIMITED: FakeReply = {
  status: 429,
  headers: { 'retry-after': '1' },
  body: { ok: false, error: 'ratelimited' },
};
export const SERVER_ERROR: FakeReply = { status: 500, body: 'internal_error' };
/** Slack does not act on the call, and answers only after the app has given up waiting. */
export const NO_ANSWER: FakeReply = { status: 504, delayMs: SLACK_TIMEOUT_MS * 3, body: 'gateway_timeout' };
export const INVALID_AUTH: FakeReply = { body: { ok: false, error: 'invalid_auth' } };
/** A response URL Slack no longer takes. */
export const EXPIRED_URL: FakeReply = { status: 404, body: 'expired_url' };

/**
 * Slack acts on the call (posts the message) but answers only after the app has given up waiting. Not
 * in WEB_API_FAULTS: only posts that look for their message before posting it again take it (the
 * digest's, and a rollback's request, thread notes and checklist).
 */
export const LATE_ANSWER: FakeReply = { late: true, delayMs: SLACK_TIMEOUT_MS * 3 };

/** The Web API faults: each leaves the call without effect. */
export const WEB_API_FAULTS: readonly FakeReply[] = [RATE_LIMITED, SERVER_ERROR, NO_ANSWER, INVALID_AUTH];
export const RESPONSE_URL_FAULTS: readonly FakeReply[] = [RATE_LIMITED, SERVER_ERROR, NO_ANSWER, EXPIRED_URL];

/** Slack took the call: a Web API call answered `ok`, or a response_url post that got no fault. */
export function tookEffect(call: RecordedCall): boolean {
  if (call.method === 'response_url') return call.fault === undefined;
  return (call.reply as { ok?: boolean } | undefined)?.ok === true;
}

import type { Config } from '../../src/config.js';
import type { RecordedCall } from './fakeSlack.js';
import { TestApp } from './harness.js';
import { sampleBatch } from './sampleData.js';
import { postedMessages, type ShownMessage } from './slackMessages.js';
import { TestClock } from './testClock.js';

export const REQUESTER = 'UAGENT';
export const APPROVER_1 = 'UAPPROVER1';
export const APPROVER_2 = 'UAPPROVER2';
export const OUTSIDER = 'UOUTSIDER';
export const ROLLBACK_CHANNEL = 'CROLLBACKS';
export const HOUR = 3_600_000;

export interface RollbackAppOptions {
  /** When the test starts; default 2026-11-28T12:00:00Z. */
  now?: string;
  /** How long before `now` the customer's European unit of acme-outdoor was (wrongly) reauthorized. */
  reauthorizedHoursAgo?: number;
  config?: Partial<Config>;
  batch?: ReturnType<typeof sampleBatch>;
}

/**
 * The app with the sample customers, two approvers, a rollback channel, times in Europe/London, and
 * acme-outdoor's European unit (UK, DE, FR) reauthorized by the agent a while ago.
 */
export async function startRollbackApp(options: RollbackAppOptions = {}): Promise<TestApp> {
  const clock = new TestClock(options.now ?? '2026-11-28T12:00:00Z');
  const t = await TestApp.start({
    clock,
    config: {
      timeZone: 'Europe/London',
      approvers: [APPROVER_1, APPROVER_2],
      rollbacks: { ttlHours: 24, channel: ROLLBACK_CHANNEL },
      ...options.config,
    },
  });
  await t.store.importBatch(options.batch ?? sampleBatch(), { id: 'import', at: clock.now() });
  const at = new Date(clock.now().getTime() - (options.reauthorizedHoursAgo ?? 20) * HOUR);
  await t.store.recordReauthorization(
    { accountId: 'acme-outdoor', region: 'EU', sellerId: 'A1ACMEEU00001X' },
    { id: REQUESTER, at },
  );
  return t;
}

export interface Requested {
  /** The ephemeral answer to the command. */
  reply: RecordedCall;
  /** The request as posted for the approvers. */
  parent: ShownMessage;
  rollbackId: string;
}

/**
 * A request as an agent types it, with when the wrong account was authorized: 20 hours before the
 * default start time, which is when startRollbackApp records the (wrong) reauthorization.
 */
export const DEFAULT_REQUEST =
  'rollback acme-outdoor UK authorized the wrong Seller Central account --since 2026-11-27T16:00Z';

/** Types `/reauth <text>` and returns the request it posted. */
export async function requestRollback(
  t: TestApp,
  text = DEFAULT_REQUEST,
  user = REQUESTER,
  channel = 'CSUPPORT',
): Promise<Requested> {
  const before = new Set(postedMessages(t.slack).map((m) => m.ts));
  const reply = await t.command(text, { user, channel });
  const parent = postedMessages(t.slack).find((m) => !m.threadTs && !before.has(m.ts));
  if (!parent) throw new Error(`No request was posted; the reply was: ${JSON.stringify(reply.body)}`);
  const rollbackId = /Rollback `(rb-[0-9a-f]+)`/.exec(JSON.stringify(parent.blocks))?.[1];
  if (!rollbackId) throw new Error('The posted request does not name its rollback');
  return { reply, parent, rollbackId };
}

/** The text a response_url reply shows. */
export function replyText(call: RecordedCall): string {
  return `${String(call.body.text ?? '')}\n${JSON.stringify(call.body.blocks ?? [])}`;
}

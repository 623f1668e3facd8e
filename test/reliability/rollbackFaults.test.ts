import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/domain/audit.js';
import type { Rollback } from '../../src/domain/rollback.js';
import { ROLLBACK_APPROVE_ACTION, ROLLBACK_DENY_ACTION } from '../../src/views/rollback.js';
import { bulkBatch } from '../support/bulkData.js';
import type { RecordedCall } from '../support/fakeSlack.js';
import { TestApp } from '../support/harness.js';
import { clickIn, type OpenedView, submitView } from '../support/interactions.js';
import { seededRandom } from '../support/random.js';
import {
  APPROVER_1,
  APPROVER_2,
  HOUR,
  REQUESTER,
  type Requested,
  ROLLBACK_CHANNEL,
  replyText,
  requestRollback,
} from '../support/rollbackSetup.js';
import { TestClock } from '../support/testClock.js';
import { type Decision, SlackCallIndex, slackQuiet } from './support/rollbackTraffic.js';
import { expectNoSecretsLeaked } from './support/secrets.js';
import {
  LATE_ANSWER,
  RESPONSE_URL_FAULTS,
  SLACK_TIMEOUT_MS,
  tookEffect,
  WEB_API_FAULTS,
} from './support/slackFaults.js';

const ROLLBACKS = 12;
/**
 * No Slack call for this long means every listener is done: longer than the longest pause in a
 * retried call (a 429's Retry-After, then the client's backoff of up to 2 s), with room for a busy CI.
 */
const QUIET_MS = 5_000;
/** Who clicks what on rollback i, all at the same moment: by i % 4. */
const BURSTS: { user: string; decision: Decision }[][] = [
  [
    { user: APPROVER_1, decision: 'approve' },
    { user: APPROVER_2, decision: 'approve' },
  ],
  [
    { user: APPROVER_1, decision: 'approve' },
    { user: APPROVER_2, decision: 'deny' },
  ],
  [
    { user: APPROVER_1, decision: 'deny' },
    { user: APPROVER_2, decision: 'deny' },
  ],
  [
    { user: APPROVER_2, decision: 'approve' },
    { user: APPROVER_2, decision: 'approve' },
  ],
];

interface Click {
  rollback: Requested;
  user: string;
  decision: Decision;
  responseId: string;
  trigger: string;
  denyReason?: string;
}

let running: TestApp | undefined;
afterEach(async () => {
  if (!running) return;
  expectNoSecretsLeaked(running);
  await running.stop();
  running = undefined;
});

describe('Slack failing while many rollbacks are decided at once', () => {
  it('429, 500, no answer, invalid_auth and posts answered too late on a third of the calls, failing lookups: each rollback decided once, its messages never doubled, and every click answered once or the failure logged', async () => {
    const { t, requested } = await startWithRequests();
    t.slack.injectFaults(
      {
        methods: ['chat.update', 'chat.postEphemeral', 'views.open'],
        rate: 0.35,
        random: seededRandom(9090),
        faults: WEB_API_FAULTS,
      },
      // The rollback's posts also get answers that come too late (Slack posted them), and the
      // lookups that then look for them fail now and then.
      {
        methods: ['chat.postMessage'],
        rate: 0.35,
        random: seededRandom(9292),
        faults: [...WEB_API_FAULTS, LATE_ANSWER, LATE_ANSWER],
      },
      {
        methods: ['conversations.replies', 'conversations.history'],
        rate: 0.2,
        random: seededRandom(9393),
        faults: WEB_API_FAULTS,
      },
      { methods: ['response_url'], rate: 0.35, random: seededRandom(9191), faults: RESPONSE_URL_FAULTS },
    );
    // Every approver's click on every request at the same moment; then each reason form that
    // opened is filled in and sent, all at once.
    const clicks: Click[] = await Promise.all(
      requested.flatMap((rollback, i) =>
        (BURSTS[i % BURSTS.length] ?? []).map(async ({ user, decision }) => {
          const action = decision === 'approve' ? ROLLBACK_APPROVE_ACTION : ROLLBACK_DENY_ACTION;
          const { responseId, result, trigger } = await clickIn(t, rollback.parent, action, { user });
          expect(result.status).toBe(200);
          return { rollback, user, decision, responseId, trigger };
        }),
      ),
    );
    await slackQuiet(t.slack, QUIET_MS, 60_000);
    await Promise.all(
      clicks.map((click, n) => submitIfOpened(t, click, `Customer found the right login (${n})`)),
    );
    await slackQuiet(t.slack, QUIET_MS, 60_000);
    t.slack.injectFaults();
    // The mix did hit the rollbacks' posts with answers that came too late.
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.fault?.late).length).toBeGreaterThan(0);

    const run: Run = {
      slack: new SlackCallIndex(t.slack.calls),
      log: t.logger.lines,
      audit: await t.store.auditTrail(),
      clicks,
      rollbacks: await Promise.all(
        requested.map(async (r) => (await t.store.getRollback(r.rollbackId)) as Rollback),
      ),
    };
    for (const r of run.rollbacks) {
      await expectDecidedOnce(t, run, r);
      expectMessagesNeverDoubled(run, r);
    }
    for (const user of [APPROVER_1, APPROVER_2]) expectOneOutcomePerClick(run, user);

    // Slack well again: the requester runs the command again and gets the missing notes and checklists, once.
    for (const r of run.rollbacks.filter((r) => r.state === 'approved' && !r.messages.checklist)) {
      const again = await t.command(`rollback ${r.accountId} UK still broken --since 2026-11-27T16:00Z`, {
        user: REQUESTER,
      });
      expect(replyText(again)).toContain('already has an open rollback');
    }
    const after = new SlackCallIndex(t.slack.calls);
    for (const r of run.rollbacks.filter((r) => r.state === 'approved')) {
      const checklists = SlackCallIndex.get(after.threadPosts, r.messages.parent?.ts).filter(
        (c) => tookEffect(c) && String(c.body.text).startsWith('Recovery checklist'),
      );
      const notes = SlackCallIndex.get(after.threadPosts, r.messages.parent?.ts).filter(
        (c) => tookEffect(c) && /your rollback for .* was approved/.test(String(c.body.text)),
      );
      expect(notes.length, `${r.id}: one note in the thread`).toBe(1);
      const stored = (await t.store.getRollback(r.id))?.messages.checklist?.ts;
      expect(stored, `${r.id}: checklist on record`).toBeDefined();
      expect(
        checklists.map((c) => (c.reply as { ts: string }).ts),
        r.id,
      ).toEqual([stored]);
    }
  });
});

/** The app (Bolt retrying Slack calls as in production), with a rollback requested on each account. */
async function startWithRequests(): Promise<{ t: TestApp; requested: Requested[] }> {
  const clock = new TestClock('2026-11-28T12:00:00Z');
  const t = await TestApp.start({
    clock,
    slackTimeoutMs: SLACK_TIMEOUT_MS,
    productionRetries: true,
    config: {
      timeZone: 'Europe/London',
      approvers: [APPROVER_1, APPROVER_2],
      rollbacks: { ttlHours: 24, channel: ROLLBACK_CHANNEL },
    },
  });
  running = t;
  const batch = bulkBatch(ROLLBACKS);
  await t.store.importBatch(batch, { id: 'import', at: clock.now() });
  const requested: Requested[] = [];
  for (const account of batch.accounts) {
    const uk = batch.channels.find((c) => c.accountId === account.id && c.marketplace === 'UK');
    await t.store.recordReauthorization(
      { accountId: account.id, region: 'EU', sellerId: uk?.sellerId as string },
      { id: REQUESTER, at: new Date(clock.now().getTime() - 20 * HOUR) },
    );
    requested.push(
      await requestRollback(
        t,
        `rollback ${account.id} UK authorized the wrong account --since 2026-11-27T16:00Z`,
      ),
    );
  }
  return { t, requested };
}

/** Sends the reason form a Deny click opened, if Slack opened it. */
async function submitIfOpened(t: TestApp, click: Click, reason: string): Promise<void> {
  const opened = t.slack.callsTo('views.open').find((v) => v.body.trigger_id === click.trigger);
  if (!opened || !tookEffect(opened)) return;
  click.denyReason = reason;
  const sent = await submitView(t, opened.body.view as OpenedView, { deny_reason: reason }, click);
  expect(sent.status).toBe(200);
}

interface Run {
  slack: SlackCallIndex;
  log: readonly string[];
  audit: AuditEntry[];
  clicks: Click[];
  rollbacks: Rollback[];
}

function announceFailed(run: Run, r: Rollback): boolean {
  const line = `Rollback ${r.id} is ${r.state}, but updating Slack failed`;
  return run.log.some((l) => l.startsWith('ERROR') && l.includes(line));
}

/** Decided once, by someone who clicked that way (Approve decides before Slack is asked anything). */
async function expectDecidedOnce(t: TestApp, run: Run, r: Rollback): Promise<void> {
  const mine = run.clicks.filter((c) => c.rollback.rollbackId === r.id);
  const decisions = run.audit.filter(
    (e) => e.target === `rollback:${r.id}` && /^rollback\.(approved|denied)$/.test(e.action),
  );
  const mayDecide = mine.some((c) => c.decision === 'approve' || c.denyReason);
  expect(decisions, r.id).toHaveLength(mayDecide ? 1 : 0);
  expect(r.state, r.id).toBe(mayDecide ? decisions[0]?.action.replace('rollback.', '') : 'requested');
  if (r.state === 'approved') {
    expect(
      mine.some((c) => c.decision === 'approve' && c.user === r.decision?.by),
      r.id,
    ).toBe(true);
  }
  if (r.state === 'denied') {
    const by = mine.filter((c) => c.user === r.decision?.by && c.denyReason === r.decision?.reason);
    expect(by, r.id).toHaveLength(1);
  }
  const channels = (await t.store.channelsOfAccount(r.accountId)).filter((c) => r.channelIds.includes(c.id));
  const expected = r.state === 'approved' ? 'MWS' : 'MWS/SP-API';
  expect(
    channels.map((c) => c.authorization),
    r.id,
  ).toEqual(channels.map(() => expected));
}

/** Its messages as Slack holds them: never doubled; all there unless the decider was told they are not. */
function expectMessagesNeverDoubled(run: Run, r: Rollback): void {
  const { slack } = run;
  const parent = r.messages.parent;
  const updated = SlackCallIndex.get(slack.updates, `${parent?.channel} ${parent?.ts}`).filter(tookEffect);
  const thread = SlackCallIndex.get(slack.threadPosts, parent?.ts).filter(tookEffect);
  const notes = thread.filter((c) => /your rollback for .* was (approved|denied)/.test(String(c.body.text)));
  const checklists = thread.filter((c) => String(c.body.text).startsWith('Recovery checklist'));
  expect(updated.length, `${r.id}: request updated`).toBeLessThanOrEqual(1);
  expect(notes.length, `${r.id}: notes in the thread`).toBeLessThanOrEqual(1);
  expect(checklists.length, `${r.id}: checklists`).toBeLessThanOrEqual(1);
  if (r.state === 'requested') {
    expect([...updated, ...thread], r.id).toEqual([]);
  } else if (!announceFailed(run, r)) {
    const all = [1, 1, r.state === 'approved' ? 1 : 0];
    expect([updated.length, notes.length, checklists.length], r.id).toEqual(all);
  } else {
    // The decider is told (or, when Slack takes no message by any route, the log says so).
    const decider = r.decision?.by as string;
    const said = `Rollback \`${r.id}\` is recorded as ${r.state}, but updating its Slack messages failed`;
    const told = delivered(slack, decider).filter((c) => replyText(c).includes(said));
    expect(told.length + undeliverable(run.log, decider), `${r.id}: decider told`).toBeGreaterThan(0);
  }
}

/**
 * Every acked click and sent form led to exactly one thing: the decision, the reason form, or one
 * private answer (by the response URL, else chat.postEphemeral; in the thread for a form), or,
 * when Slack took none of those, a line in the log. And nobody is told a recorded decision failed.
 */
function expectOneOutcomePerClick(run: Run, user: string): void {
  const { slack } = run;
  const theirs = run.clicks.filter((c) => c.user === user);
  const sent = theirs.length + theirs.filter((c) => c.denyReason).length;
  const silentWins = run.rollbacks.filter((r) => r.decision?.by === user && !announceFailed(run, r));
  const answers = theirs.flatMap((c) => SlackCallIndex.get(slack.responses, c.responseId).filter(tookEffect));
  const formsOpened = theirs.filter((c) => SlackCallIndex.get(slack.formsOpened, c.trigger).some(tookEffect));
  const ephemerals = SlackCallIndex.get(slack.ephemerals, user).filter(tookEffect);
  expect(
    answers.length +
      formsOpened.length +
      ephemerals.length +
      silentWins.length +
      undeliverable(run.log, user),
    `${user}: outcomes of ${sent} clicks and forms`,
  ).toBe(sent);
  for (const message of [...answers, ...ephemerals]) {
    expect(replyText(message)).not.toMatch(/Approving the rollback failed/);
  }
}

/** What Slack delivered privately: every response URL answer, and the ephemeral messages to `user`. */
function delivered(slack: SlackCallIndex, user: string): RecordedCall[] {
  const responses = [...slack.responses.values()].flat().filter(tookEffect);
  return [...responses, ...SlackCallIndex.get(slack.ephemerals, user).filter(tookEffect)];
}

/** Log lines saying an answer to `user` reached Slack by no route. */
function undeliverable(log: readonly string[], user: string): number {
  const line = new RegExp(`^ERROR (Reply to|Could not tell) ${user}\\b`);
  return log.filter((l) => line.test(l)).length;
}

import { afterEach, describe, expect, it } from 'vitest';
import { ROLLBACK_MESSAGE_EVENT } from '../../src/domain/rollbackDelivery.js';
import type { FakeReply, RecordedCall } from '../support/fakeSlack.js';
import { TestApp } from '../support/harness.js';
import { clickIn } from '../support/interactions.js';
import {
  APPROVER_1,
  HOUR,
  REQUESTER,
  ROLLBACK_CHANNEL,
  replyText,
  requestRollback,
} from '../support/rollbackSetup.js';
import { sampleBatch } from '../support/sampleData.js';
import { TestClock } from '../support/testClock.js';

/*
 * Slack posting a rollback's message but its answer never reaching the bot must not double it: the
 * bot looks for the message by its metadata before posting again, and when it cannot look, it posts
 * nothing and says so.
 */

/** How long the app waits for Slack here; the faults below answer well after that. */
const TIMEOUT_MS = 400;
/** Slack posts the message, but answers only after the bot gave up waiting. */
const LATE: FakeReply = { late: true, delayMs: TIMEOUT_MS * 3 };
/** Slack does not post it, and answers only after the bot gave up waiting. */
const NO_ANSWER: FakeReply = { status: 504, delayMs: TIMEOUT_MS * 3, body: 'gateway_timeout' };
const LOOKUP_FAILS: FakeReply = { status: 500, body: 'internal_error' };

const running: TestApp[] = [];
afterEach(async () => {
  for (const t of running.splice(0)) await t.stop();
});

/** The app as in production (Bolt retrying failed calls twice), acme-outdoor's EU unit reauthorized. */
async function startBot(): Promise<TestApp> {
  const clock = new TestClock('2026-11-28T12:00:00Z');
  const t = await TestApp.start({
    clock,
    slackTimeoutMs: TIMEOUT_MS,
    productionRetries: true,
    config: {
      timeZone: 'Europe/London',
      approvers: [APPROVER_1],
      rollbacks: { ttlHours: 24, channel: ROLLBACK_CHANNEL },
    },
  });
  running.push(t);
  await t.store.importBatch(sampleBatch(), { id: 'import', at: clock.now() });
  await t.store.recordReauthorization(
    { accountId: 'acme-outdoor', region: 'EU', sellerId: 'A1ACMEEU00001X' },
    { id: REQUESTER, at: new Date(clock.now().getTime() - 20 * HOUR) },
  );
  return t;
}

/** The nth chat.postMessage call from now (1-based) gets `reply`; the others are answered as usual. */
function failNthPost(t: TestApp, nth: number, reply: FakeReply): void {
  let n = 0;
  t.slack.failNext('chat.postMessage', () => (++n === nth ? reply : undefined), nth);
}

type Kind = 'request' | 'note' | 'checklist';

/** The posts Slack holds (answered ok, in time or not) carrying this rollback message's metadata. */
function held(t: TestApp, rollbackId: string, kind: Kind): RecordedCall[] {
  return t.slack.callsTo('chat.postMessage').filter((c) => {
    const metadata = c.body.metadata as
      | { event_type?: string; event_payload?: { rollback?: string; message?: string } }
      | undefined;
    return (
      (c.reply as { ok?: boolean } | undefined)?.ok === true &&
      metadata?.event_type === ROLLBACK_MESSAGE_EVENT &&
      metadata.event_payload?.rollback === rollbackId &&
      metadata.event_payload?.message === kind
    );
  });
}

const tsOf = (c: RecordedCall | undefined) => (c?.reply as { ts?: string } | undefined)?.ts;

/** Long enough for any late answer to arrive and anything it might set off to happen. */
const settle = () => new Promise((r) => setTimeout(r, TIMEOUT_MS * 5));

/** Until the checklist is on record (the last step of an approval), then until all is quiet. */
async function approved(t: TestApp, rollbackId: string): Promise<void> {
  for (let waited = 0; !(await t.store.getRollback(rollbackId))?.messages.checklist; waited += 50) {
    if (waited > 10_000) throw new Error(`No checklist on record for ${rollbackId}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await settle();
}

/** Clicks Approve as the approver. */
async function approve(t: TestApp, parent: Parameters<typeof clickIn>[1]) {
  return clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 });
}

describe('a rollback message Slack posted but answered too late', () => {
  it('the request: found in the channel, recorded, and not posted again', async () => {
    const t = await startBot();
    failNthPost(t, 1, LATE);
    const { reply, rollbackId, parent } = await requestRollback(t);
    await settle();

    const requests = held(t, rollbackId, 'request');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body.channel).toBe(ROLLBACK_CHANNEL);
    expect((await t.store.getRollback(rollbackId))?.messages.parent).toEqual({
      channel: ROLLBACK_CHANNEL,
      ts: tsOf(requests[0]),
    });
    expect(parent.ts).toBe(tsOf(requests[0]));
    expect(t.slack.callsTo('conversations.history')).toHaveLength(1);
    expect(replyText(reply)).toMatch(/Rollback `rb-[0-9a-f]+` requested/);
  });

  it('the note in the thread: posted once, and the checklist after it', async () => {
    const t = await startBot();
    const { parent, rollbackId } = await requestRollback(t);
    failNthPost(t, 1, LATE);
    await approve(t, parent);
    await approved(t, rollbackId);

    expect(held(t, rollbackId, 'note')).toHaveLength(1);
    expect(held(t, rollbackId, 'checklist')).toHaveLength(1);
    expect(t.slack.callsTo('conversations.replies')).toHaveLength(1);
    expect((await t.store.getRollback(rollbackId))?.messages.checklist?.ts).toBe(
      tsOf(held(t, rollbackId, 'checklist')[0]),
    );
  });

  it('the checklist: posted once, and the one Slack holds is recorded', async () => {
    const t = await startBot();
    const { parent, rollbackId } = await requestRollback(t);
    failNthPost(t, 2, LATE);
    await approve(t, parent);
    await approved(t, rollbackId);

    expect(held(t, rollbackId, 'note')).toHaveLength(1);
    const checklists = held(t, rollbackId, 'checklist');
    expect(checklists).toHaveLength(1);
    expect((await t.store.getRollback(rollbackId))?.messages.checklist?.ts).toBe(tsOf(checklists[0]));

    // Asking again finds it on record: nothing posted.
    const again = await t.command('rollback acme-outdoor UK still wrong --since 2026-11-27T16:00Z', {
      user: REQUESTER,
    });
    expect(replyText(again)).toContain('already has an open rollback');
    expect(held(t, rollbackId, 'checklist')).toHaveLength(1);
  });
});

describe('a rollback message Slack did not post and did not answer for', () => {
  it('is looked for, not found, and posted again, once', async () => {
    const t = await startBot();
    const { parent, rollbackId } = await requestRollback(t);
    failNthPost(t, 1, NO_ANSWER);
    await approve(t, parent);
    await approved(t, rollbackId);

    const notePosts = t.slack
      .callsTo('chat.postMessage')
      .filter(
        (c) =>
          (c.body.metadata as { event_payload?: { message?: string } })?.event_payload?.message === 'note',
      );
    expect(notePosts).toHaveLength(2);
    expect(held(t, rollbackId, 'note')).toHaveLength(1);
    expect(held(t, rollbackId, 'checklist')).toHaveLength(1);
  });
});

describe('a rollback message whose lookup fails too', () => {
  it('is not posted again, and the approver is told and the failure logged', async () => {
    const t = await startBot();
    const { parent, rollbackId } = await requestRollback(t);
    failNthPost(t, 1, LATE);
    t.slack.failNext('conversations.replies', LOOKUP_FAILS, 3);
    const click = await approve(t, parent);
    const answer = await t.slack.waitForResponse(click.responseId, 1, 10_000);
    await settle();

    expect(replyText(answer)).toContain(`Rollback \`${rollbackId}\` is recorded as approved`);
    expect(replyText(answer)).toContain('Slack did not answer whether it posted the note in its thread');
    expect(replyText(answer)).toContain('it was not posted again');
    expect(held(t, rollbackId, 'note')).toHaveLength(1);
    expect(held(t, rollbackId, 'checklist')).toHaveLength(0);
    expect(
      t.logger.lines.some(
        (l) => l.startsWith('ERROR') && l.includes(`Rollback ${rollbackId}: Slack did not answer`),
      ),
    ).toBe(true);
    expect((await t.store.getRollback(rollbackId))?.state).toBe('approved');
  });

  it('for the request: nothing posted again, and the requester told', async () => {
    const t = await startBot();
    failNthPost(t, 1, LATE);
    t.slack.failNext('conversations.history', LOOKUP_FAILS, 3);
    const reply = await t.command(
      'rollback acme-outdoor UK authorized the wrong account --since 2026-11-27T16:00Z',
      {
        user: REQUESTER,
        channel: 'CSUPPORT',
      },
    );
    await settle();

    expect(replyText(reply)).toContain('posting it for the approvers failed');
    expect(replyText(reply)).toContain('Slack did not answer whether it posted the rollback request');
    const requests = t.slack.callsTo('chat.postMessage').filter((c) => c.body.channel === ROLLBACK_CHANNEL);
    expect(requests).toHaveLength(1);
  });
});

describe('asking again after an announcement Slack may have half-made', () => {
  it('a checklist Slack posted but the bot could not confirm: found in the thread and recorded, not posted again', async () => {
    const t = await startBot();
    const { parent, rollbackId } = await requestRollback(t);
    failNthPost(t, 2, LATE);
    t.slack.failNext('conversations.replies', LOOKUP_FAILS);
    const click = await approve(t, parent);
    await t.slack.waitForResponse(click.responseId, 1, 10_000);
    await settle();
    expect(held(t, rollbackId, 'checklist')).toHaveLength(1);
    expect((await t.store.getRollback(rollbackId))?.messages.checklist).toBeUndefined();

    const again = await t.command('rollback acme-outdoor UK still wrong --since 2026-11-27T16:00Z', {
      user: REQUESTER,
    });
    expect(replyText(again)).toContain('already has an open rollback');
    expect(held(t, rollbackId, 'note')).toHaveLength(1);
    const checklists = held(t, rollbackId, 'checklist');
    expect(checklists).toHaveLength(1);
    expect((await t.store.getRollback(rollbackId))?.messages.checklist?.ts).toBe(tsOf(checklists[0]));
  });

  it('a note Slack refused: posted by the next asking, once, with the checklist', async () => {
    const t = await startBot();
    const { parent, rollbackId } = await requestRollback(t);
    failNthPost(t, 1, { body: { ok: false, error: 'invalid_auth' } });
    const click = await approve(t, parent);
    await t.slack.waitForResponse(click.responseId, 1, 10_000);
    await settle();
    expect(held(t, rollbackId, 'note')).toHaveLength(0);

    await t.command('rollback acme-outdoor UK still wrong --since 2026-11-27T16:00Z', { user: REQUESTER });
    expect(held(t, rollbackId, 'note')).toHaveLength(1);
    expect(held(t, rollbackId, 'checklist')).toHaveLength(1);
    await t.command('rollback acme-outdoor UK still wrong --since 2026-11-27T16:00Z', { user: REQUESTER });
    expect(held(t, rollbackId, 'note')).toHaveLength(1);
    expect(held(t, rollbackId, 'checklist')).toHaveLength(1);
  });

  it('a request Slack may have posted, asked for again while Slack cannot be searched: not posted, and the asker told', async () => {
    const t = await startBot();
    failNthPost(t, 1, LATE);
    t.slack.failNext('conversations.history', LOOKUP_FAILS, 6);
    await t.command('rollback acme-outdoor UK authorized the wrong account --since 2026-11-27T16:00Z', {
      user: REQUESTER,
    });
    await settle();
    const again = await t.command(
      'rollback acme-outdoor UK authorized the wrong account --since 2026-11-27T16:00Z',
      {
        user: REQUESTER,
      },
    );
    expect(replyText(again)).toContain('Could not check whether the rollback request is already in Slack');
    const requests = t.slack.callsTo('chat.postMessage').filter((c) => c.body.channel === ROLLBACK_CHANNEL);
    expect(requests).toHaveLength(1);
  });

  it('asked again while the approval is still being announced: the note and the checklist once each', async () => {
    const t = await startBot();
    const { parent, rollbackId } = await requestRollback(t);
    // Slack is slow (but in time) to update the request, so the note is not posted yet.
    t.slack.failNext('chat.update', { late: true, delayMs: TIMEOUT_MS / 2 });
    await approve(t, parent);
    await t.slack.waitFor((c) => c.method === 'chat.update');
    await t.command('rollback acme-outdoor UK still wrong --since 2026-11-27T16:00Z', { user: REQUESTER });
    await approved(t, rollbackId);

    expect(held(t, rollbackId, 'note')).toHaveLength(1);
    expect(held(t, rollbackId, 'checklist')).toHaveLength(1);
    expect((await t.store.getRollback(rollbackId))?.messages.note?.ts).toBe(
      tsOf(held(t, rollbackId, 'note')[0]),
    );
  });
});

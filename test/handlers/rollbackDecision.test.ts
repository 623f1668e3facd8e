import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { clickIn, openedView, submitView } from '../support/interactions.js';
import {
  APPROVER_1,
  APPROVER_2,
  HOUR,
  OUTSIDER,
  REQUESTER,
  replyText,
  requestRollback,
  startRollbackApp,
} from '../support/rollbackSetup.js';
import {
  buttons,
  dateToken,
  messageAt,
  shownText,
  waitForPost,
  waitForUpdate,
} from '../support/slackMessages.js';

describe('deciding a rollback', () => {
  let t: TestApp;
  afterEach(() => t.stop());

  const euChannels = async () =>
    (await t.store.channelsOfAccount('acme-outdoor'))
      .filter((c) => c.sellerId === 'A1ACMEEU00001X')
      .map((c) => c.authorization);
  const decisions = async () =>
    (await t.store.auditTrail('acme-outdoor')).filter((e) => /^rollback\.(approved|denied)$/.test(e.action));

  it('denial asks for a reason, records it, updates the request and tells the requester', async () => {
    t = await startRollbackApp();
    const { parent, rollbackId } = await requestRollback(t);

    const click = await clickIn(t, parent, 'rollback_deny', { user: APPROVER_2 });
    const modal = await openedView(t, click.trigger);
    expect(modal.callback_id).toBe('rollback_deny_reason');

    const empty = await submitView(t, modal, { deny_reason: '   ' }, { user: APPROVER_2 });
    expect(empty.ack).toMatchObject({
      response_action: 'errors',
      errors: { deny_reason: expect.any(String) },
    });
    expect((await t.store.getRollback(rollbackId))?.state).toBe('requested');

    const submitted = await submitView(
      t,
      modal,
      { deny_reason: 'Customer found the right login <!here>' },
      {
        user: APPROVER_2,
      },
    );
    expect(submitted.status).toBe(200);
    const updated = await waitForUpdate(t.slack, parent, (m) => m.text.includes('denied'), 'the denial');
    expect(buttons(updated)).toEqual([]);
    expect(shownText(updated)).toContain(
      `*Denied* by <@${APPROVER_2}> at ${dateToken('2026-11-28T12:00:00Z', 'Sat 28 Nov 2026 12:00 Europe/London')}`,
    );
    expect(shownText(updated)).toContain('Customer found the right login &lt;!here&gt;');

    const note = await waitForPost(t.slack, (m) => m.threadTs === parent.ts, 'the thread note');
    expect(note.text).toContain(
      `<@${REQUESTER}> your rollback for Acme Outdoor was denied by <@${APPROVER_2}>`,
    );
    expect(note.text).toContain('Customer found the right login');
    expect(await euChannels()).toEqual(['MWS/SP-API', 'MWS/SP-API', 'MWS/SP-API']);
    expect(await t.store.getRollback(rollbackId)).toMatchObject({
      state: 'denied',
      decision: { by: APPROVER_2, reason: 'Customer found the right login <!here>' },
    });
  });

  it('refuses self-approval, even by an approver, and changes nothing', async () => {
    t = await startRollbackApp();
    const { parent, rollbackId } = await requestRollback(t, undefined, APPROVER_1);

    const click = await clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 });
    const answer = await t.slack.waitForResponse(click.responseId);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(replyText(answer)).toContain("You can't decide this rollback: you asked for this rollback");
    expect((await t.store.getRollback(rollbackId))?.state).toBe('requested');
    expect(t.slack.callsTo('chat.update')).toHaveLength(0);
    expect(await euChannels()).toEqual(['MWS/SP-API', 'MWS/SP-API', 'MWS/SP-API']);
  });

  it('refuses someone who is not an approver, for Approve and for Deny, and changes nothing', async () => {
    t = await startRollbackApp();
    const { parent, rollbackId } = await requestRollback(t);

    const approve = await clickIn(t, parent, 'rollback_approve', { user: OUTSIDER });
    expect(replyText(await t.slack.waitForResponse(approve.responseId))).toContain(
      `only the rollback approvers can decide. Approvers: <@${APPROVER_1}>, <@${APPROVER_2}>`,
    );
    const deny = await clickIn(t, parent, 'rollback_deny', { user: OUTSIDER });
    expect(replyText(await t.slack.waitForResponse(deny.responseId))).toContain("You can't decide");
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
    expect((await t.store.getRollback(rollbackId))?.state).toBe('requested');
    expect(await decisions()).toEqual([]);
  });

  it('a double click decides once; the second click hears who decided and when', async () => {
    t = await startRollbackApp();
    const { parent } = await requestRollback(t);

    const first = await clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 });
    await waitForUpdate(t.slack, parent, (m) => m.text.includes('approved'));
    t.clock.advance(60_000);
    const second = await clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 });
    expect(replyText(await t.slack.waitForResponse(second.responseId))).toContain(
      `already approved by <@${APPROVER_1}> at ${dateToken('2026-11-28T12:00:00Z', 'Sat 28 Nov 2026 12:00 Europe/London')}`,
    );
    expect(t.slack.responses(first.responseId)).toEqual([]);
    expect(await decisions()).toHaveLength(1);
    expect(
      t.slack
        .callsTo('chat.update')
        .filter((c) => c.body.ts === parent.ts && String(c.body.text).includes('approved')),
    ).toHaveLength(1);
  });

  it('two approvers approving at once: one decision, one thread note, one checklist', async () => {
    t = await startRollbackApp();
    const { parent, rollbackId } = await requestRollback(t);

    const clicks = await Promise.all([
      clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 }),
      clickIn(t, parent, 'rollback_approve', { user: APPROVER_2 }),
    ]);
    const loserAnswer = await Promise.race(clicks.map((c) => t.slack.waitForResponse(c.responseId)));
    await waitForPost(t.slack, (m) => m.threadTs === parent.ts && m.text.startsWith('Recovery checklist'));
    const winner = (await t.store.getRollback(rollbackId))?.decision?.by;
    expect([APPROVER_1, APPROVER_2]).toContain(winner);
    expect(replyText(loserAnswer)).toContain(`already approved by <@${winner}>`);
    expect(await decisions()).toHaveLength(1);
    const threadPosts = t.slack.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === parent.ts);
    expect(threadPosts).toHaveLength(2);
  });

  it('expires an undecided request after the TTL: the message says Expired and late clicks change nothing', async () => {
    t = await startRollbackApp({
      config: {
        approvers: [APPROVER_1, APPROVER_2],
        rollbacks: {
          ttlHours: 24,
          channel: 'CROLLBACKS',
          sweepIntervalMs: 20,
        },
      },
    });
    const { parent, rollbackId } = await requestRollback(t);
    t.clock.advance(23 * HOUR);
    await new Promise((r) => setTimeout(r, 60));
    expect((await t.store.getRollback(rollbackId))?.state).toBe('requested');

    t.clock.advance(HOUR);
    const expired = await waitForUpdate(
      t.slack,
      parent,
      (m) => m.text.startsWith('Rollback expired'),
      'expiry',
    );
    expect(shownText(expired)).toContain(
      `*Expired* at ${dateToken('2026-11-29T12:00:00Z', 'Sun 29 Nov 2026 12:00 Europe/London')}`,
    );
    expect(buttons(expired)).toEqual([]);
    await waitForPost(t.slack, (m) => m.threadTs === parent.ts && m.text.includes('expired'));

    const late = await clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 });
    expect(replyText(await t.slack.waitForResponse(late.responseId))).toContain(
      `expired at ${dateToken('2026-11-29T12:00:00Z', 'Sun 29 Nov 2026 12:00 Europe/London')}`,
    );
    expect((await t.store.getRollback(rollbackId))?.state).toBe('expired');
    expect(await decisions()).toEqual([]);
    expect(await euChannels()).toEqual(['MWS/SP-API', 'MWS/SP-API', 'MWS/SP-API']);
  });

  it('a click past the TTL, before any sweep, is refused and expires the request', async () => {
    t = await startRollbackApp();
    const { parent, rollbackId } = await requestRollback(t);
    t.clock.advance(25 * HOUR);
    const late = await clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 });
    expect(replyText(await t.slack.waitForResponse(late.responseId))).toContain('can no longer be decided');
    await waitForUpdate(t.slack, parent, (m) => m.text.startsWith('Rollback expired'));
    expect((await t.store.getRollback(rollbackId))?.state).toBe('expired');
  });

  it('a tampered button value changes nothing: the click must come from that rollback’s own message', async () => {
    t = await startRollbackApp();
    const eu = await requestRollback(t);
    const na = await requestRollback(
      t,
      'rollback acme-outdoor US connector lost Amazon --since 2026-11-28T08:00',
    );

    // Approve on the European request's message, claiming to be the North American one.
    const forged = await clickIn(t, eu.parent, 'rollback_approve', {
      user: APPROVER_1,
      value: na.rollbackId,
    });
    expect(replyText(await t.slack.waitForResponse(forged.responseId))).toContain(
      'does not belong to a rollback',
    );
    const made = await clickIn(t, eu.parent, 'rollback_approve', { user: APPROVER_1, value: 'rb-00000000' });
    expect(replyText(await t.slack.waitForResponse(made.responseId))).toContain(
      'does not belong to a rollback',
    );
    const forgedDeny = await clickIn(t, eu.parent, 'rollback_deny', {
      user: APPROVER_1,
      value: na.rollbackId,
    });
    await t.slack.waitForResponse(forgedDeny.responseId);

    expect((await t.store.getRollback(eu.rollbackId))?.state).toBe('requested');
    expect((await t.store.getRollback(na.rollbackId))?.state).toBe('requested');
    expect(t.slack.callsTo('chat.update')).toHaveLength(0);
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
    expect(await decisions()).toEqual([]);
    expect(messageAt(t.slack, eu.parent).blocks).toEqual(eu.parent.blocks);
  });
});

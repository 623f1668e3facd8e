import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { clickIn } from '../support/interactions.js';
import {
  APPROVER_1,
  REQUESTER,
  ROLLBACK_CHANNEL,
  replyText,
  requestRollback,
  startRollbackApp,
} from '../support/rollbackSetup.js';

/** Slack takes its time over the next matching post (but posts it): the window another request falls in. */
const SLOW_POST_MS = 400;

describe('a rollback asked for again while its messages are being posted', () => {
  let t: TestApp;
  afterEach(() => t.stop());

  it('while the request is being posted: posted once, and the second asker is told it is open', async () => {
    t = await startRollbackApp();
    t.slack.failNext('chat.postMessage', { late: true, delayMs: SLOW_POST_MS });
    const first = t.command('rollback acme-outdoor UK wrong account --since 2026-11-27T16:00Z', {
      user: REQUESTER,
    });
    await t.slack.waitFor((c) => c.method === 'chat.postMessage');

    const second = await t.command('rollback acme-outdoor DE wrong account again --since 2026-11-27T16:00Z', {
      user: 'UAGENT2',
    });
    expect(replyText(second)).toContain('already has an open rollback');
    expect(replyText(await first)).toMatch(/Rollback `rb-[0-9a-f]+` requested/);

    const requests = t.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.body.channel === ROLLBACK_CHANNEL && !c.body.thread_ts);
    expect(requests).toHaveLength(1);
    const [rollback] = await t.store.rollbacksOfAccount('acme-outdoor');
    expect(rollback?.messages.parent?.ts).toBe((requests[0]?.reply as { ts?: string } | undefined)?.ts);
  });

  it('while the approval posts its checklist: one checklist in the thread', async () => {
    t = await startRollbackApp();
    const { parent, rollbackId } = await requestRollback(t);
    t.slack.failNext(
      'chat.postMessage',
      (call) =>
        String(call.body.text).startsWith('Recovery checklist')
          ? { late: true, delayMs: SLOW_POST_MS }
          : undefined,
      2, // the note in the thread, then the checklist
    );
    await clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 });
    await t.slack.waitFor(
      (c) => c.method === 'chat.postMessage' && String(c.body.text).startsWith('Recovery'),
    );

    const again = await t.command('rollback acme-outdoor UK still broken --since 2026-11-27T16:00Z', {
      user: REQUESTER,
    });
    expect(replyText(again)).toContain('already has an open rollback');
    await new Promise((r) => setTimeout(r, SLOW_POST_MS + 100));

    const checklists = t.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.body.thread_ts === parent.ts && String(c.body.text).startsWith('Recovery checklist'));
    expect(checklists).toHaveLength(1);
    expect((await t.store.getRollback(rollbackId))?.messages.checklist?.ts).toBe(
      (checklists[0]?.reply as { ts?: string } | undefined)?.ts,
    );
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { clickIn } from '../support/interactions.js';
import {
  APPROVER_1,
  HOUR,
  OUTSIDER,
  REQUESTER,
  replyText,
  requestRollback,
  startRollbackApp,
} from '../support/rollbackSetup.js';
import {
  buttons,
  messageAt,
  type ShownMessage,
  shownText,
  waitForPost,
  waitForUpdate,
} from '../support/slackMessages.js';

describe('an approved rollback and its recovery checklist', () => {
  let t: TestApp;
  afterEach(() => t.stop());

  async function approve(parent: ShownMessage): Promise<ShownMessage> {
    await clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 });
    return waitForPost(t.slack, (m) => m.threadTs === parent.ts && m.text.startsWith('Recovery checklist'));
  }

  it('request, approve, tick every item, complete', async () => {
    t = await startRollbackApp({ reauthorizedHoursAgo: 20 });
    const { parent, rollbackId } = await requestRollback(t);
    t.clock.advance(HOUR);

    let checklist = await approve(parent);

    // The request shows the decision, without buttons.
    const decided = messageAt(t.slack, parent);
    expect(buttons(decided)).toEqual([]);
    expect(shownText(decided)).toContain(
      `*Approved* by <@${APPROVER_1}> at Sat 28 Nov 2026 13:00 Europe/London`,
    );
    // The requester is told in the thread, before the checklist.
    const threadPosts = t.slack.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === parent.ts);
    expect(String(threadPosts[0]?.body.text)).toContain(
      `<@${REQUESTER}> your rollback for Acme Outdoor was approved by <@${APPROVER_1}>`,
    );
    expect(String(threadPosts[0]?.body.text)).toContain('If orders flow again by');
    // The unit's channels show MWS again, and status says so.
    const status = await t.command('status acme-outdoor');
    expect(replyText(status)).toContain('UK `MWS`');
    expect(replyText(status)).toContain('US `MWS/SP-API`');

    // One item per Seller ID, two per channel, then missed orders, inventory, ready to retry.
    const items = buttons(checklist).filter((b) => b.action_id === 'rollback_checklist_item');
    // Every Seller ID of the customer, the rolled-back one first (the help page: "for all Amazon accounts you connect").
    expect(items.map((b) => b.value.split('|')[1])).toEqual([
      'app-active:A1ACMEEU00001X',
      'app-active:A2ACMENA00001X',
      'merchant-token:ch-acme-uk',
      'merchant-token:ch-acme-de',
      'merchant-token:ch-acme-fr',
      'merchant-token:seller:A2ACMENA00001X',
      'mws-token:ch-acme-uk',
      'mws-token:ch-acme-de',
      'mws-token:ch-acme-fr',
      'mws-token:seller:A2ACMENA00001X',
      'missed-orders',
      'inventory-sync',
      'ready-to-retry',
    ]);
    expect(shownText(checklist)).toContain('Bulk Inventory sync from Channels > Amazon > Settings');
    expect(shownText(checklist)).toContain('*Seller ID `A2ACMENA00001X`: app active.* In Seller Central');
    expect(shownText(checklist)).toContain(
      '*Seller ID `A2ACMENA00001X` (US and CA), each channel: Merchant Token.*',
    );
    expect(shownText(checklist)).toContain(
      '*Seller ID `A2ACMENA00001X` (US and CA), each channel: MWS Authorization Token.*',
    );

    // Tick them all, each on the checklist as it is after the previous tick.
    for (let i = 0; i < items.length; i++) {
      t.clock.advance(60_000);
      const remaining = buttons(checklist).filter((b) => b.action_id === 'rollback_checklist_item');
      expect(remaining).toHaveLength(items.length - i);
      await clickIn(t, checklist, 'rollback_checklist_item', { user: REQUESTER });
      checklist = await waitForUpdate(
        t.slack,
        checklist,
        (m) => m.text.includes(`${i + 1} of ${items.length} done`),
        `tick ${i + 1}`,
      );
      expect(shownText(checklist)).toContain(`Done by <@${REQUESTER}>`);
    }
    expect(buttons(checklist).filter((b) => b.action_id === 'rollback_checklist_item')).toEqual([]);

    const done = await waitForPost(
      t.slack,
      (m) => m.threadTs === parent.ts && m.text.includes('is complete'),
    );
    expect(done.text).toContain(`<@${REQUESTER}> <@UMANAGER1>`);
    expect(done.text).toContain('/reauth steps acme-outdoor');
    await waitForUpdate(t.slack, parent, (m) => m.text.startsWith('Rollback completed'));

    const rollback = await t.store.getRollback(rollbackId);
    expect(rollback?.state).toBe('completed');
    expect(rollback?.checklist.every((i) => i.doneBy === REQUESTER)).toBe(true);
    const actions = (await t.store.auditTrail('acme-outdoor')).map((e) => e.action);
    expect(actions.filter((a) => a === 'rollback.checklist.done')).toHaveLength(items.length);
    expect(actions).toContain('rollback.completed');
  });

  it('a ticked item ticked again says who did it; nothing changes', async () => {
    t = await startRollbackApp();
    const { parent, rollbackId } = await requestRollback(t);
    const checklist = await approve(parent);
    await clickIn(t, checklist, 'rollback_checklist_item', { user: REQUESTER });
    await waitForUpdate(t.slack, checklist, (m) => m.text.includes('1 of 13 done'));

    // The same button again, from the message as it was before the update.
    const again = await clickIn(t, checklist, 'rollback_checklist_item', { user: OUTSIDER });
    expect(replyText(await t.slack.waitForResponse(again.responseId))).toContain(
      `already ticked by <@${REQUESTER}>`,
    );
    const items = (await t.store.getRollback(rollbackId))?.checklist ?? [];
    expect(items.filter((i) => i.doneAt)).toHaveLength(1);
  });

  it('a checklist button value pointing elsewhere changes nothing', async () => {
    t = await startRollbackApp();
    const { parent, rollbackId } = await requestRollback(t);
    const checklist = await approve(parent);
    const updates = t.slack.callsTo('chat.update').length;

    // A checklist button, but on the request message rather than the checklist.
    const elsewhere = await clickIn(t, { ...checklist, ts: parent.ts }, 'rollback_checklist_item', {
      user: REQUESTER,
    });
    expect(replyText(await t.slack.waitForResponse(elsewhere.responseId))).toContain('does not belong');
    const garbage = await clickIn(t, checklist, 'rollback_checklist_item', {
      user: REQUESTER,
      value: 'nonsense',
    });
    expect(replyText(await t.slack.waitForResponse(garbage.responseId))).toContain('does not belong');

    const items = (await t.store.getRollback(rollbackId))?.checklist ?? [];
    expect(items.filter((i) => i.doneAt)).toEqual([]);
    expect(t.slack.callsTo('chat.update')).toHaveLength(updates);
  });

  it('an approval Slack could not announce stays recorded, and the same command posts the checklist', async () => {
    t = await startRollbackApp();
    const { parent, rollbackId } = await requestRollback(t);
    t.slack.failNext('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    const click = await clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 });
    expect(replyText(await t.slack.waitForResponse(click.responseId))).toContain(
      `Rollback \`${rollbackId}\` is recorded as approved, but updating its Slack messages failed`,
    );
    expect(t.logger.text()).toContain('channel_not_found');
    expect((await t.store.getRollback(rollbackId))?.messages.checklist).toBeUndefined();

    const again = await t.command('rollback acme-outdoor UK still broken --since 2026-11-27T16:00Z', {
      user: REQUESTER,
    });
    expect(replyText(again)).toContain('already has an open rollback');
    const checklist = await waitForPost(
      t.slack,
      (m) => m.threadTs === parent.ts && m.text.startsWith('Recovery'),
    );
    expect((await t.store.getRollback(rollbackId))?.messages.checklist?.ts).toBe(checklist.ts);
  });
});

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
  type ShownMessage,
  shownText,
  waitForPost,
  waitForUpdate,
} from '../support/slackMessages.js';

const items = (m: ShownMessage) => buttons(m).filter((b) => b.action_id === 'rollback_checklist_item');
const unticks = (m: ShownMessage) => buttons(m).filter((b) => b.action_id === 'rollback_checklist_untick');

describe('unticking a recovery checklist item', () => {
  let t: TestApp;
  afterEach(() => t.stop());

  async function tickedChecklist(): Promise<ShownMessage> {
    t = await startRollbackApp();
    const { parent } = await requestRollback(t);
    t.clock.advance(HOUR);
    await clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 });
    const checklist = await waitForPost(
      t.slack,
      (m) => m.threadTs === parent.ts && m.text.startsWith('Recovery checklist'),
    );
    await clickIn(t, checklist, 'rollback_checklist_item', { user: REQUESTER });
    return waitForUpdate(t.slack, checklist, (m) => m.text.includes('1 of '), 'the tick');
  }

  it('by whoever ticked it: the checklist updates in place, and the audit says who unticked what', async () => {
    const ticked = await tickedChecklist();
    const open = items(ticked).length;
    expect(unticks(ticked)).toHaveLength(1);
    t.clock.advance(60_000);
    await clickIn(t, ticked, 'rollback_checklist_untick', { user: REQUESTER });
    const after = await waitForUpdate(t.slack, ticked, (m) => m.text.includes('0 of '), 'the untick');
    expect(items(after)).toHaveLength(open + 1);
    expect(unticks(after)).toEqual([]);
    expect(shownText(after)).not.toContain('Done by');
    expect((await t.store.auditTrail('acme-outdoor')).at(-1)).toMatchObject({
      actor: REQUESTER,
      action: 'rollback.checklist.undone',
      details: { item: 'app-active:A1ACMEEU00001X', tickedBy: REQUESTER },
    });
    const history = await t.command('history acme-outdoor', { user: REQUESTER });
    expect(replyText(history)).toContain('unticked');
  });

  it('by an approver too; by anyone else it is refused privately and nothing changes', async () => {
    const ticked = await tickedChecklist();
    const updates = t.slack.callsTo('chat.update').length;
    const click = await clickIn(t, ticked, 'rollback_checklist_untick', { user: OUTSIDER });
    const answer = await t.slack.waitForResponse(click.responseId);
    expect(replyText(answer)).toContain(`Only <@${REQUESTER}> (who ticked it at`);
    expect(replyText(answer)).toContain('or an approver can untick that step. Nothing was changed.');
    expect(t.slack.callsTo('chat.update')).toHaveLength(updates);
    expect((await t.store.auditTrail('acme-outdoor')).at(-1)?.action).toBe('rollback.checklist.done');

    await clickIn(t, ticked, 'rollback_checklist_untick', { user: APPROVER_1 });
    await waitForUpdate(t.slack, ticked, (m) => m.text.includes('0 of '), 'the approver untick');
    expect((await t.store.auditTrail('acme-outdoor')).at(-1)).toMatchObject({
      actor: APPROVER_1,
      action: 'rollback.checklist.undone',
    });
  });
});

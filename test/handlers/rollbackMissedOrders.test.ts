import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { clickIn } from '../support/interactions.js';
import { APPROVER_1, HOUR, REQUESTER, requestRollback, startRollbackApp } from '../support/rollbackSetup.js';
import {
  buttons,
  type ShownMessage,
  shownText,
  waitForPost,
  waitForUpdate,
} from '../support/slackMessages.js';

const token = (iso: string, fallback: string) =>
  `<!date^${Date.parse(iso) / 1000}^{date_short_pretty} {time}|${fallback}>`;

describe('the missed-orders window in the rollback thread', () => {
  let t: TestApp;
  afterEach(() => t.stop());

  async function approve(parent: ShownMessage): Promise<{ note: ShownMessage; checklist: ShownMessage }> {
    await clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 });
    const checklist = await waitForPost(
      t.slack,
      (m) => m.threadTs === parent.ts && m.text.startsWith('Recovery'),
    );
    const note = await waitForPost(
      t.slack,
      (m) => m.threadTs === parent.ts && m.text.includes('was approved'),
    );
    return { note, checklist };
  }

  /** Ticks every item, in order, one minute apart; returns the message posted when it completes. */
  async function tickAll(parent: ShownMessage, checklist: ShownMessage): Promise<ShownMessage> {
    let current = checklist;
    const count = buttons(current).filter((b) => b.action_id === 'rollback_checklist_item').length;
    for (let i = 0; i < count; i++) {
      t.clock.advance(60_000);
      await clickIn(t, current, 'rollback_checklist_item', { user: REQUESTER });
      current = await waitForUpdate(t.slack, current, (m) => m.text.includes(`${i + 1} of ${count} done`));
    }
    return waitForPost(t.slack, (m) => m.threadTs === parent.ts && m.text.includes('is complete'));
  }

  it('at approval says what will be true, nothing about Amazon re-sending, and after syncing the window that applies', async () => {
    t = await startRollbackApp();
    const { parent } = await requestRollback(
      t,
      'rollback acme-outdoor UK wrong account --since 2026-11-28T09:00Z',
    );
    t.clock.advance(HOUR);
    const { note, checklist } = await approve(parent);
    const start = `Wrong account authorized: ${token('2026-11-28T09:00:00Z', 'Sat 28 Nov 2026 09:00 Europe/London')} (from \`--since\` given by <@${REQUESTER}>).`;
    const pending =
      `If orders flow again by ${token('2026-11-29T21:00:00Z', 'Sun 29 Nov 2026 21:00 Europe/London')}, none need adding by hand; ` +
      `otherwise the orders placed from ${token('2026-11-28T09:00:00Z', 'Sat 28 Nov 2026 09:00 Europe/London')} until 36 hours before they flow again need adding by hand.`;
    for (const message of [note, checklist]) {
      expect(shownText(message)).toContain(start);
      expect(shownText(message)).toContain(pending);
      expect(shownText(message)).not.toMatch(/Amazon sends|sends the missed|No orders need adding/);
    }
    expect(shownText(checklist)).toContain('*Everything is syncing.*');

    // Orders flow again 50 hours after the start: the first 14 hours of orders need adding.
    // The last tick (everything is syncing) comes one minute after the one before.
    const items = buttons(checklist).filter((b) => b.action_id === 'rollback_checklist_item').length;
    t.clock.advance(46 * HOUR - items * 60_000);
    const done = await tickAll(parent, checklist);
    expect(shownText(done)).toContain(
      `Orders flowed again at ${token('2026-11-30T11:00:00Z', 'Mon 30 Nov 2026 11:00 Europe/London')}: add by hand the orders placed from ` +
        `${token('2026-11-28T09:00:00Z', 'Sat 28 Nov 2026 09:00 Europe/London')} until ${token('2026-11-28T23:00:00Z', 'Sat 28 Nov 2026 23:00 Europe/London')}.`,
    );
  });

  it('says none need adding once orders flowed again within 36 hours', async () => {
    t = await startRollbackApp();
    const { parent } = await requestRollback(
      t,
      'rollback acme-outdoor UK wrong account --since 2026-11-28T09:00Z',
    );
    const { checklist } = await approve(parent);
    const done = await tickAll(parent, checklist);
    expect(shownText(done)).toContain('within 36 hours of the start: none need adding by hand.');
  });

  it('approved more than 36 hours after the start: no "if", the orders to add run until 36 hours before they flow again', async () => {
    t = await startRollbackApp();
    const { parent } = await requestRollback(
      t,
      'rollback acme-outdoor UK wrong account --since 2026-11-26T11:00Z',
    );
    const { note } = await approve(parent);
    expect(shownText(note)).toContain(
      `More than 36 hours have passed since then, so the orders placed from ${token('2026-11-26T11:00:00Z', 'Thu 26 Nov 2026 11:00 Europe/London')} until 36 hours before they flow again need adding by hand.`,
    );
    expect(shownText(note)).not.toContain('If orders flow again');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { clickIn } from '../support/interactions.js';
import {
  APPROVER_1,
  REQUESTER,
  replyText,
  requestRollback,
  startRollbackApp,
} from '../support/rollbackSetup.js';
import { sampleBatch } from '../support/sampleData.js';
import { waitForPost, waitForUpdate } from '../support/slackMessages.js';

describe('/reauth history', () => {
  let t: TestApp;
  afterEach(() => t.stop());

  it("lists the account's trail newest first, with who and when", async () => {
    t = await startRollbackApp();
    const { parent, rollbackId } = await requestRollback(t);
    t.clock.advance(60 * 60_000);
    await clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 });
    const checklist = await waitForPost(
      t.slack,
      (m) => m.threadTs === parent.ts && m.text.startsWith('Recovery'),
    );
    t.clock.advance(60_000);
    await clickIn(t, checklist, 'rollback_checklist_item', { user: REQUESTER });
    await waitForUpdate(t.slack, checklist, (m) => m.text.includes('1 of 13'));

    const reply = await t.command('history Acme Outdoor');
    expect((reply.body as { response_type: string }).response_type).toBe('ephemeral');
    const blocks = (reply.body as { blocks: { text?: { text: string } }[] }).blocks;
    const lines = blocks
      .flatMap((b) => b.text?.text.split('\n') ?? [])
      .filter((l) => l.includes('Europe/London>'));
    expect(lines.map((l) => l.replace(/^<!date\^\d+\^[^|]+\|[^>]+> /, ''))).toEqual([
      `<@${REQUESTER}> ticked *Seller ID \`A1ACMEEU00001X\`: app active* on rollback \`${rollbackId}\``,
      `<@${APPROVER_1}> approved rollback \`${rollbackId}\`: ch-acme-uk, ch-acme-de, ch-acme-fr back on MWS`,
      `<@${REQUESTER}> requested rollback \`${rollbackId}\` of EU A1ACMEEU00001X (ch-acme-uk, ch-acme-de, ch-acme-fr): authorized the wrong Seller Central account`,
      'CSV import: account added, channel ch-acme-uk added, channel ch-acme-de added, channel ch-acme-fr added, channel ch-acme-us added, and 1 more',
      `<@${REQUESTER}> recorded a reauthorization of EU A1ACMEEU00001X (ch-acme-uk, ch-acme-de, ch-acme-fr)`,
    ]);
    expect(lines[1]).toMatch(
      /^<!date\^1795870800\^\{date_short_pretty\} \{time\}\|Sat 28 Nov 2026 13:00 Europe\/London> /,
    );
  });

  it('summarises what does not fit, within Slack limits', async () => {
    t = await startRollbackApp();
    const batch = sampleBatch();
    for (let i = 0; i < 60; i++) {
      t.clock.advance(60_000);
      const account = batch.accounts.find((a) => a.id === 'acme-outdoor');
      if (account) account.name = `Acme Outdoor ${i}`;
      await t.store.importBatch(batch, { id: 'import', at: t.clock.now() });
    }
    const reply = await t.command('history acme-outdoor');
    const blocks = (reply.body as { blocks: { type: string; text?: { text: string } }[] }).blocks;
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    expect(replyText(reply)).toContain(
      '…and 22 older entries back to <!date^1795795200^{date_short_pretty} {time}|Fri 27 Nov 2026 16:00 Europe/London>: 21 imports, 1 reauthorization',
    );
    expect(replyText(reply)).toContain('62 entries in all');
  });

  it('answers an unknown account with the usual suggestions', async () => {
    t = await startRollbackApp();
    const none = await t.command('history zebra-zoo');
    expect(replyText(none)).toContain('No account matches');
  });
});

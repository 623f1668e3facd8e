import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { clickIn } from '../support/interactions.js';
import { REQUESTER, replyText, requestRollback, startRollbackApp } from '../support/rollbackSetup.js';
import { sampleBatch } from '../support/sampleData.js';
import { waitForPost, waitForUpdate } from '../support/slackMessages.js';

describe('/reauth history says what changed, in words, not internal keys', () => {
  let t: TestApp;
  afterEach(() => t.stop());

  it('an import that changes a channel and an account names each field and its old and new value', async () => {
    t = await startRollbackApp();
    const batch = sampleBatch();
    const account = batch.accounts.find((a) => a.id === 'acme-outdoor');
    const channel = batch.channels.find((c) => c.id === 'ch-acme-us');
    if (!account || !channel) throw new Error('sample data changed');
    account.name = 'Acme Outdoor Ltd';
    account.accountManager = 'UMANAGER9';
    channel.marketplace = 'MX';
    channel.authorization = 'MWS';
    channel.mwsAuthTokenSha256 = 'a'.repeat(64);
    t.clock.advance(60_000);
    await t.store.importBatch(
      { accounts: [account], channels: [channel] },
      { id: 'import', at: t.clock.now() },
    );

    const text = replyText(await t.command('history acme-outdoor'));
    expect(text).toContain(
      'CSV import: account updated (name Acme Outdoor -&gt; Acme Outdoor Ltd, account manager UMANAGER1 -&gt; UMANAGER9), ' +
        'channel ch-acme-us updated (marketplace US -&gt; MX, authorization MWS/SP-API -&gt; MWS, MWS Auth Token hash added)',
    );
    expect(text).not.toContain('a'.repeat(64));
  });

  it('a ticked checklist step is named as the checklist names it', async () => {
    t = await startRollbackApp();
    const { parent } = await requestRollback(t);
    await clickIn(t, parent, 'rollback_approve', { user: 'UAPPROVER1' });
    const checklist = await waitForPost(
      t.slack,
      (m) => m.threadTs === parent.ts && m.text.startsWith('Recovery'),
    );
    await clickIn(t, checklist, 'rollback_checklist_item', { user: REQUESTER });
    await waitForUpdate(t.slack, checklist, (m) => m.text.includes('1 of'));

    const text = replyText(await t.command('history acme-outdoor'));
    expect(text).toContain(`<@${REQUESTER}> ticked *Seller ID \`A1ACMEEU00001X\`: app active* on rollback`);
    expect(text).not.toContain('app-active:');
  });
});

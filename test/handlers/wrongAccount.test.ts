import { afterEach, describe, expect, it } from 'vitest';
import { sendConnectorEvents } from '../../src/cli/connectorCommand.js';
import type { TestApp } from '../support/harness.js';
import { clickIn } from '../support/interactions.js';
import { APPROVER_1, HOUR, REQUESTER, ROLLBACK_CHANNEL, startRollbackApp } from '../support/rollbackSetup.js';
import { buttons, shownText, waitForPost, waitForUpdate } from '../support/slackMessages.js';

const SECRET = 'wrong-account-test-secret-0123456789abcdef';
const WRONG = 'A9WRONGACCT01X';

describe('a connector event with another Seller ID than on record', () => {
  let t: TestApp;
  afterEach(() => t.stop());

  async function reportWrongSeller(hoursAgo = 2): Promise<string> {
    const occurredAt = new Date(t.clock.now().getTime() - hoursAgo * HOUR).toISOString();
    const body = JSON.stringify({
      events: [
        {
          id: 'wrong-1',
          type: 'channel.authorization_changed',
          occurredAt,
          accountId: 'acme-outdoor',
          channelId: 'ch-acme-uk',
          marketplace: 'UK',
          sellerId: WRONG,
          authorization: 'MWS/SP-API',
        },
      ],
    });
    const answer = await sendConnectorEvents({
      url: `${t.url}/connector/v1/events`,
      secret: SECRET,
      body,
      nowMs: t.clock.now().getTime(),
    });
    expect(answer).toMatchObject({ status: 200, body: { applied: 1, duplicates: 0, superseded: 0 } });
    return occurredAt;
  }

  const start = () => startRollbackApp({ config: { connector: { secret: SECRET, port: 0 } } });
  const alertIn = (channel: string) =>
    waitForPost(
      t.slack,
      (m) => m.channel === channel && m.text.includes('Possible wrong Amazon account'),
      `the alert in ${channel}`,
    );

  it('is held as unconfirmed and alerted; Request rollback leads to an approved rollback from the event time', async () => {
    t = await start();
    const occurredAt = await reportWrongSeller();

    const alert = await alertIn(ROLLBACK_CHANNEL);
    const shown = shownText(alert);
    expect(shown).toContain('Acme Outdoor');
    expect(shown).toContain('`ch-acme-uk`');
    expect(shown).toContain(`\`${WRONG}\` (UK)`);
    expect(shown).toContain('on record: `A1ACMEEU00001X` (UK)');
    expect(buttons(alert).map((b) => b.action_id)).toEqual([
      'wrong_account_rollback',
      'wrong_account_confirm',
    ]);
    // The account manager hears of it too.
    await alertIn('UMANAGER1');
    // The record keeps its Seller ID; status shows the reported one as unconfirmed.
    const uk = (await t.store.channelsOfAccount('acme-outdoor')).find((c) => c.id === 'ch-acme-uk');
    expect(uk).toMatchObject({ sellerId: 'A1ACMEEU00001X', unconfirmedSellerId: WRONG });
    const status = JSON.stringify((await t.command('status acme-outdoor')).body.blocks);
    expect(status).toContain(`the connector reported Seller ID \`${WRONG}\` (UK)`);

    await clickIn(t, alert, 'wrong_account_rollback', { user: REQUESTER });
    const request = await waitForPost(
      t.slack,
      (m) => m.channel === ROLLBACK_CHANNEL && /Rollback `rb-/.test(JSON.stringify(m.blocks)),
      'the rollback request',
    );
    const rollbackId = /Rollback `(rb-[0-9a-f]+)`/.exec(JSON.stringify(request.blocks))?.[1] as string;
    expect((await t.store.getRollback(rollbackId))?.since).toBe(occurredAt);
    expect((await t.store.getRollback(rollbackId))?.reason).toContain(`reported Seller ID ${WRONG}`);

    await clickIn(t, request, 'rollback_approve', { user: APPROVER_1 });
    await waitForUpdate(t.slack, request, (m) => m.text.includes('approved'), 'the approval');
    const approved = await t.store.getRollback(rollbackId);
    expect(approved).toMatchObject({ state: 'approved', since: occurredAt, requester: REQUESTER });
    const channels = await t.store.channelsOfAccount('acme-outdoor');
    expect(channels.find((c) => c.id === 'ch-acme-uk')?.authorization).toBe('MWS');
  });

  it('"It is correct" makes the reported Seller ID the record, audited, and the alert says who confirmed it', async () => {
    t = await start();
    await reportWrongSeller();
    const alert = await alertIn(ROLLBACK_CHANNEL);
    const click = await clickIn(t, alert, 'wrong_account_confirm', { user: APPROVER_1 });
    const updated = await t.slack.waitForResponse(click.responseId);
    expect(updated.body).toMatchObject({ replace_original: true });
    expect(String(updated.body.text)).toContain(
      `Confirmed by <@${APPROVER_1}>: Seller ID ${WRONG} (UK) is now on record`,
    );

    const uk = (await t.store.channelsOfAccount('acme-outdoor')).find((c) => c.id === 'ch-acme-uk');
    expect(uk).toMatchObject({ sellerId: WRONG, stateSource: 'slack' });
    expect(uk?.unconfirmedSellerId).toBeUndefined();
    expect((await t.store.auditTrail('acme-outdoor')).at(-1)).toMatchObject({
      actor: APPROVER_1,
      action: 'seller-id.confirmed',
      details: { from: 'A1ACMEEU00001X (UK)', to: `${WRONG} (UK)` },
    });

    // The same button again (another copy of the alert) changes nothing and says why.
    const again = await clickIn(t, alert, 'wrong_account_confirm', { user: APPROVER_1 });
    const reply = await t.slack.waitForResponse(again.responseId);
    expect(String(reply.body.text)).toContain(`${WRONG} is already the one on record`);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/domain/rollback.js';
import type { TestApp } from '../support/harness.js';
import { clickIn, type OpenedView, openedView, submitView } from '../support/interactions.js';
import { APPROVER_1, REQUESTER, requestRollback, startRollbackApp } from '../support/rollbackSetup.js';
import { sampleBatch } from '../support/sampleData.js';
import { ephemeralsTo, type ShownMessage, waitForPost } from '../support/slackMessages.js';

const MWS_TOKEN = 'amzn.mws.4ea38b7b-f563-7709-4bae-87aeaa1c1b9e';
const OTHER_MWS_TOKEN = 'amzn.mws.0c6b1f2e-1111-2222-3333-9f8e7d6c5b4a';
const MERCHANT_TOKEN = 'A1ACMEEU00001X';

describe('checking the tokens during recovery', () => {
  let t: TestApp;
  afterEach(() => t.stop());

  async function openTokenCheck(): Promise<{ parent: ShownMessage; modal: OpenedView }> {
    const batch = sampleBatch();
    const uk = batch.channels.find((c) => c.id === 'ch-acme-uk');
    if (uk) uk.mwsAuthTokenSha256 = sha256Hex(MWS_TOKEN);
    t = await startRollbackApp({ batch });
    const { parent } = await requestRollback(t);
    await clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 });
    const checklist = await waitForPost(
      t.slack,
      (m) => m.threadTs === parent.ts && m.text.startsWith('Recovery'),
    );
    const click = await clickIn(t, checklist, 'rollback_token_check', { user: REQUESTER });
    const modal = await openedView(t, click.trigger);
    return { parent, modal };
  }

  async function answerTo(user: string): Promise<string> {
    const call = await t.slack.waitFor((c) => c.method === 'chat.postEphemeral' && c.body.user === user);
    return `${String(call.body.text)}\n${JSON.stringify(call.body.blocks)}`;
  }

  function expectSecretsNowhere(...secrets: string[]): void {
    for (const secret of secrets) {
      for (const call of t.slack.calls)
        expect(call.raw, `${call.method} carries the pasted value`).not.toContain(secret);
      expect(t.logger.text()).not.toContain(secret);
      expect(JSON.stringify(t.store)).not.toContain(secret);
    }
  }

  it('says both tokens match, privately, in the thread', async () => {
    const { parent, modal } = await openTokenCheck();
    expect(modal.callback_id).toBe('rollback_token_check');

    const submitted = await submitView(
      t,
      modal,
      {
        token_channel: { selected: 'ch-acme-uk' },
        merchant_token: ` ${MERCHANT_TOKEN} `,
        mws_auth_token: MWS_TOKEN,
      },
      { user: REQUESTER },
    );
    expect(submitted.status).toBe(200);
    const answer = await answerTo(REQUESTER);
    expect(answer).toContain('Merchant Token matches Seller ID `A1ACMEEU00001X`');
    expect(answer).toContain('MWS Authorization Token matches the one on record');
    const call = ephemeralsTo(t.slack, REQUESTER)[0];
    expect(call?.body).toMatchObject({ channel: parent.channel, thread_ts: parent.ts });
    expectSecretsNowhere(MWS_TOKEN);
  });

  it('says which token does not match, never showing what was pasted', async () => {
    const { modal } = await openTokenCheck();
    await submitView(
      t,
      modal,
      {
        token_channel: { selected: 'ch-acme-uk' },
        merchant_token: 'A9WRONGSELLER9',
        mws_auth_token: OTHER_MWS_TOKEN,
      },
      { user: REQUESTER },
    );
    const answer = await answerTo(REQUESTER);
    expect(answer).toContain('Merchant Token does not match Seller ID `A1ACMEEU00001X`');
    expect(answer).toContain('MWS Authorization Token does not match the one on record');
    expectSecretsNowhere(OTHER_MWS_TOKEN, 'A9WRONGSELLER9');
  });

  it('says so when no MWS token is on record for the channel', async () => {
    const { modal } = await openTokenCheck();
    await submitView(
      t,
      modal,
      {
        token_channel: { selected: 'ch-acme-de' },
        merchant_token: MERCHANT_TOKEN,
        mws_auth_token: MWS_TOKEN,
      },
      { user: REQUESTER },
    );
    const answer = await answerTo(REQUESTER);
    expect(answer).toContain('No MWS Authorization Token is on record for this channel');
    expectSecretsNowhere(MWS_TOKEN);
  });

  it('asks for what is missing, in the modal, and checks nothing', async () => {
    const { modal } = await openTokenCheck();
    const result = await submitView(
      t,
      modal,
      { merchant_token: MERCHANT_TOKEN, mws_auth_token: ' ' },
      {
        user: REQUESTER,
      },
    );
    expect(result.ack).toMatchObject({
      response_action: 'errors',
      errors: { token_channel: expect.any(String), mws_auth_token: expect.any(String) },
    });
    expect(t.slack.callsTo('chat.postEphemeral')).toEqual([]);
  });
});

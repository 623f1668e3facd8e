import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { clickIn, openedView, submitView } from '../support/interactions.js';
import {
  APPROVER_2,
  REQUESTER,
  replyText,
  requestRollback,
  startRollbackApp,
} from '../support/rollbackSetup.js';

const TOKEN = 'amzn.mws.4ea38b7b-f563-7709-4bae-87aeaEXAMPLE';
const UUID_TOKEN = 'amzn.mws.0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

describe('an MWS Auth Token typed into a rollback reason', () => {
  let t: TestApp;
  afterEach(() => t.stop());

  /** Everything the bot sent Slack, logged, stored and audited. */
  async function everywhere(): Promise<string> {
    const rollbacks = JSON.stringify(await t.store.rollbacksOfAccount('acme-outdoor'));
    const audit = JSON.stringify(await t.store.auditTrail());
    return [t.slack.calls.map((c) => c.raw).join('\n'), t.logger.text(), rollbacks, audit].join('\n');
  }

  it.each([
    ['in the reason', `rollback acme-outdoor UK customer pasted ${UUID_TOKEN} by mistake`],
    ['as the whole reason, in capitals', `rollback acme-outdoor UK ${UUID_TOKEN.toUpperCase()}`],
    ['in --since', `rollback acme-outdoor UK wrong account --since ${TOKEN}`],
  ])('is refused without echoing it when %s; nothing is stored or posted', async (_where, text) => {
    t = await startRollbackApp();
    const audited = (await t.store.auditTrail()).length;
    const reply = replyText(await t.command(text, { user: REQUESTER }));
    expect(reply).toContain('Nothing requested');
    expect(reply).toContain('looks like an MWS Auth Token');
    expect((await everywhere()).toLowerCase()).not.toContain('amzn.mws.0f1e2d3c');
    expect((await everywhere()).toLowerCase()).not.toContain('4ea38b7b');
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(await t.store.rollbacksOfAccount('acme-outdoor')).toEqual([]);
    expect(await t.store.auditTrail()).toHaveLength(audited);
  });

  it('in a Deny reason is refused in the form, without echoing it; the request stays undecided', async () => {
    t = await startRollbackApp();
    const { parent, rollbackId } = await requestRollback(
      t,
      'rollback acme-outdoor UK wrong account --since 2026-11-28T09:00',
    );
    const click = await clickIn(t, parent, 'rollback_deny', { user: APPROVER_2 });
    const modal = await openedView(t, click.trigger);
    const audited = (await t.store.auditTrail()).length;
    const answer = await submitView(
      t,
      modal,
      { deny_reason: `token is ${UUID_TOKEN}` },
      { user: APPROVER_2 },
    );
    expect(answer.ack).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(answer.ack)).toContain('looks like an MWS Auth Token');
    expect(JSON.stringify(answer.ack)).not.toContain('0f1e2d3c');
    await new Promise((r) => setTimeout(r, 100));
    expect((await everywhere()).includes('0f1e2d3c')).toBe(false);
    expect((await t.store.getRollback(rollbackId))?.state).toBe('requested');
    expect(await t.store.auditTrail()).toHaveLength(audited);
  });
});

describe('control characters in rollback reasons', () => {
  let t: TestApp;
  afterEach(() => t.stop());
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point.
  const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

  it('are stripped from the request and Deny reasons before they are stored or posted', async () => {
    t = await startRollbackApp();
    const { parent, rollbackId } = await requestRollback(
      t,
      'rollback acme-outdoor UK wrong\u001b[2J\u0007 account\u202e --since 2026-11-28T09:00',
    );
    expect((await t.store.getRollback(rollbackId))?.reason).toBe('wrong[2J account');
    expect(JSON.stringify(parent.blocks)).not.toMatch(raw);

    const click = await clickIn(t, parent, 'rollback_deny', { user: APPROVER_2 });
    const modal = await openedView(t, click.trigger);
    await submitView(
      t,
      modal,
      { deny_reason: 'not\u001b]0;x\u0007 needed\nsee \u2066thread' },
      { user: APPROVER_2 },
    );
    await t.slack.waitFor((c) => c.method === 'chat.update');
    expect((await t.store.getRollback(rollbackId))?.decision?.reason).toBe('not]0;x needed\nsee thread');
    for (const call of t.slack.calls) expect(JSON.stringify(call.body)).not.toMatch(raw);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { clickIn, openedView, submitView } from '../support/interactions.js';
import {
  APPROVER_1,
  APPROVER_2,
  REQUESTER,
  requestRollback,
  startRollbackApp,
} from '../support/rollbackSetup.js';
import { ephemeralsTo, waitForUpdate } from '../support/slackMessages.js';

const INVALID_AUTH = { body: { ok: false, error: 'invalid_auth' } };

describe('answering an approver when Slack fails', () => {
  let t: TestApp;
  afterEach(() => t.stop());

  const text = (call: { body: Record<string, unknown> }) =>
    `${String(call.body.text)}\n${JSON.stringify(call.body.blocks ?? [])}`;

  it('a click whose response URL is refused is answered by chat.postEphemeral', async () => {
    t = await startRollbackApp();
    const { parent } = await requestRollback(t);
    await clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 });
    await waitForUpdate(t.slack, parent, (m) => m.text.startsWith('Rollback approved'));

    t.slack.failNext('response_url', { status: 404, body: 'expired_url' });
    await clickIn(t, parent, 'rollback_approve', { user: APPROVER_2 });
    const answer = await t.slack.waitFor((c) => c.method === 'chat.postEphemeral');
    expect(answer.body).toMatchObject({ user: APPROVER_2, channel: parent.channel });
    expect(text(answer)).toContain(`already approved by <@${APPROVER_1}>`);
  });

  it('an approval Slack could not show, told by chat.postEphemeral when the response URL fails: never "failed"', async () => {
    t = await startRollbackApp();
    const { parent, rollbackId } = await requestRollback(t);
    t.slack.failNext('chat.update', INVALID_AUTH);
    t.slack.failNext('response_url', { status: 404, body: 'expired_url' });
    await clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 });

    const answer = await t.slack.waitFor((c) => c.method === 'chat.postEphemeral');
    expect(text(answer)).toContain(
      `Rollback \`${rollbackId}\` is recorded as approved, but updating its Slack messages failed (An API error occurred: invalid_auth)`,
    );
    expect(text(answer)).toContain(`the requester <@${REQUESTER}> may not have been told`);
    await new Promise((r) => setTimeout(r, 100));
    expect(ephemeralsTo(t.slack, APPROVER_1)).toHaveLength(1);
    expect(t.slack.calls.map(text).join('\n')).not.toContain('Approving the rollback failed');
    expect((await t.store.getRollback(rollbackId))?.state).toBe('approved');
  });

  it('a denial whose answer Slack refuses too is logged, and the approver is not told it failed', async () => {
    t = await startRollbackApp();
    const { parent, rollbackId } = await requestRollback(t);
    const click = await clickIn(t, parent, 'rollback_deny', { user: APPROVER_2 });
    const modal = await openedView(t, click.trigger);
    t.slack.failNext('chat.update', INVALID_AUTH);
    t.slack.failNext('chat.postEphemeral', INVALID_AUTH);
    await submitView(t, modal, { deny_reason: 'Customer found the right login' }, { user: APPROVER_2 });

    await t.slack.waitFor((c) => c.method === 'chat.postEphemeral');
    await new Promise((r) => setTimeout(r, 100));
    expect(t.logger.text()).toContain(`Rollback ${rollbackId} is denied, but updating Slack failed`);
    expect(t.logger.text()).toMatch(
      new RegExp(
        `ERROR Could not tell ${APPROVER_2} \\(An API error occurred: invalid_auth\\): .*recorded as denied`,
      ),
    );
    // The one private note Slack refused was the truth; no second one says the denial failed.
    expect(t.slack.callsTo('chat.postEphemeral')).toHaveLength(1);
    expect((await t.store.getRollback(rollbackId))?.state).toBe('denied');
  });
});

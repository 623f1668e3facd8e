import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import {
  APPROVER_1,
  APPROVER_2,
  REQUESTER,
  ROLLBACK_CHANNEL,
  replyText,
  requestRollback,
  startRollbackApp,
} from '../support/rollbackSetup.js';
import { buttons, shownText } from '../support/slackMessages.js';

describe('/reauth rollback', () => {
  let t: TestApp;
  afterEach(() => t.stop());

  it('posts the request for the approvers with Approve and Deny, and confirms to the requester with a link', async () => {
    t = await startRollbackApp({ reauthorizedHoursAgo: 20 });
    const { reply, parent, rollbackId } = await requestRollback(t);

    expect(parent.channel).toBe(ROLLBACK_CHANNEL);
    const shown = shownText(parent);
    expect(shown).toContain('Acme Outdoor (`acme-outdoor`)');
    expect(shown).toContain('Seller ID `A1ACMEEU00001X` in Europe');
    expect(shown).toContain('UK `ch-acme-uk`');
    expect(shown).toContain('DE `ch-acme-de`');
    expect(shown).toContain('FR `ch-acme-fr`');
    expect(shown).toContain(`<@${REQUESTER}>`);
    expect(shown).toContain('authorized the wrong Seller Central account');
    // When the wrong account was authorized, and who said so.
    expect(shown).toContain(
      `*Wrong account authorized:* <!date^1795795200^{date_short_pretty} {time}|Fri 27 Nov 2026 16:00 Europe/London> (from \`--since\` given by <@${REQUESTER}>)`,
    );
    expect(shown).toContain(`<@${APPROVER_1}>, <@${APPROVER_2}>`);
    expect(buttons(parent)).toEqual([
      { action_id: 'rollback_approve', value: rollbackId },
      { action_id: 'rollback_deny', value: rollbackId },
    ]);

    const body = reply.body as { response_type: string };
    expect(body.response_type).toBe('ephemeral');
    expect(replyText(reply)).toContain(
      `https://example.slack.com/archives/${ROLLBACK_CHANNEL}/p${parent.ts.replace('.', '')}`,
    );
    expect(await t.store.getRollback(rollbackId)).toMatchObject({
      state: 'requested',
      messages: { parent: { channel: ROLLBACK_CHANNEL, ts: parent.ts } },
    });
  });

  it('posts in the channel the command was typed in when no rollback channel is configured', async () => {
    t = await startRollbackApp({
      config: { approvers: [APPROVER_1, APPROVER_2], rollbacks: { ttlHours: 24 } },
    });
    const { parent } = await requestRollback(t, undefined, REQUESTER, 'CHERE');
    expect(parent.channel).toBe('CHERE');
  });

  it('finds the account by a name with spaces and the channel by its ID', async () => {
    t = await startRollbackApp();
    const { rollbackId } = await requestRollback(
      t,
      'rollback Acme Outdoor ch-acme-de wrong login used --since 2026-11-27T16:00Z',
    );
    expect(await t.store.getRollback(rollbackId)).toMatchObject({
      accountId: 'acme-outdoor',
      unit: { region: 'EU', sellerId: 'A1ACMEEU00001X' },
      reason: 'wrong login used',
    });
  });

  it('refuses a second request for the same unit while the first is open, linking to it', async () => {
    t = await startRollbackApp();
    const first = await requestRollback(t);
    const posts = t.slack.callsTo('chat.postMessage').length;

    const reply = await t.command('rollback acme-outdoor DE customer asked again --since 2026-11-27T16:00Z', {
      user: APPROVER_2,
    });
    const text = replyText(reply);
    expect(text).toContain('Nothing requested');
    expect(text).toContain(`\`${first.rollbackId}\``);
    expect(text).toContain(`/p${first.parent.ts.replace('.', '')}`);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(posts);
    expect(await t.store.rollbacksOfAccount('acme-outdoor')).toHaveLength(1);
  });

  it('accepts a unit the bot has no reauthorization record of, and records the reauthorization in the same audited write', async () => {
    t = await startRollbackApp();
    // Borealis Books shows MWS everywhere: the customer reauthorized on their own, with the wrong account.
    const { rollbackId, parent, reply } = await requestRollback(
      t,
      'rollback borealis-books UK customer reauthorized the wrong account themselves --since 2026-11-28T08:00Z',
    );
    expect(replyText(reply)).toContain(`Rollback \`${rollbackId}\` requested`);
    expect(shownText(parent)).toContain(
      `*Reauthorization:* the bot had no record of it; recorded with this request, as reported by <@${REQUESTER}>.`,
    );
    const channels = (await t.store.channelsOfAccount('borealis-books')).filter(
      (c) => c.sellerId === 'A3BOREALUK001X',
    );
    expect(channels.length).toBeGreaterThan(0);
    for (const c of channels)
      expect(c).toMatchObject({
        authorization: 'MWS/SP-API',
        authorizedBy: REQUESTER,
        authorizedAt: '2026-11-28T08:00:00.000Z',
      });
    expect(await t.store.getRollback(rollbackId)).toMatchObject({
      state: 'requested',
      reauthorizationReported: true,
    });

    // One write: the reported reauthorization and the request, side by side in the audit trail.
    const trail = await t.store.auditTrail('borealis-books');
    const reported = trail.findIndex((e) => e.action === 'rollback.reauthorization-reported');
    expect(reported).toBeGreaterThanOrEqual(0);
    expect(trail[reported + 1]?.action).toBe('rollback.requested');
    expect(trail[reported]).toMatchObject({ actor: REQUESTER, at: trail[reported + 1]?.at });

    // Only an open request refuses another.
    const again = replyText(await t.command('rollback borealis-books UK again --since 2026-11-28T08:00Z'));
    expect(again).toContain('already has an open rollback');
  });

  it('takes --since in REAUTH_TIMEZONE', async () => {
    t = await startRollbackApp();
    const { rollbackId, parent } = await requestRollback(
      t,
      'rollback acme-outdoor US wrong account --since 2026-07-01T09:30',
    );
    expect((await t.store.getRollback(rollbackId))?.since).toBe('2026-07-01T08:30:00.000Z');
    expect(shownText(parent)).toContain('Wed 1 Jul 2026 09:30 Europe/London');
  });

  it('refuses a --since that is not a date-time, or is in the future', async () => {
    t = await startRollbackApp();
    const bad = await t.command('rollback acme-outdoor UK wrong --since last-tuesday');
    expect(replyText(bad)).toContain('is not an ISO date-time');
    const future = await t.command('rollback acme-outdoor UK wrong --since 2027-01-01T00:00');
    expect(replyText(future)).toContain('is in the future');
    const missing = await t.command('rollback acme-outdoor UK wrong --since');
    expect(replyText(missing)).toContain('--since needs a date-time');
    expect(await t.store.rollbacksOfAccount('acme-outdoor')).toEqual([]);
  });

  it('needs a reason, and approvers to exist', async () => {
    t = await startRollbackApp();
    const noReason = await t.command('rollback acme-outdoor UK');
    expect(replyText(noReason)).toContain('Usage: `/reauth rollback');
    await t.stop();

    t = await startRollbackApp({ config: { approvers: [], rollbacks: { ttlHours: 24 } } });
    const noApprovers = await t.command('rollback acme-outdoor UK wrong account --since 2026-11-27T16:00Z');
    expect(replyText(noApprovers)).toContain('REAUTH_APPROVERS');
    expect(await t.store.rollbacksOfAccount('acme-outdoor')).toEqual([]);
  });

  it("names the account's channels when the marketplace or channel word picks none or several", async () => {
    t = await startRollbackApp();
    const unknown = replyText(
      await t.command('rollback borealis-books XX wrong account --since 2026-11-27T16:00Z'),
    );
    expect(unknown).toContain(
      'Nothing requested for Borealis Books (`borealis-books`): *XX* is neither a marketplace code nor one of ' +
        'its channel IDs. Its channels: UK (`ch-bor-uk`), DE (`ch-bor-de`), FR (`ch-bor-fr`).',
    );
    const missing = replyText(
      await t.command('rollback borealis-books JP wrong account --since 2026-11-27T16:00Z'),
    );
    expect(missing).toContain(
      'Nothing requested for Borealis Books (`borealis-books`): it has no JP channel.',
    );
    const several = replyText(
      await t.command('rollback cedar-co UK wrong account --since 2026-11-27T16:00Z'),
    );
    expect(several).toContain(
      'Nothing requested: Cedar &amp; Co (`cedar-co`) has several channels in that marketplace, under different ' +
        'Seller IDs. Name the channel instead: `ch-cedar-uk-1` (Seller ID `A4CEDARONE001X`), `ch-cedar-uk-2`',
    );
    expect(await t.store.rollbacksOfAccount('borealis-books')).toEqual([]);
    expect(await t.store.rollbacksOfAccount('cedar-co')).toEqual([]);
  });

  it('never lets the reason ping anyone', async () => {
    t = await startRollbackApp();
    const { parent } = await requestRollback(
      t,
      'rollback acme-outdoor UK <!channel> look & fix --since 2026-11-27T16:00Z',
    );
    expect(shownText(parent)).toContain('&lt;!channel&gt; look &amp; fix');
    expect(shownText(parent)).not.toContain('<!channel>');
  });

  it('tells the requester when the request could not be posted, and posts it when they run it again', async () => {
    t = await startRollbackApp();
    t.slack.failNext('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    const failed = await t.command('rollback acme-outdoor UK wrong account --since 2026-11-27T16:00Z');
    expect(replyText(failed)).toContain('posting it for the approvers failed');
    expect(replyText(failed)).toContain('Invite the bot to the rollback channel');
    expect(t.logger.text()).toContain('not_in_channel');

    const { rollbackId, reply } = await requestRollback(t);
    expect(replyText(reply)).toContain(`Rollback \`${rollbackId}\` requested`);
    expect(await t.store.rollbacksOfAccount('acme-outdoor')).toHaveLength(1);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { bulkBatch } from '../support/bulkData.js';
import { TestApp } from '../support/harness.js';
import { sampleBatch } from '../support/sampleData.js';
import { TestClock } from '../support/testClock.js';

const withDigest: Partial<Config> = {
  deadline: '2026-12-30',
  approvers: ['UAPPROVER'],
  digest: { channel: 'CDIGEST', cron: '0 9 * * 1-5', dm: false },
};

let t: TestApp;
afterEach(() => t.stop());

async function start(config: Partial<Config> = withDigest, batch = sampleBatch()) {
  t = await TestApp.start({ clock: new TestClock('2026-11-30T08:30:00Z'), config });
  await t.store.importBatch(batch, { id: 'test', at: t.clock.now() });
}

type Reply = { response_type: string; text: string; blocks: unknown[] };

describe('/reauth digest', () => {
  it('previews the digest ephemerally and posts nothing', async () => {
    await start();
    const reply = (await t.command('digest')).body as Reply;
    expect(reply.response_type).toBe('ephemeral');
    const shown = JSON.stringify(reply.blocks);
    expect(shown).toContain('Reauthorization digest: 30 days left');
    expect(shown).toContain('Dune Traders');
    expect(shown).toContain(
      'Preview, only you see it. Posted to <#CDIGEST>, the digest is this one message.',
    );
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(await t.store.digests()).toEqual([]);
  });

  it('previews only the first message of a long digest, saying how many replies follow', async () => {
    await start(withDigest, bulkBatch(3000));
    const reply = (await t.command('digest')).body as Reply;
    expect(reply.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(reply.blocks)).toMatch(/the digest is this message and 3 thread replies/);
  });

  it('lets an approver post it now, as an extra that leaves the schedule alone', async () => {
    await start();
    const reply = (await t.command('digest post', { user: 'UAPPROVER' })).body as Reply;
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('Posted the digest to <#CDIGEST>: one message. The schedule is unchanged.');
    const posted = t.slack.callsTo('chat.postMessage');
    expect(posted).toHaveLength(1);
    expect(posted[0]?.body.channel).toBe('CDIGEST');
    const [extra] = await t.store.digests();
    expect(extra).toMatchObject({ kind: 'extra', requestedBy: 'UAPPROVER', status: 'posted' });
    expect(
      (await t.store.auditTrail()).some((e) => e.action === 'digest-planned' && e.actor === 'UAPPROVER'),
    ).toBe(true);

    t.clock.set('2026-11-30T09:00:00Z');
    expect((await t.services.digests.tick()).posted).toEqual(['scheduled:2026-11-30T09:00:00.000Z']);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('two quick posts by two approvers post one digest and one set of DMs; the second is told it was just posted', async () => {
    await start({
      ...withDigest,
      approvers: ['UAPPROVER', 'UAPPROVER2'],
      digest: { channel: 'CDIGEST', cron: '0 9 * * 1-5', dm: true },
    });
    const [first, second] = await Promise.all([
      t.command('digest post', { user: 'UAPPROVER' }),
      t.command('digest post', { user: 'UAPPROVER2' }),
    ]);
    const texts = [first, second].map((r) => String((r.body as Reply).text));
    expect(texts.filter((x) => x.includes('Posted the digest to <#CDIGEST>'))).toHaveLength(1);
    const refused = texts.find((x) => !x.includes('Posted the digest to'));
    expect(refused).toContain('Nothing posted: the digest was already posted to <#CDIGEST>');
    expect(refused).toMatch(/asked for by <@UAPPROVER2?> at <!date\^\d+\^/);
    const channelPosts = t.slack.callsTo('chat.postMessage').filter((c) => c.body.channel === 'CDIGEST');
    expect(channelPosts).toHaveLength(1);
    const dms = t.slack.callsTo('conversations.open');
    expect(dms.map((c) => c.body.users).sort()).toEqual(['UMANAGER1', 'UMANAGER2']);
    expect(await t.store.digests()).toHaveLength(1);

    // Once the repeat window has passed, a fresh one can be asked for.
    t.clock.advance(11 * 60_000);
    const later = (await t.command('digest post', { user: 'UAPPROVER2' })).body as Reply;
    expect(later.text).toContain('Posted the digest to <#CDIGEST>');
    expect(await t.store.digests()).toHaveLength(2);
  });

  it('refuses to post for someone who is not an approver, and posts nothing', async () => {
    await start();
    const reply = (await t.command('digest post', { user: 'UAGENT' })).body as Reply;
    expect(reply.text).toContain(
      'Only approvers (REAUTH_APPROVERS) can post the digest on demand; nothing was posted.',
    );
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(await t.store.digests()).toEqual([]);
  });

  it('says there is no digest channel when none is set', async () => {
    await start({ approvers: ['UAPPROVER'] });
    const preview = (await t.command('digest')).body as Reply;
    expect(JSON.stringify(preview.blocks)).toContain('no digest channel is set: REAUTH_DIGEST_CHANNEL');
    const post = (await t.command('digest post', { user: 'UAPPROVER' })).body as Reply;
    expect(post.text).toContain('Nothing posted: no digest channel is set.');
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('answers anything else with what to type, escaped', async () => {
    await start();
    const reply = (await t.command('digest <!channel>')).body as Reply;
    expect(reply.text).toContain(
      '`&lt;!channel&gt;` is not a digest option. Type `/reauth digest` for a preview',
    );
    expect(reply.text).toContain('Usage: `/reauth digest [post]`');
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('is listed in help', async () => {
    await start();
    const reply = (await t.command('help')).body as Reply;
    expect(JSON.stringify(reply.blocks)).toContain('/reauth digest [post]');
  });
});

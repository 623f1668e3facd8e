import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { openFileStore } from '../../store/openStore.js';
import type { ImportBatch } from '../../store/store.js';
import { bulkBatch } from '../support/bulkData.js';
import type { RecordedCall } from '../support/fakeSlack.js';
import { BOT_TOKEN, TestApp } from '../support/harness.js';
import { sampleBatch } from '../support/sampleData.js';
import { TestClock } from '../support/testClock.js';

const MONDAY_9 = '2026-11-30T09:00:00Z';
const digestConfig = (overrides: Partial<Config['digest']> = {}): Partial<Config> => ({
  deadline: '2026-12-30',
  digest: { channel: 'CDIGEST', cron: '0 9 * * 1-5', dm: false, ...overrides },
});

let dir: string;
const running: TestApp[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reauth-digest-'));
});
afterEach(async () => {
  for (const t of running.splice(0)) await t.stop().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

/** The real app on a file store, as the bot runs; started again on the same file, it is a restart. */
async function startBot(at: string, options: { config?: Partial<Config>; batch?: ImportBatch } = {}) {
  const clock = new TestClock(at);
  const store = await openFileStore(join(dir, 'reauth.json'), { now: clock.now() });
  const t = await TestApp.start({ clock, store, config: options.config ?? digestConfig() });
  running.push(t);
  if (options.batch) await t.store.importBatch(options.batch, { id: 'test', at: clock.now() });
  return t;
}

async function stopBot(t: TestApp) {
  running.splice(running.indexOf(t), 1);
  await t.stop();
}

function posts(t: TestApp, channel = 'CDIGEST'): RecordedCall[] {
  return t.slack.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);
}

describe('the scheduled digest', () => {
  it('is posted once at its slot, and ticking again posts nothing more', async () => {
    const t = await startBot('2026-11-30T08:59:00Z', { batch: sampleBatch() });
    expect(await t.services.digests.tick()).toEqual({ posted: [], failed: [], skipped: [] });
    expect(posts(t)).toHaveLength(0);

    t.clock.set(MONDAY_9);
    const report = await t.services.digests.tick();
    expect(report.posted).toEqual(['scheduled:2026-11-30T09:00:00.000Z']);
    const [post] = posts(t);
    expect(JSON.stringify(post?.body.blocks)).toContain('Reauthorization digest: 30 days left');
    expect(post?.body.thread_ts).toBeUndefined();

    t.clock.set('2026-11-30T09:00:30Z');
    await t.services.digests.tick();
    t.clock.set('2026-11-30T17:00:00Z');
    await t.services.digests.tick();
    expect(posts(t)).toHaveLength(1);
    const [record] = await t.store.digests();
    expect(record).toMatchObject({ status: 'posted', parts: [{ ts: post && expect.any(String) }] });
    expect(record?.parts[0]?.message).toBeUndefined();
  });

  it('resumes after a restart in the middle of posting: no part twice, none missing, replies in the thread', async () => {
    const first = await startBot(MONDAY_9, { batch: bulkBatch(3000) });
    let n = 0;
    first.slack.failNext(
      'chat.postMessage',
      () => (++n === 3 ? { body: { ok: false, error: 'fatal_error' } } : undefined),
      3,
    );
    const report = await first.services.digests.tick();
    expect(report.failed).toEqual(['scheduled:2026-11-30T09:00:00.000Z']);
    expect(first.logger.text()).toMatch(
      /could not be posted in full \(2 messages out so far\): Slack refused chat\.postMessage: fatal_error/,
    );
    const [half] = await first.store.digests();
    const planned = half?.parts.map((p) => p.message?.text) ?? [];
    expect(planned.length).toBe(4);
    const parentTs = half?.parts[0]?.ts;
    await stopBot(first);

    const second = await startBot('2026-11-30T09:01:00Z');
    await second.services.digests.tick();
    await second.services.digests.tick();

    const firstPosted = posts(first).slice(0, 2);
    const secondPosted = posts(second);
    expect(secondPosted).toHaveLength(2);
    expect([...firstPosted, ...secondPosted].map((c) => c.body.text)).toEqual(planned);
    for (const reply of [firstPosted[1], ...secondPosted]) expect(reply?.body.thread_ts).toBe(parentTs);

    const everything = [...firstPosted, ...secondPosted].map((c) => JSON.stringify(c.body.blocks)).join('\n');
    for (const a of bulkBatch(3000).accounts) {
      expect(everything.split(`(\`${a.id}\`)`).length - 1, a.id).toBe(1);
    }
    const [done] = await second.store.digests();
    expect(done?.status).toBe('posted');
  });

  it('posts a slot missed while the bot was down once, late, when it is still the same day', async () => {
    const friday = await startBot('2026-11-27T09:00:00Z', { batch: sampleBatch() });
    await friday.services.digests.tick();
    expect(posts(friday)).toHaveLength(1);
    await stopBot(friday);

    const monday = await startBot('2026-11-30T15:00:00Z');
    await monday.services.digests.tick();
    await monday.services.digests.tick();
    expect(posts(monday)).toHaveLength(1);
    expect(monday.logger.text()).toContain('Posting the digest of 2026-11-30T09:00:00.000Z to CDIGEST late');
    expect((await monday.store.digests()).map((d) => [d.id, d.status])).toEqual([
      ['scheduled:2026-11-27T09:00:00.000Z', 'posted'],
      ['scheduled:2026-11-30T09:00:00.000Z', 'posted'],
    ]);
  });

  it('records a slot missed on an earlier day as skipped, says so in the log, and posts today’s on time', async () => {
    const monday = await startBot(MONDAY_9, { batch: sampleBatch() });
    await monday.services.digests.tick();
    await stopBot(monday);

    const wednesday = await startBot('2026-12-02T08:00:00Z');
    const report = await wednesday.services.digests.tick();
    expect(report.skipped).toEqual(['scheduled:2026-12-01T09:00:00.000Z']);
    expect(posts(wednesday)).toHaveLength(0);
    expect(wednesday.logger.text()).toMatch(
      /WARN Skipped 1 digest slot missed while the bot was not running/,
    );
    const skipped = (await wednesday.store.digests()).find(
      (d) => d.id === 'scheduled:2026-12-01T09:00:00.000Z',
    );
    expect(skipped).toMatchObject({ status: 'skipped', reason: expect.stringContaining('2026-12-01') });

    wednesday.clock.set('2026-12-02T09:00:00Z');
    await wednesday.services.digests.tick();
    expect(posts(wednesday)).toHaveLength(1);
  });

  it('waits out a 429 for as long as Retry-After says, then posts once', async () => {
    const t = await startBot(MONDAY_9, { batch: sampleBatch() });
    t.slack.failNext('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { ok: false, error: 'ratelimited' },
    });
    const report = await t.services.digests.tick();
    expect(report.posted).toHaveLength(1);
    expect(posts(t)).toHaveLength(2);
    expect(t.logger.text()).toContain(
      'Slack rate-limited chat.postMessage: waiting 1 s as Retry-After asks.',
    );
    const [record] = await t.store.digests();
    expect(record?.parts).toHaveLength(1);
    expect(record?.status).toBe('posted');
    expect(t.logger.text()).not.toContain(BOT_TOKEN);
  });

  it('retries a 5xx answer a few times before giving up for this tick', async () => {
    const t = await startBot(MONDAY_9, { batch: sampleBatch() });
    t.slack.failNext('chat.postMessage', { status: 503, body: 'upstream unavailable' });
    expect((await t.services.digests.tick()).posted).toHaveLength(1);
    expect(posts(t)).toHaveLength(2);
    expect(t.logger.text()).toMatch(/chat\.postMessage failed .*503.*; retry 1 in 500 ms/);
  });

  it('does not drop a digest Slack would not take: logged, then posted at the next tick', async () => {
    const t = await startBot(MONDAY_9, { batch: sampleBatch() });
    t.slack.failNext('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    expect((await t.services.digests.tick()).failed).toHaveLength(1);
    expect(t.logger.text()).toMatch(
      /ERROR Digest scheduled:2026-11-30T09:00:00.000Z could not be posted in full .*not_in_channel/,
    );
    t.clock.set('2026-11-30T09:00:30Z');
    expect((await t.services.digests.tick()).posted).toHaveLength(1);
    expect(posts(t)).toHaveLength(2);
    expect((await t.store.digests())[0]?.status).toBe('posted');
  });

  it('sends each account manager a DM with only their accounts, once per slot', async () => {
    const t = await startBot(MONDAY_9, { batch: sampleBatch(), config: digestConfig({ dm: true }) });
    await t.services.digests.tick();
    t.clock.set('2026-11-30T09:00:30Z');
    await t.services.digests.tick();

    expect(t.slack.callsTo('conversations.open').map((c) => c.body.users)).toEqual([
      'UMANAGER2',
      'UMANAGER1',
    ]);
    const [toManager1] = posts(t, 'DUMANAGER1');
    const [toManager2] = posts(t, 'DUMANAGER2');
    expect(posts(t, 'DUMANAGER1')).toHaveLength(1);
    expect(posts(t, 'DUMANAGER2')).toHaveLength(1);
    const mine = JSON.stringify(toManager1?.body.blocks);
    expect(mine).toContain('Acme Outdoor');
    expect(mine).not.toContain('Dune Traders');
    expect(mine).not.toContain('Borealis');
    expect(JSON.stringify(toManager2?.body.blocks)).toContain('Dune Traders');
    expect(posts(t)).toHaveLength(1);
  });

  it('gives up on a DM Slack refuses for good without holding back the others', async () => {
    const t = await startBot(MONDAY_9, { batch: sampleBatch(), config: digestConfig({ dm: true }) });
    t.slack.failNext('conversations.open', (call) =>
      call.body.users === 'UMANAGER2' ? { body: { ok: false, error: 'user_not_found' } } : undefined,
    );
    expect((await t.services.digests.tick()).posted).toHaveLength(1);
    expect(posts(t, 'DUMANAGER1')).toHaveLength(1);
    expect(t.logger.text()).toContain('no DM to UMANAGER2: Slack refused conversations.open: user_not_found');
    const [record] = await t.store.digests();
    expect(record?.dms.find((d) => d.user === 'UMANAGER2')?.error).toBe('user_not_found');
    await t.services.digests.tick();
    expect(t.slack.callsTo('conversations.open')).toHaveLength(2);
  });

  it('keeps a DM Slack refused for a reason not about the manager (invalid_auth): the next tick sends it', async () => {
    const t = await startBot(MONDAY_9, { batch: sampleBatch(), config: digestConfig({ dm: true }) });
    t.slack.failNext(
      'chat.postMessage',
      (call) =>
        call.body.channel === 'DUMANAGER2' ? { body: { ok: false, error: 'invalid_auth' } } : undefined,
      2, // the channel's message, then this DM
    );
    expect((await t.services.digests.tick()).failed).toHaveLength(1);
    expect(t.logger.text()).toMatch(/could not be posted in full .*invalid_auth/);
    const [stopped] = await t.store.digests();
    expect(stopped?.status).toBe('posting');
    expect(stopped?.dms.find((d) => d.user === 'UMANAGER2')?.error).toBeUndefined();

    t.clock.set('2026-11-30T09:00:30Z');
    expect((await t.services.digests.tick()).posted).toHaveLength(1);
    expect(posts(t, 'DUMANAGER2')).toHaveLength(2);
    expect(posts(t, 'DUMANAGER2').filter((c) => (c.reply as { ok: boolean }).ok)).toHaveLength(1);
    expect(posts(t, 'DUMANAGER1').filter((c) => (c.reply as { ok: boolean }).ok)).toHaveLength(1);
    expect(posts(t).filter((c) => (c.reply as { ok: boolean }).ok)).toHaveLength(1);
  });

  it('posts nothing when no digest channel is set', async () => {
    const t = await startBot(MONDAY_9, { batch: sampleBatch(), config: {} });
    expect(await t.services.digests.tick()).toEqual({ posted: [], failed: [], skipped: [] });
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });
});

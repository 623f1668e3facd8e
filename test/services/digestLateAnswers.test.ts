import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { DIGEST_PART_EVENT } from '../../src/domain/digestDelivery.js';
import { lookupOldest } from '../../src/domain/slackDelivery.js';
import { bulkBatch } from '../support/bulkData.js';
import type { FakeReply, RecordedCall } from '../support/fakeSlack.js';
import { TestApp } from '../support/harness.js';
import { replyText } from '../support/rollbackSetup.js';
import { sampleBatch } from '../support/sampleData.js';
import { TestClock } from '../support/testClock.js';

/*
 * Slack posting a digest message but its answer never reaching the bot (it gave up waiting) must not
 * double the message: the bot looks for it by its metadata before posting again.
 */

const MONDAY_9 = '2026-11-30T09:00:00Z';
const SLOT_ID = 'scheduled:2026-11-30T09:00:00.000Z';
const APPROVER = 'UAPPROVER1';
/** How long the app waits for Slack here; the faults below answer well after that. */
const TIMEOUT_MS = 400;
/** Slack posts the message, but answers only after the bot gave up waiting. */
const LATE: FakeReply = { late: true, delayMs: TIMEOUT_MS * 3 };
/** Slack does not post it, and answers only after the bot gave up waiting. */
const NO_ANSWER: FakeReply = { status: 504, delayMs: TIMEOUT_MS * 3, body: 'gateway_timeout' };

const running: TestApp[] = [];
afterEach(async () => {
  for (const t of running.splice(0)) await t.stop();
});

async function startBot(options: { dm?: boolean; accounts?: number } = {}): Promise<TestApp> {
  const config: Partial<Config> = {
    deadline: '2026-12-30',
    approvers: [APPROVER],
    digest: { channel: 'CDIGEST', cron: '0 9 * * 1-5', dm: options.dm ?? false },
  };
  const clock = new TestClock(MONDAY_9);
  const t = await TestApp.start({ clock, config, slackTimeoutMs: TIMEOUT_MS });
  running.push(t);
  const batch = options.accounts ? bulkBatch(options.accounts) : sampleBatch();
  await t.store.importBatch(batch, { id: 'test', at: clock.now() });
  return t;
}

/** The posts Slack holds in `channel` (it answered ok, in time or not). */
function held(t: TestApp, channel: string): RecordedCall[] {
  return t.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.body.channel === channel && (c.reply as { ok?: boolean }).ok === true);
}

const tsOf = (c: RecordedCall | undefined) => (c?.reply as { ts: string } | undefined)?.ts;

/** The nth chat.postMessage call (1-based) gets `reply`; the others are answered as usual. */
function failNthPost(t: TestApp, nth: number, reply: FakeReply): void {
  let n = 0;
  t.slack.failNext('chat.postMessage', () => (++n === nth ? reply : undefined), nth);
}

async function slot(t: TestApp) {
  const record = (await t.store.digests()).find((d) => d.id === SLOT_ID);
  if (!record) throw new Error('no record of the slot');
  return record;
}

describe('a digest message Slack posted but answered too late', () => {
  it('the channel message: found in the channel by its metadata, recorded, not posted again', async () => {
    const t = await startBot();
    t.slack.failNext('chat.postMessage', LATE);

    const report = await t.services.digests.tick();

    expect(report.posted).toEqual([SLOT_ID]);
    const posts = held(t, 'CDIGEST');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body.metadata).toEqual({
      event_type: DIGEST_PART_EVENT,
      event_payload: { digest: SLOT_ID, part: 'channel:0' },
    });
    const record = await slot(t);
    expect(record.status).toBe('posted');
    expect(record.parts.map((p) => p.ts)).toEqual([tsOf(posts[0])]);
    expect(record.parts[0]?.uncertainSince).toBeDefined();
    const [lookup] = t.slack.callsTo('conversations.history');
    expect(lookup?.body).toMatchObject({
      channel: 'CDIGEST',
      include_all_metadata: 'true',
      oldest: lookupOldest(record.createdAt),
    });
    expect(t.logger.text()).toContain('channel:0 was posted after all');
    const audit = await t.store.auditTrail();
    expect(audit.filter((e) => e.action === 'digest-part-uncertain')).toHaveLength(1);
  });

  it('a thread reply: found in the thread, recorded; every part once, in order, under the parent', async () => {
    const t = await startBot({ accounts: 3000 });
    failNthPost(t, 2, LATE);

    expect((await t.services.digests.tick()).posted).toEqual([SLOT_ID]);

    const record = await slot(t);
    const posts = held(t, 'CDIGEST');
    expect(record.parts.length).toBeGreaterThan(2);
    expect(posts.map(tsOf)).toEqual(record.parts.map((p) => p.ts));
    expect(new Set(posts.map((c) => c.body.text)).size).toBe(posts.length);
    for (const reply of posts.slice(1)) expect(reply.body.thread_ts).toBe(record.parts[0]?.ts);
    expect(t.slack.callsTo('conversations.replies').map((c) => c.body.ts)).toEqual([record.parts[0]?.ts]);
    expect(t.logger.text()).toContain('channel:1 was posted after all');
  });

  it("a manager's DM: found in the DM, recorded, not sent twice", async () => {
    const t = await startBot({ dm: true });
    t.slack.failNext(
      'chat.postMessage',
      (call) => (call.body.channel === 'DUMANAGER1' ? LATE : undefined),
      3, // the channel's message, UMANAGER2's DM, then UMANAGER1's
    );

    expect((await t.services.digests.tick()).posted).toEqual([SLOT_ID]);

    const posts = held(t, 'DUMANAGER1');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body.metadata).toMatchObject({ event_payload: { part: 'dm:UMANAGER1:0' } });
    const dm = (await slot(t)).dms.find((d) => d.user === 'UMANAGER1');
    expect(dm).toMatchObject({ channel: 'DUMANAGER1', parts: [{ ts: tsOf(posts[0]) }] });
    expect(t.slack.callsTo('conversations.history').map((c) => c.body.channel)).toEqual(['DUMANAGER1']);
    expect(held(t, 'DUMANAGER2')).toHaveLength(1);
    expect(held(t, 'CDIGEST')).toHaveLength(1);
  });
});

describe('a digest message Slack posted but answered with a 5xx', () => {
  it('is found in the channel and recorded, not posted again', async () => {
    const t = await startBot();
    t.slack.failNext('chat.postMessage', { acted: true, status: 500, body: 'internal_error' });

    expect((await t.services.digests.tick()).posted).toEqual([SLOT_ID]);

    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
    const posts = held(t, 'CDIGEST');
    expect(posts).toHaveLength(1);
    expect((await slot(t)).parts.map((p) => p.ts)).toEqual([tsOf(posts[0])]);
  });
});

describe('a digest message Slack clearly refused', () => {
  it('is not marked uncertain nor looked for: Slack did not post it, so the next check posts it', async () => {
    const t = await startBot();
    t.slack.failNext('chat.postMessage', { body: { ok: false, error: 'invalid_auth' } });

    expect((await t.services.digests.tick()).failed).toEqual([SLOT_ID]);
    expect((await slot(t)).parts[0]?.uncertainSince).toBeUndefined();

    t.clock.advance(30_000);
    expect((await t.services.digests.tick()).posted).toEqual([SLOT_ID]);
    expect(t.slack.callsTo('conversations.history')).toHaveLength(0);
    expect(held(t, 'CDIGEST')).toHaveLength(1);
  });
});

describe('a digest message Slack did not post and did not answer in time', () => {
  it('is looked for, not found, and posted again: once in Slack, once on record', async () => {
    const t = await startBot();
    t.slack.failNext('chat.postMessage', NO_ANSWER);

    expect((await t.services.digests.tick()).posted).toEqual([SLOT_ID]);

    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(2);
    const posts = held(t, 'CDIGEST');
    expect(posts).toHaveLength(1);
    expect((await slot(t)).parts.map((p) => p.ts)).toEqual([tsOf(posts[0])]);
    expect(t.slack.callsTo('conversations.history')).toHaveLength(1);
  });
});

describe('looking for an uncertain message fails', () => {
  it('posts nothing more, tells the asker and logs it; a later check finds the message and records it', async () => {
    const t = await startBot();
    t.slack.failNext('chat.postMessage', LATE);
    t.slack.failNext('conversations.history', { body: { ok: false, error: 'internal_error' } });

    const { responseId } = await t.sendCommand('digest post', { user: APPROVER });
    const answer = replyText(await t.slack.waitForResponse(responseId, 1, 10_000));

    expect(answer).toContain('could not be posted in full (0 of 1 channel message out)');
    expect(answer).toContain('conversations.history');
    expect(t.logger.text()).toMatch(/ERROR Digest extra:\S+ could not be posted in full/);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
    const [stopped] = await t.store.digests();
    expect(stopped?.status).toBe('posting');
    expect(stopped?.parts[0]).toMatchObject({ uncertainSince: expect.any(String) });
    expect(stopped?.parts[0]?.ts).toBeUndefined();

    t.clock.advance(30_000);
    await t.services.digests.tick();

    const posts = held(t, 'CDIGEST').filter(
      (c) => (c.body.metadata as { event_payload: { digest: string } }).event_payload.digest === stopped?.id,
    );
    expect(posts).toHaveLength(1);
    const [done] = (await t.store.digests()).filter((d) => d.id === stopped?.id);
    expect(done).toMatchObject({ status: 'posted', parts: [{ ts: tsOf(posts[0]) }] });
  });
});

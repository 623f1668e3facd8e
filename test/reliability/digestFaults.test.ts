import { afterEach, describe, expect, it } from 'vitest';
import type { DigestRecord } from '../../src/domain/digestRecord.js';
import { bulkBatch } from '../support/bulkData.js';
import type { RecordedCall } from '../support/fakeSlack.js';
import { TestApp } from '../support/harness.js';
import { seededRandom } from '../support/random.js';
import { replyText } from '../support/rollbackSetup.js';
import { TestClock } from '../support/testClock.js';
import { expectNoSecretsLeaked } from './support/secrets.js';
import { LATE_ANSWER, SLACK_TIMEOUT_MS, tookEffect, WEB_API_FAULTS } from './support/slackFaults.js';

const APPROVERS = ['UAPPROVER1', 'UAPPROVER2'];
const DIGEST_CHANNEL = 'CDIGEST';
const MONDAY_9 = '2026-11-30T09:00:00Z';

let t: TestApp | undefined;
afterEach(async () => {
  if (!t) return;
  expectNoSecretsLeaked(t);
  await t.stop();
  t = undefined;
});

describe('Slack failing while several digests post at once', () => {
  it('429, 500, no answer, a post answered too late and invalid_auth on a fifth of the calls: every message of every digest ends up in Slack exactly once, and each asker whose digest stopped is told', async () => {
    const clock = new TestClock(MONDAY_9);
    t = await TestApp.start({
      clock,
      slackTimeoutMs: SLACK_TIMEOUT_MS,
      config: {
        deadline: '2026-12-30',
        approvers: APPROVERS,
        digest: { channel: DIGEST_CHANNEL, cron: '0 9 * * 1-5', dm: true },
      },
    });
    const batch = bulkBatch(2500, 2);
    await t.store.importBatch(batch, { id: 'import', at: clock.now() });
    // A late answer is Slack posting the message all the same: the bot must find it, not post it again.
    // The lookups themselves fail too, now and then.
    t.slack.injectFaults({
      methods: ['chat.postMessage', 'conversations.open', 'conversations.history', 'conversations.replies'],
      rate: 0.2,
      random: seededRandom(606),
      faults: [...WEB_API_FAULTS, LATE_ANSWER],
    });

    // Four approvers' `/reauth digest post` and the scheduled slot, all at once.
    const askers = [APPROVERS[0], APPROVERS[1], APPROVERS[0], APPROVERS[1]] as string[];
    const app = t;
    const [replies] = await Promise.all([
      Promise.all(
        askers.map(async (user) => {
          const { responseId, result } = await app.sendCommand('digest post', { user });
          expect(result.status).toBe(200);
          return replyText(await app.slack.waitForResponse(responseId, 1, 90_000));
        }),
      ),
      t.services.digests.tick(),
    ]);
    const stopped = replies.filter((r) => r.includes('could not be posted in full'));
    expect(replies.filter((r) => r.includes('Posted the digest to <#CDIGEST>'))).toHaveLength(
      askers.length - stopped.length,
    );
    // With this seed Slack refuses some digests for good on this attempt; the askers are told why,
    // and that the bot carries on.
    expect(stopped.length).toBeGreaterThan(0);
    for (const reply of stopped) {
      expect(reply).toMatch(/\(\d+ of \d+ channel messages? out\): .+ It is on record/);
    }
    const logged = t.logger.lines.filter(
      (l) => l.startsWith('ERROR') && l.includes('could not be posted in full'),
    );
    expect(logged.length).toBeGreaterThanOrEqual(stopped.length);

    // The bot's next checks carry on, Slack still failing now and then, then well again.
    for (let i = 0; i < 3; i++) {
      clock.advance(30_000);
      await t.services.digests.tick();
    }
    t.slack.injectFaults();
    clock.advance(30_000);
    await t.services.digests.tick();

    const records = await t.store.digests();
    expect(records.map((r) => r.status)).toEqual(records.map(() => 'posted'));
    expect(records.filter((r) => r.kind === 'scheduled')).toHaveLength(1);
    expect(
      records
        .filter((r) => r.kind === 'extra')
        .map((r) => r.requestedBy)
        .sort(),
    ).toEqual([...askers].sort());
    // No DM given up on: nobody's account is gone, Slack was only failing.
    expect(records.flatMap((r) => r.dms.filter((d) => d.error))).toEqual([]);

    // Slack holds exactly the messages the records name, each once: nothing lost, nothing doubled.
    const held = t.slack.callsTo('chat.postMessage').filter(tookEffect);
    const where = (c: RecordedCall) => `${String(c.body.channel)} ${(c.reply as { ts: string }).ts}`;
    expect(held.map(where).sort()).toEqual(records.flatMap(recordedMessages).sort());
    // Among them, posts whose answer came too late (this seed draws several): each found, not reposted.
    expect(held.filter((c) => c.fault?.late).length).toBeGreaterThan(0);

    // And each digest reads whole: every pending account once in the channel, and once in its manager's DM.
    const byPlace = new Map(held.map((c) => [where(c), c]));
    const everyAccountOnce = new Map(batch.accounts.map((a) => [a.id, 1]));
    for (const record of records) {
      expect(mentions(expectThread(byPlace, record.channel, record.parts)), record.id).toEqual(
        everyAccountOnce,
      );
      for (const dm of record.dms) {
        const managed = batch.accounts.filter((a) => a.accountManager === dm.user);
        expect(
          mentions(expectThread(byPlace, dm.channel as string, dm.parts)),
          `${record.id} DM ${dm.user}`,
        ).toEqual(new Map(managed.map((a) => [a.id, 1])));
      }
    }
  });
});

/** Every message a digest record says it posted, as `<channel> <ts>`. */
function recordedMessages(record: DigestRecord): string[] {
  return [
    ...record.parts.map((p) => `${record.channel} ${p.ts}`),
    ...record.dms.flatMap((dm) => dm.parts.map((p) => `${dm.channel} ${p.ts}`)),
  ];
}

/** The parts as posted: the first one, the others in its thread. Returns their blocks as one text. */
function expectThread(
  byPlace: Map<string, RecordedCall>,
  channel: string,
  parts: DigestRecord['parts'],
): string {
  const posted = parts.map((p) => byPlace.get(`${channel} ${p.ts}`) as RecordedCall);
  expect(posted.every(Boolean)).toBe(true);
  for (const reply of posted.slice(1)) expect(reply.body.thread_ts).toBe(parts[0]?.ts);
  return posted.map((c) => JSON.stringify(c.body.blocks)).join('\n');
}

/** How often each account is named in the text, as the digest names it: (`bulk-0042`). */
function mentions(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [, id] of text.matchAll(/\(`(bulk-\d+)`\)/g))
    counts.set(id as string, (counts.get(id as string) ?? 0) + 1);
  return counts;
}

import { afterEach, describe, expect, it } from 'vitest';
import { DigestScheduler, MAX_TICK_INTERVAL_MS, type Timers } from '../../src/services/digestScheduler.js';
import { TestApp } from '../support/harness.js';
import { sampleBatch } from '../support/sampleData.js';
import { TestClock } from '../support/testClock.js';

/** Timers that only run when the test says so. */
class ManualTimers implements Timers {
  pending: { run: () => void; ms: number }[] = [];
  setTimeout(run: () => void, ms: number) {
    const timer = { run, ms };
    this.pending.push(timer);
    return timer;
  }
  clearTimeout(handle: unknown) {
    this.pending = this.pending.filter((t) => t !== handle);
  }
  fire() {
    const timer = this.pending.shift();
    if (!timer) throw new Error('no timer set');
    timer.run();
  }
}

let t: TestApp | undefined;
afterEach(() => t?.stop());

describe('the digest scheduler', () => {
  it('without a digest channel: no scheduler, said once in the log', async () => {
    t = await TestApp.start({ clock: new TestClock('2026-11-30T09:00:00Z') });
    const timers = new ManualTimers();
    const scheduler = new DigestScheduler(t.services.digests, t.clock, t.logger, timers);
    expect(scheduler.start()).toBe(false);
    expect(timers.pending).toEqual([]);
    expect(t.logger.lines.filter((l) => l.includes('Scheduled digests are off'))).toHaveLength(1);
    expect(t.logger.text()).toContain('REAUTH_DIGEST_CHANNEL is not set');
  });

  it('ticks at start, then again at least every 30 seconds, posting when a slot comes', async () => {
    t = await TestApp.start({
      clock: new TestClock('2026-11-30T08:58:00Z'),
      config: { digest: { channel: 'CDIGEST', cron: '0 9 * * 1-5', dm: false } },
    });
    await t.store.importBatch(sampleBatch(), { id: 'test', at: t.clock.now() });
    const timers = new ManualTimers();
    const scheduler = new DigestScheduler(t.services.digests, t.clock, t.logger, timers);
    expect(scheduler.start()).toBe(true);
    expect(t.logger.text()).toContain(
      'Digests: "0 9 * * 1-5" in UTC to CDIGEST; next slot 2026-11-30T09:00:00.000Z',
    );
    await scheduler.settled();
    expect(timers.pending.map((p) => p.ms)).toEqual([MAX_TICK_INTERVAL_MS]);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(0);

    t.clock.set('2026-11-30T08:59:50Z');
    timers.fire();
    await scheduler.settled();
    expect(timers.pending.map((p) => p.ms)).toEqual([10_000]);

    t.clock.set('2026-11-30T09:00:00Z');
    timers.fire();
    await scheduler.settled();
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);

    await scheduler.stop();
    expect(timers.pending).toEqual([]);
  });
});

import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { SliceProbe } from '../../bench/sliceProbe.js';

/**
 * Spins for at least `ms` of wall time and of this process's CPU time: wall time alone can be spent
 * waiting for the CPU on a busy machine (which the probe leaves out), and CPU time alone runs ahead when
 * the process's other threads (GC helpers, busy with what earlier test files left) work at the same time.
 */
function spin(ms: number): void {
  const start = process.cpuUsage();
  const began = performance.now();
  for (;;) {
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms && performance.now() - began >= ms) return;
  }
}

describe('SliceProbe', () => {
  it('counts a chain of awaits as one block of the traced work, and a yield to the loop as a break', async () => {
    const probe = new SliceProbe().start();
    await probe.trace(async () => {
      for (let i = 0; i < 30; i++) {
        spin(1);
        await null;
      }
      await nextTurn();
      spin(5);
    });
    const report = probe.stop();
    expect(report.tracedTasks).toBe(2);
    expect(report.longestTracedMs).toBeGreaterThanOrEqual(15);
    expect(report.tracedTotalMs).toBeGreaterThanOrEqual(report.longestTracedMs + 2);
  });

  it('charges work outside the traced context to the rest, one timer callback at a time', async () => {
    const probe = new SliceProbe().start();
    const traced = probe.trace(async () => {
      spin(2);
    });
    for (let i = 0; i < 3; i++)
      await new Promise<void>((resolve) =>
        setTimeout(() => {
          spin(12);
          resolve();
        }, 1),
      );
    await traced;
    const report = probe.stop();
    expect(report.longestOtherMs).toBeGreaterThanOrEqual(6);
    expect(report.longestTracedMs).toBeLessThan(report.longestOtherMs);
  });
});

import { type PerformanceEntry, PerformanceObserver, performance } from 'node:perf_hooks';

export interface LagReport {
  /** Longest gap between 1 ms timer ticks (wall clock). */
  maxStallMs: number;
  /** The same gaps, each charged only the CPU time this process used in it: the loop was busy. */
  maxBusyMs: number;
  /** The busy gaps minus the garbage collector's pauses in them: JavaScript (ours, Bolt's) running. */
  maxBusyWithoutGcMs: number;
}

/**
 * Watches the event loop with a 1 ms timer. A gap between ticks is a stall; on a machine shared
 * with other work a stall can be the OS not running us at all, so each gap is also charged only
 * the CPU time the process used in it (an upper bound: that CPU time includes GC and libuv helper
 * threads), and, separately, that minus the GC pauses the VM reported inside the gap.
 */
export class LagProbe {
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private lastCpu = process.cpuUsage();
  private gaps: { start: number; end: number; busy: number }[] = [];
  private gcs: PerformanceEntry[] = [];
  private observer: PerformanceObserver | undefined;

  start(): this {
    this.gaps = [];
    this.gcs = [];
    this.observer = new PerformanceObserver((list) => this.gcs.push(...list.getEntries()));
    this.observer.observe({ entryTypes: ['gc'] });
    this.last = performance.now();
    this.lastCpu = process.cpuUsage();
    this.timer = setInterval(() => this.tick(), 1);
    return this;
  }

  stop(): LagReport {
    this.tick();
    clearInterval(this.timer);
    this.gcs.push(...(this.observer?.takeRecords() ?? []));
    this.observer?.disconnect();
    const report: LagReport = { maxStallMs: 0, maxBusyMs: 0, maxBusyWithoutGcMs: 0 };
    for (const gap of this.gaps) {
      let gc = 0;
      for (const e of this.gcs) {
        gc += Math.max(0, Math.min(gap.end, e.startTime + e.duration) - Math.max(gap.start, e.startTime));
      }
      report.maxStallMs = Math.max(report.maxStallMs, gap.end - gap.start);
      report.maxBusyMs = Math.max(report.maxBusyMs, gap.busy);
      report.maxBusyWithoutGcMs = Math.max(report.maxBusyWithoutGcMs, Math.max(0, gap.busy - gc));
    }
    return report;
  }

  private tick(): void {
    const now = performance.now();
    const cpu = process.cpuUsage();
    const stall = now - this.last;
    const cpuMs = (cpu.user - this.lastCpu.user + cpu.system - this.lastCpu.system) / 1000;
    // Only gaps worth a look are kept, so a long run holds little.
    if (stall > 5) this.gaps.push({ start: this.last, end: now, busy: Math.min(stall, cpuMs) });
    this.last = now;
    this.lastCpu = cpu;
  }
}

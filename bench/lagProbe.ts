import { performance } from 'node:perf_hooks';

/**
 * Watches the event loop with a 1 ms timer. A gap between ticks is a stall; on a machine shared
 * with other work a stall can be the OS not running us at all, so each gap is also charged only
 * the CPU time the process used in it: `maxBusyMs` is the longest stretch the loop was kept busy by
 * this process (an upper bound: the CPU time includes GC and libuv helper threads).
 */
export class LagProbe {
  maxStallMs = 0;
  maxBusyMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private lastCpu = process.cpuUsage();

  start(): this {
    this.maxStallMs = 0;
    this.maxBusyMs = 0;
    this.last = performance.now();
    this.lastCpu = process.cpuUsage();
    this.timer = setInterval(() => this.tick(), 1);
    return this;
  }

  stop(): { maxStallMs: number; maxBusyMs: number } {
    this.tick();
    clearInterval(this.timer);
    return { maxStallMs: this.maxStallMs, maxBusyMs: this.maxBusyMs };
  }

  private tick(): void {
    const now = performance.now();
    const cpu = process.cpuUsage();
    const stall = now - this.last;
    const cpuMs = (cpu.user - this.lastCpu.user + cpu.system - this.lastCpu.system) / 1000;
    this.maxStallMs = Math.max(this.maxStallMs, stall);
    this.maxBusyMs = Math.max(this.maxBusyMs, Math.min(stall, cpuMs));
    this.last = now;
    this.lastCpu = cpu;
  }
}

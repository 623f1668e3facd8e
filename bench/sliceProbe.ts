import { AsyncLocalStorage, createHook, executionAsyncResource } from 'node:async_hooks';
import { openSync, readSync } from 'node:fs';
import { type PerformanceEntry, PerformanceObserver, performance } from 'node:perf_hooks';

export interface SliceReport {
  /** Longest time the traced work held the event loop at a time (one task and its microtasks), net. */
  longestTracedMs: number;
  /** Longest time anything else held it at a time (request handling, Bolt, timers), net. */
  longestOtherMs: number;
  /** Time the traced work held the loop in all, net. */
  tracedTotalMs: number;
  /** Loop tasks the traced work ran in. */
  tracedTasks: number;
}

/**
 * How long (ms) the calling thread has waited, runnable, for a CPU the OS gave to something else:
 * the second field of Linux's /proc/thread-self/schedstat (nanoseconds). On a shared machine that
 * wait is not time our code held the loop. Elsewhere it reads 0 and blocks are wall time.
 */
const threadRunQueueWaitMs: () => number = (() => {
  try {
    const fd = openSync('/proc/thread-self/schedstat', 'r');
    const buffer = Buffer.alloc(128);
    return () => {
      const n = readSync(fd, buffer, 0, buffer.length, 0);
      return Number(buffer.toString('latin1', 0, n).split(' ')[1]) / 1e6;
    };
  } catch {
    return () => 0;
  }
})();

/**
 * Promise continuations and process.nextTick callbacks run in the queue drained right after each
 * callback, before the loop moves on: they continue the current task. (A tick's resource is a plain
 * object holding its callback.)
 */
function continuesTask(resource: object): boolean {
  return (
    resource instanceof Promise ||
    (Object.getPrototypeOf(resource) === Object.prototype && 'callback' in resource)
  );
}

/** One loop task: a macrotask callback and the microtasks drained right after it, until the next macrotask. */
interface Task {
  start: number;
  end: number;
  /** Time inside callbacks (wall less run-queue wait), charged to the traced work or to the rest. */
  traced: number;
  other: number;
}

/**
 * Times every callback the event loop runs (async_hooks before/after, promise continuations
 * included), groups them into loop tasks, and charges the callbacks that belong to `trace(work)` to
 * that work through an AsyncLocalStorage context. A chain of awaits runs as one uninterrupted task,
 * so it counts as one block; fifty short request callbacks in one loop turn count as fifty. Net
 * times leave out the time the OS ran something else instead of us and the GC pauses. The hooks
 * slow promises down, so use it only while measuring this, not for latencies.
 */
export class SliceProbe {
  private readonly context = new AsyncLocalStorage<true>();
  private depth = 0;
  private frame = { start: 0, wait: 0, traced: false };
  private task: Task = { start: 0, end: 0, traced: 0, other: 0 };
  private tasks: Task[] = [];
  private gcs: PerformanceEntry[] = [];
  private observer: PerformanceObserver | undefined;
  private readonly hook = createHook({
    before: () => {
      // Callbacks run synchronously inside another count once, as part of the outer one.
      if (this.depth++ > 0) return;
      const start = performance.now();
      if (!continuesTask(executionAsyncResource())) this.newTask(start);
      this.frame = { start, wait: threadRunQueueWaitMs(), traced: this.context.getStore() === true };
    },
    after: () => {
      if (this.depth === 0 || --this.depth > 0) return;
      this.charge(this.frame.traced, this.frame.start, this.frame.wait);
    },
  });

  start(): this {
    this.tasks = [];
    // The rest of the current task (its microtasks) is the first task.
    this.task = { start: performance.now(), end: performance.now(), traced: 0, other: 0 };
    this.depth = 0;
    this.gcs = [];
    this.observer = new PerformanceObserver((list) => this.gcs.push(...list.getEntries()));
    this.observer.observe({ entryTypes: ['gc'] });
    this.hook.enable();
    return this;
  }

  /** Runs `work` so that every callback it leads to is charged to it. */
  trace<T>(work: () => Promise<T>): Promise<T> {
    // Started from a microtask inside the context, so even its synchronous start is a traced callback.
    return this.context.run(true, async () => {
      await null;
      return work();
    });
  }

  stop(): SliceReport {
    this.hook.disable();
    this.newTask(performance.now());
    this.gcs.push(...(this.observer?.takeRecords() ?? []));
    this.observer?.disconnect();
    const gcIn = (task: Task) => {
      let gc = 0;
      for (const e of this.gcs)
        gc += Math.max(0, Math.min(task.end, e.startTime + e.duration) - Math.max(task.start, e.startTime));
      return gc;
    };
    const report: SliceReport = { longestTracedMs: 0, longestOtherMs: 0, tracedTotalMs: 0, tracedTasks: 0 };
    for (const task of this.tasks) {
      // A GC pause in a task is charged to whichever side did most of the task's work.
      const gc = gcIn(task);
      const traced = Math.max(0, task.traced - (task.traced >= task.other ? gc : 0));
      const other = Math.max(0, task.other - (task.other > task.traced ? gc : 0));
      if (task.traced > 0) {
        report.tracedTasks++;
        report.tracedTotalMs += traced;
        report.longestTracedMs = Math.max(report.longestTracedMs, traced);
      }
      report.longestOtherMs = Math.max(report.longestOtherMs, other);
    }
    return report;
  }

  private newTask(start: number): void {
    // Only tasks worth a look are kept, so a long measurement holds little.
    if (this.task.traced > 0 || this.task.other > 1) this.tasks.push(this.task);
    this.task = { start, end: start, traced: 0, other: 0 };
  }

  private charge(traced: boolean, start: number, wait: number): void {
    const task = this.task;
    const end = performance.now();
    const net = Math.max(0, end - start - (threadRunQueueWaitMs() - wait));
    if (traced) task.traced += net;
    else task.other += net;
    task.end = end;
  }
}

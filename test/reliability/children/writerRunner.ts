/**
 * A worker thread that starts crash-test writers and SIGKILLs them on time. The checks the crash test
 * makes after each kill run on the test's own event loop and can hold it for long stretches; a kill
 * timed on that loop would land late, the writer would write on, its store would grow and the next
 * check would take longer still. On this thread's loop nothing else runs, so a kill lands when asked.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

export interface WriterRun {
  id: number;
  /** The writer script and its arguments. */
  args: string[];
  /** Its log file: the writer notes `ready` there once its store is open. */
  log: string;
  /**
   * When to kill it: `killAfterMs` after its start (`early`: while it opens the store), or
   * `killAfterMs` after it reported its `afterAcks`-th write done. Counting writes rather than
   * milliseconds keeps what each writer does the same on a slow or busy machine.
   */
  early: boolean;
  afterAcks: number;
  killAfterMs: number;
  /** How long to wait for `ready` and those writes before killing anyway. */
  readyWithinMs: number;
}

export interface WriterEnd {
  id: number;
  stderr: string;
  /** False when the writer exited on its own before the kill (it reached its limit, or failed). */
  killed: boolean;
  code: number | null;
  /** Set when the writer did not say `ready` and make its writes within `readyWithinMs`. */
  notReady?: true;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Follows a writer's log as it grows: whether it said `ready`, and how many writes it acknowledged. */
class LogFollower {
  ready = false;
  acks = 0;
  private fd: number | undefined;
  private offset = 0;
  private partial = '';
  private readonly chunk = Buffer.alloc(64 * 1024);

  constructor(private readonly file: string) {}

  poll(): void {
    try {
      this.fd ??= openSync(this.file, 'r');
    } catch {
      return; // Not created yet.
    }
    for (;;) {
      const n = readSync(this.fd, this.chunk, 0, this.chunk.length, this.offset);
      if (n === 0) return;
      this.offset += n;
      const lines = (this.partial + this.chunk.toString('utf8', 0, n)).split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') this.ready = true;
        else if (line === 'ack') this.acks++;
      }
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
  }
}

async function run(job: WriterRun): Promise<WriterEnd> {
  const child: ChildProcess = spawn(process.execPath, job.args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  // 'close', not 'exit': only then has everything the writer printed been read.
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  let notReady = false;
  if (!job.early) {
    const log = new LogFollower(job.log);
    const deadline = Date.now() + job.readyWithinMs;
    for (log.poll(); !exited && !(log.ready && log.acks >= job.afterAcks); log.poll()) {
      if (Date.now() > deadline) {
        notReady = true;
        break;
      }
      await sleep(1);
    }
    log.close();
  }
  if (!notReady) await sleep(job.killAfterMs);
  // The child object knows whether the process is still ours to kill: no signal to a reused PID.
  const killed = !exited && child.kill('SIGKILL');
  const code = await closed;
  return { id: job.id, stderr, killed, code, ...(notReady ? { notReady: true as const } : {}) };
}

parentPort?.on('message', (job: WriterRun) => {
  void run(job)
    .catch((error: unknown): WriterEnd => ({ id: job.id, stderr: String(error), killed: false, code: null }))
    .then((end) => parentPort?.postMessage(end));
});

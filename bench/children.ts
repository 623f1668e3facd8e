import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { BenchReply, BenchRequest } from './appServer.js';

type Ready = Extract<BenchReply, { kind: 'ready' }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An app under test in its own process, driven over IPC. */
export class AppProcess {
  private nextId = 1;
  private pending = new Map<number, (reply: BenchReply) => void>();
  output = '';

  private constructor(
    readonly mode: 'real' | 'bare',
    readonly child: ChildProcess,
    readonly ready: Ready,
    /** From fork() until GET /healthz answered 200. */
    readonly coldStartMs: number,
  ) {
    child.on('message', (reply: BenchReply) => {
      if (!('id' in reply)) return;
      const resolve = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      resolve?.(reply);
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.ready.port}`;
  }

  static async start(
    script: string,
    mode: 'real' | 'bare',
    env: NodeJS.ProcessEnv,
    execArgv: string[] = [],
  ): Promise<AppProcess> {
    const t0 = performance.now();
    const child = fork(script, [mode], { env, execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const ready = await new Promise<Ready>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${mode} app did not start:\n${output}`)), 60_000);
      child.on('message', (m: BenchReply) => {
        if (m.kind === 'ready') {
          clearTimeout(timer);
          resolve(m);
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${mode} app exited ${code} before it was ready:\n${output}`));
      });
    });
    const health = await fetch(`http://127.0.0.1:${ready.port}/healthz`);
    if (health.status !== 200) throw new Error(`${mode} app /healthz answered ${health.status}`);
    await health.text();
    const coldStartMs = performance.now() - t0;
    const app = new AppProcess(mode, child, ready, coldStartMs);
    app.output = output;
    child.stdout?.on('data', (d: Buffer) => {
      app.output += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      app.output += d.toString();
    });
    return app;
  }

  request<K extends BenchRequest['kind']>(
    request: DistributiveOmit<Extract<BenchRequest, { kind: K }>, 'id'>,
  ): Promise<BenchReply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.mode} app: no reply to ${request.kind}`)),
        60_000,
      );
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        if (reply.kind === 'error') reject(new Error(`${this.mode} app: ${reply.message}`));
        else resolve(reply);
      });
      this.child.send({ ...request, id } as BenchRequest);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    await this.request({ kind: 'stop' }).catch((error: unknown) => {
      console.error(
        `[bench] ${this.mode} app did not stop cleanly (${(error as Error).message}); killing it`,
      );
      this.child.kill('SIGKILL');
    });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    const [code, signal] = await exited;
    clearTimeout(timer);
    if (code !== 0) console.error(`[bench] ${this.mode} app exited with ${code ?? signal}:\n${this.output}`);
  }
}

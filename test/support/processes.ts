import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for a child with nothing inherited that could change its behaviour (no .env, no tokens). */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...extra };
}

/** No process a test starts lives longer than this, whatever the test does or fails to do. */
export const PROCESS_LIFETIME_MS = 90_000;
const alive = new Set<ChildProcess>();
// A test file that ends, passes, fails or is timed out leaves no process of its own behind.
process.on('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

export function startNode(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
  lifetimeMs = PROCESS_LIFETIME_MS,
  user?: { uid: number; gid: number },
): Running {
  return startProgram(process.execPath, [script, ...args], env, cwd, lifetimeMs, user);
}

/**
 * `node script args` with a terminal (a pseudo-terminal from util-linux `script`) as its standard
 * input and output, as when a person starts it: what is written to the child's stdin is typed there.
 */
export function startNodeInTerminal(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
  lifetimeMs = PROCESS_LIFETIME_MS,
): Running {
  const command = [process.execPath, script, ...args].map((word) => `'${word.replace(/'/g, "'\\''")}'`);
  return startProgram(
    'script',
    ['--quiet', '--return', '--command', command.join(' '), '/dev/null'],
    env,
    cwd,
    lifetimeMs,
  );
}

/** Any program (e.g. `unshare … node …`), with the same lifetime and clean-up as startNode. */
export function startProgram(
  program: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
  lifetimeMs = PROCESS_LIFETIME_MS,
  /** Run as this user (the tests run as root on CI, whom no file permission stops). */
  user?: { uid: number; gid: number },
): Running {
  const child = spawn(program, args, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'], ...user });
  alive.add(child);
  const limit = setTimeout(() => child.kill('SIGKILL'), lifetimeMs);
  limit.unref();
  child.on('exit', () => {
    clearTimeout(limit);
    alive.delete(child);
  });
  return new Running(child);
}

export class Running {
  stdout = '';
  stderr = '';
  readonly exited: Promise<Finished>;
  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (d: Buffer) => {
      this.stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.exited = once(child, 'exit').then(([code]) => ({
      code: code as number | null,
      stdout: this.stdout,
      stderr: this.stderr,
    }));
  }

  /** Waits until the output contains `text`, or fails with what was printed. */
  async waitForOutput(text: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!`${this.stdout}${this.stderr}`.includes(text)) {
      if (this.child.exitCode !== null)
        throw new Error(
          `Exited ${this.child.exitCode} before printing "${text}":\n${this.stdout}${this.stderr}`,
        );
      if (Date.now() > deadline)
        throw new Error(`No "${text}" within ${timeoutMs} ms:\n${this.stdout}${this.stderr}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

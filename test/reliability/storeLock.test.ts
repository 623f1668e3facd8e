import { type ChildProcessWithoutNullStreams, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreLockedError } from '../../store/fileLock.js';
import { openFileStore } from '../../store/openStore.js';
import { FakeSlack } from '../support/fakeSlack.js';
import { cleanEnv, type Running, startNode, startProgram } from '../support/processes.js';
import { sampleBatch } from '../support/sampleData.js';

const MAIN = resolve('dist/src/main.js');
const TAKER = resolve('dist/test/reliability/children/lockTaker.js');

/** `unshare` makes a PID namespace (as Docker does) where the bot is process 1; not every machine allows it. */
const UNSHARE = ['--user', '--pid', '--fork', '--map-root-user', '--kill-child=SIGKILL'];
const canUnshare =
  spawnSync('unshare', [...UNSHARE, process.execPath, '-e', 'process.exit(process.pid === 1 ? 0 : 3)'], {
    timeout: 30_000,
  }).status === 0;

let dir: string;
let file: string;
const running: Running[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'reauth-lock-'));
  file = join(dir, 'reauth.json');
});
afterEach(async () => {
  for (const r of running.splice(0)) {
    if (r.child.exitCode === null) r.child.kill('SIGKILL');
    await r.exited;
  }
});

const lockFile = () => JSON.parse(readFileSync(`${file}.lock`, 'utf8')) as { pid: number; purpose: string };

function staleLock(pid: number, purpose = 'a bot that crashed'): void {
  writeFileSync(
    `${file}.lock`,
    JSON.stringify({ pid, host: hostname(), since: '2026-11-01T00:00:00.000Z', purpose }),
  );
}

/** A process ID that no process has now: one that just ran and was reaped. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', ''], { timeout: 30_000, killSignal: 'SIGKILL' }).pid as number;
}

/** The process ID (in this namespace) of the child of `parent`: `unshare --fork` runs the bot as one. */
function childOf(parent: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid …: comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) return Number(entry);
    } catch {
      // Gone meanwhile.
    }
  }
  return undefined;
}

describe('a lock whose holder is gone is never in the way', () => {
  let slack: FakeSlack;
  beforeEach(async () => {
    slack = await new FakeSlack().start();
  });
  afterEach(async () => {
    await slack.stop();
  });

  function botAsPidOne(): Running {
    const env = cleanEnv({
      SLACK_BOT_TOKEN: 'xoxb-pid-one-bot-token-000000',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: slack.apiUrl,
      REAUTH_DB: file,
      PORT: '0',
    });
    const bot = startProgram('unshare', [...UNSHARE, process.execPath, MAIN], env, dir);
    running.push(bot);
    return bot;
  }

  it.skipIf(!canUnshare)(
    'the bot as PID 1 in its own PID namespace (as in a container), killed with SIGKILL, starts again the same way',
    async () => {
      const first = botAsPidOne();
      await first.waitForOutput('reauth-bot is running', 30_000);
      expect(lockFile().pid).toBe(1);
      const bot = childOf(first.child.pid as number);
      expect(bot).toBeDefined();
      process.kill(bot as number, 'SIGKILL');
      await first.exited;
      // What the crash left: a lock file naming process 1 on this host, which is the restart's own PID.
      expect(lockFile()).toMatchObject({ pid: 1, purpose: 'the bot (npm start)' });

      const second = botAsPidOne();
      await second.waitForOutput('reauth-bot is running', 30_000);
      expect(second.stderr).not.toContain('in use by');
      expect(lockFile().pid).toBe(1);
      // And it really holds the lock: a writer here is refused, naming it.
      const error = await openFileStore(file).catch((e: unknown) => e as Error);
      expect(error).toBeInstanceOf(StoreLockedError);
      expect((error as Error).message).toContain('in use by the bot (npm start) (process 1 on');
    },
  );

  const leftBehind: [string, () => number][] = [
    ['process 1 (a container’s bot, after a restart)', () => 1],
    ['our own process ID', () => process.pid],
    ['a process ID now used by an unrelated live process', () => process.ppid],
    ['a process that no longer runs', deadPid],
  ];
  it.each(leftBehind)(
    'a lock file naming %s, with no process holding the lock: taken over',
    async (_what, pid) => {
      staleLock(pid());
      const store = await openFileStore(file, { purpose: 'the restarted bot' });
      try {
        await store.importBatch(sampleBatch(), { id: 'import', at: new Date('2026-11-01T00:00:00Z') });
        expect(lockFile()).toMatchObject({ pid: process.pid, purpose: 'the restarted bot' });
      } finally {
        await store.close();
      }
    },
  );
});

describe('two processes taking over a stale lock at the same instant', () => {
  /** A contender: answers each command with one line (see lockTaker.ts). */
  function taker(name: string) {
    const contender = startNode(TAKER, [file, name], cleanEnv({}));
    running.push(contender);
    const child = contender.child as ChildProcessWithoutNullStreams;
    const waiting: ((line: string) => void)[] = [];
    let buffer = '';
    child.stdout.on('data', (data: Buffer) => {
      buffer += data.toString();
      for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        waiting.shift()?.(line);
      }
    });
    const ask = (command: string) =>
      new Promise<string>((resolveAnswer, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} did not answer "${command}"`)), 20_000);
        waiting.push((line) => {
          clearTimeout(timer);
          resolveAnswer(line);
        });
        child.stdin.write(`${command}\n`);
      });
    return { child, ask };
  }

  it('exactly one wins, 100 times out of 100', async () => {
    const contenders = [taker('taker A'), taker('taker B')];
    try {
      const dead = deadPid();
      const outcomes: string[] = [];
      for (let round = 0; round < 100; round++) {
        staleLock(dead);
        const at = Date.now() + 40;
        const answers = await Promise.all(contenders.map((c) => c.ask(`take ${at}`)));
        outcomes.push(answers.join('/'));
        await Promise.all(contenders.map((c) => c.ask('release')));
      }
      // Each round's answers, A's then B's: anything but one winner is listed with its round.
      const wrong = outcomes.flatMap((o, round) =>
        o === 'won/refused' || o === 'refused/won' ? [] : [`${round}: ${o}`],
      );
      expect(wrong).toEqual([]);
    } finally {
      for (const c of contenders) c.child.stdin.end();
    }
  });
});

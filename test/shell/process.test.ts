import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock } from '../../store/fileLock.js';
import { FakeSlack } from '../support/fakeSlack.js';
import { cleanEnv, type Running, startNode } from '../support/processes.js';

const MAIN = resolve('dist/src/main.js');

describe('npm start -- --shell (the compiled bot as a process)', () => {
  let dir: string;
  let slack: FakeSlack;
  let running: Running | undefined;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reauth-shell-'));
    slack = await new FakeSlack().start();
  });
  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    running = undefined;
    await slack.stop();
  });

  it('reads commands from standard input, even with Slack tokens set, and never calls Slack', async () => {
    const db = join(dir, 'reauth.json');
    const env = cleanEnv({
      SLACK_BOT_TOKEN: 'xoxb-real-looking-token',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: slack.apiUrl,
      REAUTH_DB: db,
      REAUTH_DEADLINE: '2099-01-01',
    });
    running = startNode(MAIN, ['--shell', '--demo'], env, dir);
    running.child.stdin?.end('/reauth status alpine\n1\n');
    const { code, stdout, stderr } = await running.exited;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Loaded the demo data: 12 accounts');
    expect(stdout).toContain('> /reauth status alpine');
    expect(stdout).toContain('Alpine Trail Gear: Amazon authorization');
    expect(stdout).toContain('[1] Share in channel');
    expect(stdout).toContain('Shared by @local');
    expect(slack.calls).toEqual([]);
    const saved = JSON.parse(readFileSync(db, 'utf8')) as { accounts: unknown[] };
    expect(saved.accounts).toHaveLength(12);
    expect(() => readFileSync(`${db}.lock`)).toThrow();
  });

  it('refuses to run beside the bot: the store is locked', async () => {
    const db = join(dir, 'reauth.json');
    const lock = await acquireLock(db, 'the bot (npm start)', new Date());
    try {
      running = startNode(MAIN, ['--shell'], cleanEnv({ REAUTH_DB: db }), dir);
      running.child.stdin?.end('y\n');
      const { code, stderr, stdout } = await running.exited;
      expect(code).toBe(1);
      expect(stderr).toContain('is in use by the bot (npm start)');
      expect(stdout).not.toContain('Loaded the demo data');
    } finally {
      lock.release();
    }
  });

  it('rejects an option it does not know, saying how to use it', async () => {
    running = startNode(MAIN, ['--shel'], cleanEnv({ REAUTH_DB: join(dir, 'reauth.json') }), dir);
    running.child.stdin?.end();
    const { code, stderr } = await running.exited;
    expect(code).toBe(1);
    expect(stderr).toContain('Unknown option --shel. Usage: npm start [-- --shell [--demo]]');
  });
});

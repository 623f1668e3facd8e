import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from './support/fakeSlack.js';
import { cleanEnv, type Running, startNode, startNodeInTerminal } from './support/processes.js';

const MAIN = resolve('dist/src/main.js');
const TOKEN = 'xoxb-secret-token-that-must-not-be-printed';

describe('npm start', () => {
  let dir: string;
  let slack: FakeSlack;
  let running: Running | undefined;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reauth-main-'));
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

  const env = (extra: Record<string, string> = {}) =>
    cleanEnv({
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: slack.apiUrl,
      REAUTH_DB: join(dir, 'reauth.json'),
      PORT: '0',
      ...extra,
    });

  it('without Slack credentials on a terminal says so in one line, then offers the local shell', async () => {
    running = startNodeInTerminal(MAIN, [], cleanEnv({ REAUTH_DB: join(dir, 'reauth.json') }), dir);
    await running.waitForOutput('[y/N]');
    running.child.stdin?.write('n\r');
    await running.waitForOutput('No demo data loaded');
    running.child.stdin?.write('/reauth help\r');
    await running.waitForOutput('status <account>');
    running.child.stdin?.write('/quit\r');
    const { code, stdout } = await running.exited;
    expect(code).toBe(0);
    // The terminal carries both streams: the notice comes first, on one line, before the shell.
    const lines = stdout.split(/\r?\n/);
    const notice = lines.findIndex((l) => l.includes('No Slack credentials found'));
    expect(lines[notice]).toContain('so this is the local shell');
    expect(lines[notice]).toContain('SLACK_BOT_TOKEN');
    expect(lines[notice]).toContain('"Set up the Slack app"');
    expect(lines[notice + 1]).toContain('reauth-bot local shell');
  }, 30_000);

  it('without Slack credentials and without a terminal (a supervisor) exits 1 saying what to set; no shell', async () => {
    // A mistyped name is as good as a missing one: SLACK_BOT_TOKN is not SLACK_BOT_TOKEN.
    running = startNode(
      MAIN,
      [],
      cleanEnv({ REAUTH_DB: join(dir, 'reauth.json'), SLACK_BOT_TOKN: TOKEN }),
      dir,
    );
    running.child.stdin?.end();
    const { code, stdout, stderr } = await running.exited;
    expect(code).toBe(1);
    expect(stderr).toContain(
      'reauth-bot cannot start. No Slack credentials found (SLACK_BOT_TOKEN is not set).',
    );
    expect(stderr).toContain('SLACK_APP_TOKEN (or SLACK_SIGNING_SECRET)');
    expect(stderr).toContain('npm start -- --shell');
    expect(stderr).toContain('Set but not read (mistyped?): SLACK_BOT_TOKN.');
    expect(stdout).not.toContain('local shell');
    expect(stdout + stderr).not.toContain(TOKEN);
    expect(existsSync(join(dir, 'reauth.json.lock'))).toBe(false);
  }, 30_000);

  it('with --shell and no terminal runs the local shell on standard input (a file of commands)', async () => {
    running = startNode(MAIN, ['--shell'], cleanEnv({ REAUTH_DB: join(dir, 'reauth.json') }), dir);
    running.child.stdin?.end('n\n/reauth help\n/quit\n');
    const { code, stdout, stderr } = await running.exited;
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('reauth-bot local shell');
    expect(stdout).toContain('status <account>');
  });

  it('names every malformed variable in one message', async () => {
    running = startNode(
      MAIN,
      [],
      env({ PORT: 'eighty', REAUTH_DEADLINE: '31/03/2027', REAUTH_TIMEZONE: 'Mars/Olympus' }),
      dir,
    );
    const { code, stderr } = await running.exited;
    expect(code).toBe(1);
    expect(stderr).toContain('PORT must be a number');
    expect(stderr).toContain('REAUTH_DEADLINE must be a date as YYYY-MM-DD');
    expect(stderr).toContain('REAUTH_TIMEZONE must be an IANA time zone');
  });

  it('a token Slack rejects fails at start, clearly, without printing the token', async () => {
    slack.failNext('auth.test', { body: { ok: false, error: 'invalid_auth' } }, 5);
    running = startNode(MAIN, [], env(), dir);
    const { code, stdout, stderr } = await running.exited;
    expect(code).toBe(1);
    expect(stderr).toContain('Slack did not accept SLACK_BOT_TOKEN');
    expect(stderr).toContain('invalid_auth');
    expect(stdout + stderr).not.toContain(TOKEN);
  });

  it('Slack unreachable at start: retries, saying so, then exits 1 with "Slack cannot be reached"', async () => {
    const refusing = `http://127.0.0.1:${await closedPort()}/api/`;
    const started = Date.now();
    running = startNode(MAIN, [], env({ SLACK_API_URL: refusing, REAUTH_SLACK_CONNECT_TIMEOUT_S: '2' }), dir);
    const { code, stdout, stderr } = await running.exited;
    expect(code).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    // Each retry is a log line (JSON on standard output when it is not a terminal).
    const retries = stdout.split('\n').filter((l) => l.includes('trying again for up to'));
    expect(retries.length).toBeGreaterThanOrEqual(1);
    expect(retries[0]).toContain(`Slack cannot be reached at ${refusing} (ECONNREFUSED), attempt 1`);
    expect(stderr).toContain(
      `reauth-bot cannot start. Slack cannot be reached at ${refusing} (ECONNREFUSED)`,
    );
    expect(stderr).toContain('REAUTH_SLACK_CONNECT_TIMEOUT_S');
    expect(stderr).not.toContain('did not accept');
    expect(stdout + stderr).not.toContain(TOKEN);
    expect(existsSync(join(dir, 'reauth.json.lock'))).toBe(false);
  }, 30_000);

  it('Slack failing at first (HTTP 503) then answering: the bot starts after one announced retry', async () => {
    slack.failNext('auth.test', { status: 503, body: 'unavailable' });
    running = startNode(MAIN, [], env(), dir);
    await running.waitForOutput('reauth-bot is running', 15_000);
    expect(running.stdout).toContain('(HTTP 503), attempt 1: trying again for up to');
    expect(slack.calls.filter((c) => c.method === 'auth.test')).toHaveLength(2);
  }, 30_000);

  it('refuses a corrupt store file, naming it and the parse error, and leaves it untouched', async () => {
    const file = join(dir, 'reauth.json');
    writeFileSync(file, '{"schemaVersion": 1, "accounts": [');
    running = startNode(MAIN, [], env(), dir);
    const { code, stderr } = await running.exited;
    expect(code).toBe(1);
    expect(stderr).toContain(file);
    expect(stderr).toContain('not valid JSON');
    expect(readFileSync(file, 'utf8')).toBe('{"schemaVersion": 1, "accounts": [');
  });

  it('runs over HTTP with /healthz, refuses a second instance on the same store, and stops cleanly on SIGTERM', async () => {
    running = startNode(MAIN, [], env(), dir);
    await running.waitForOutput('reauth-bot is running');
    const port = await listeningPort(running);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);

    const second = startNode(MAIN, [], env(), dir);
    const refused = await second.exited;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is in use by the bot (npm start)');

    running.child.kill('SIGTERM');
    const { code } = await running.exited;
    expect(code).toBe(0);
    expect(() => readFileSync(join(dir, 'reauth.json.lock'))).toThrow();
  }, 30_000);
});

/** A port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function listeningPort(running: Running): Promise<number> {
  const match = /HTTP on port (\d+)/.exec(running.stdout + running.stderr);
  if (!match) throw new Error(`No port in: ${running.stdout}${running.stderr}`);
  return Number(match[1]);
}

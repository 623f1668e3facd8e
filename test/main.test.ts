import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendConnectorEvents } from '../src/cli/connectorCommand.js';
import { openFileStore } from '../store/openStore.js';
import { FakeSlack } from './support/fakeSlack.js';
import { cleanEnv, type Running, startNode } from './support/processes.js';

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

  it('without Slack credentials says so in one line, then opens the local shell', async () => {
    running = startNode(MAIN, [], cleanEnv({ REAUTH_DB: join(dir, 'reauth.json') }), dir);
    running.child.stdin?.end('n\n/reauth help\n/quit\n');
    const { code, stdout, stderr } = await running.exited;
    expect(code).toBe(0);
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining('No Slack credentials found')]);
    expect(stderr).toContain('SLACK_BOT_TOKEN');
    expect(stderr).toContain('"Set up the Slack app"');
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
  });

  it('serves the connector API beside Slack when REAUTH_CONNECTOR_SECRET is set, never printing the secret', async () => {
    const secret = 'main-test-connector-secret-0123456789abcdef';
    running = startNode(MAIN, [], env({ REAUTH_CONNECTOR_SECRET: secret }), dir);
    await running.waitForOutput('reauth-bot is running');
    expect(running.stdout + running.stderr).toContain('/connector/v1/events');
    const port = await listeningPort(running);
    const body = JSON.stringify({
      events: [
        {
          id: 'm1',
          type: 'account.upserted',
          occurredAt: new Date().toISOString(),
          accountId: 'acme',
          name: 'Acme',
        },
      ],
    });
    const answer = await sendConnectorEvents({
      url: `http://127.0.0.1:${port}/connector/v1/events`,
      secret,
      body,
    });
    expect(answer).toMatchObject({ status: 200, body: { applied: 1, duplicates: 0, superseded: 0 } });
    running.child.kill('SIGTERM');
    const { code, stdout, stderr } = await running.exited;
    expect(code).toBe(0);
    expect(stdout + stderr).not.toContain(secret);
    const stored = await openFileStore(join(dir, 'reauth.json'), { readOnly: true });
    expect(await stored.getAccount('acme')).toMatchObject({ name: 'Acme' });
    await stored.close();
  }, 30_000);
});

async function listeningPort(running: Running): Promise<number> {
  const match = /HTTP on port (\d+)/.exec(running.stdout + running.stderr);
  if (!match) throw new Error(`No port in: ${running.stdout}${running.stderr}`);
  return Number(match[1]);
}

import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../support/fakeSlack.js';
import { commandBody, sign } from '../support/harness.js';
import { cleanEnv, type Running, startNode } from '../support/processes.js';

const MAIN = resolve('dist/src/main.js');
const TOKEN = 'xoxb-process-log-token-never-printed';
const SECRET = 'process-log-signing-secret-0123456789';

describe('the bot as a process, its standard output not a terminal', () => {
  let running: Running | undefined;
  let slack: FakeSlack | undefined;
  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    await slack?.stop();
  });

  it('logs one JSON object per line, at LOG_LEVEL and up, each request with its id and command', async () => {
    slack = await new FakeSlack().start();
    const dir = mkdtempSync(join(tmpdir(), 'reauth-log-'));
    const env = cleanEnv({
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      REAUTH_DB: join(dir, 'reauth.json'),
      PORT: '0',
      LOG_LEVEL: 'info',
    });
    running = startNode(MAIN, [], env, dir);
    await running.waitForOutput('reauth-bot is running');
    const port = Number(/HTTP on port (\d+)/.exec(running.stdout)?.[1]);

    const body = commandBody('help', 'UAGENT', 'CSUPPORT', slack.responseUrl(randomUUID()));
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': sign(body, timestamp, SECRET),
      },
      body,
    });
    expect(res.status).toBe(200);
    await running.waitForOutput('Handled command /reauth help');
    running.child.kill('SIGTERM');
    const { code, stdout, stderr } = await running.exited;
    expect(code).toBe(0);
    expect(stderr).toBe('');

    const records = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const r of records) {
      expect(['info', 'warn', 'error']).toContain(r.level);
      expect(typeof r.time).toBe('string');
      expect(typeof r.msg).toBe('string');
    }
    expect(records.find((r) => String(r.msg).startsWith('Handled '))).toMatchObject({
      level: 'info',
      command: '/reauth help',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(records.map((r) => r.msg)).toContain('SIGTERM received: stopping');
    expect(stdout).not.toContain(TOKEN);
    expect(stdout).not.toContain(SECRET);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../support/fakeSlack.js';
import { cleanEnv, startNode } from '../support/processes.js';

const MAIN = resolve('dist/src/main.js');
const REAUTH = resolve('dist/src/cli/reauth.js');

const BOT_TOKEN = 'xoxb-1111111111-2222222222-misplacedBotToken0';
const SIGNING_SECRET = '8f14e45fceea167a5a36dedd4bea2543';

/** Each setting with a secret put in it by mistake, and what the refusal must call it. */
const misplaced: [string, string, string][] = [
  ['REAUTH_ROLLBACK_CHANNEL', 'xoxb-9999999999-8888888888-anotherBotToken', 'a Slack bot token (xoxb-)'],
  ['REAUTH_DIGEST_CHANNEL', 'xoxp-3333333333-4444444444-userToken00000', 'a Slack user token (xoxp-)'],
  ['REAUTH_APPROVERS', `U0APPROVE1,${SIGNING_SECRET}`, 'the value of SLACK_SIGNING_SECRET'],
  ['REAUTH_DIGEST_CRON', 'xapp-1-A0123-456-appLevelToken000000', 'a Slack app-level token (xapp-)'],
  ['REAUTH_TIMEZONE', 'xoxe.xoxp-1-configToken0000000000', 'a Slack refresh or configuration token (xoxe)'],
  ['REAUTH_DB', `./data/${BOT_TOKEN}.json`, 'the value of SLACK_BOT_TOKEN'],
  ['SLACK_API_URL', `https://slack.example/api/?token=${BOT_TOKEN}`, 'the value of SLACK_BOT_TOKEN'],
  ['PORT', '0123456789abcdef0123456789abcdef', 'a Slack signing secret (32 hex digits)'],
];

describe('a secret put in the wrong setting is named, never shown', () => {
  let dir: string;
  let slack: FakeSlack;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reauth-misplaced-'));
    slack = await new FakeSlack().start();
  });
  afterEach(async () => {
    await slack.stop();
  });

  const envWith = (name: string, value: string) =>
    cleanEnv({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      REAUTH_DB: join(dir, 'reauth.json'),
      PORT: '0',
      [name]: value,
    });

  it.each(misplaced)(
    '%s: the bot refuses to start, naming the setting and the kind of secret',
    async (name, value, kind) => {
      const { code, stdout, stderr } = await startNode(MAIN, [], envWith(name, value), dir).exited;
      expect(code).toBe(1);
      expect(stderr).toContain(`${name} holds what looks like ${kind} (not shown here)`);
      expect(stdout + stderr).not.toContain(value);
      for (const part of value.split(/[,/?=]/).filter((p) => p.length >= 16))
        expect(stdout + stderr).not.toContain(part);
    },
  );

  it.each(misplaced)(
    '%s: reauth doctor names it as a problem and never prints it',
    async (name, value, kind) => {
      const { code, stdout, stderr } = await startNode(REAUTH, ['doctor'], envWith(name, value), dir).exited;
      expect(code).toBe(1);
      expect(stdout).toContain(`${name} holds what looks like ${kind} (not shown here)`);
      for (const part of value.split(/[,/?=]/).filter((p) => p.length >= 16))
        expect(stdout + stderr).not.toContain(part);
    },
  );
});

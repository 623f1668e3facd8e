import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDigestCli } from '../../src/cli/digestCli.js';
import { openFileStore } from '../../store/openStore.js';
import { FakeSlack } from '../support/fakeSlack.js';
import { BOT_TOKEN } from '../support/harness.js';
import { sampleBatch } from '../support/sampleData.js';
import { TestClock } from '../support/testClock.js';

let dir: string;
let file: string;
let slack: FakeSlack;
const clock = new TestClock('2026-11-30T10:00:00Z');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reauth-cli-'));
  file = join(dir, 'reauth.json');
  const store = await openFileStore(file);
  await store.importBatch(sampleBatch(), { id: 'import', at: clock.now() });
  await store.close();
  slack = await new FakeSlack().start();
});
afterEach(async () => {
  await slack.stop();
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[], env: Record<string, string>) {
  const io = { out: '', err: '' };
  const code = await runDigestCli(
    args,
    { REAUTH_DB: file, REAUTH_DEADLINE: '2026-12-30', ...env },
    { out: (t) => (io.out += t), err: (t) => (io.err += t) },
    clock,
  );
  return { code, ...io };
}

const postingEnv = () => ({
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_API_URL: slack.apiUrl,
  REAUTH_DIGEST_CHANNEL: 'CDIGEST',
});

describe('npm run digest', () => {
  it('--dry-run prints the digest as text and touches nothing', async () => {
    const before = await readFile(file, 'utf8');
    const mtime = (await stat(file)).mtimeMs;
    const result = await run(['--dry-run'], postingEnv());
    expect(result.code).toBe(0);
    expect(result.out).toContain('Reauthorization digest: 30 days left (2026-11-30)');
    expect(result.out).toContain('Account manager UMANAGER2: 1 account, 2 reauthorizations');
    expect(result.out).toContain('Posted to CDIGEST, this is 1 Slack message.');
    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await stat(file)).mtimeMs).toBe(mtime);
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(slack.calls).toEqual([]);
  });

  it('--dry-run works while the bot runs, since it only reads', async () => {
    const bot = await openFileStore(file, { purpose: 'the bot (npm start)' });
    try {
      const result = await run(['--dry-run'], {});
      expect(result.code).toBe(0);
      expect(result.out).toContain('Dune Traders (dune-traders)');
    } finally {
      await bot.close();
    }
  });

  it('posts the digest as an extra slot through the Web API', async () => {
    const result = await run([], postingEnv());
    expect(result.err).toContain('Posting an extra digest');
    expect(result.out).toContain('Posted the digest to CDIGEST: one message. The schedule is unchanged.');
    expect(result.code).toBe(0);
    const [post] = slack.callsTo('chat.postMessage');
    expect(post?.body.channel).toBe('CDIGEST');
    expect(post?.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(result.out + result.err).not.toContain(BOT_TOKEN);
    const store = await openFileStore(file, { readOnly: true });
    expect(await store.digests()).toMatchObject([
      { kind: 'extra', status: 'posted', requestedBy: expect.stringMatching(/^cli:/) },
    ]);
    await store.close();
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('refuses to post while the bot holds the store, saying so', async () => {
    const bot = await openFileStore(file, { purpose: 'the bot (npm start)' });
    try {
      const result = await run([], postingEnv());
      expect(result.code).toBe(1);
      expect(result.err).toContain('npm run digest did not post: The store');
      expect(result.err).toContain('is in use by the bot (npm start)');
      expect(slack.calls).toEqual([]);
      expect(await bot.digests()).toEqual([]);
    } finally {
      await bot.close();
    }
  });

  it('says what to set when the token or the channel is missing', async () => {
    const result = await run([], {});
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      'needs SLACK_BOT_TOKEN (the Bot User OAuth Token, xoxb-...) and REAUTH_DIGEST_CHANNEL',
    );
    expect(result.err).toContain('npm run digest -- --dry-run');
    const noChannel = await run([], { SLACK_BOT_TOKEN: BOT_TOKEN });
    expect(noChannel.err).toMatch(/needs REAUTH_DIGEST_CHANNEL .*Set it/);
    expect(slack.calls).toEqual([]);
  });

  it('rejects an unknown argument with the usage', async () => {
    const result = await run(['--dryrun'], {});
    expect(result.code).toBe(2);
    expect(result.err).toContain('Unknown argument: --dryrun\nUsage: reauth digest [--dry-run]');
  });

  it('names every configuration problem at once', async () => {
    const result = await run(['--dry-run'], { REAUTH_DIGEST_CRON: 'soon', REAUTH_APPROVERS: 'bob' });
    expect(result.code).toBe(1);
    expect(result.err).toContain('REAUTH_DIGEST_CRON must be a five-field cron expression');
    expect(result.err).toContain('REAUTH_APPROVERS must be Slack user IDs');
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFileStore } from '../../store/openStore.js';
import { CliWorkspace } from '../support/cliWorkspace.js';
import { FakeSlack } from '../support/fakeSlack.js';
import { sampleBatch } from '../support/sampleData.js';
import { TestClock } from '../support/testClock.js';

const TOKEN = 'xoxb-doctor-secret-token-never-printed';

let ws: CliWorkspace;
let slack: FakeSlack;
const clock = new TestClock('2026-11-28T12:00:00Z');

beforeEach(async () => {
  ws = new CliWorkspace(clock);
  slack = await new FakeSlack().start();
  ws.env = {
    REAUTH_DB: ws.db,
    REAUTH_DEADLINE: '2026-12-31',
    REAUTH_TIMEZONE: 'Europe/London',
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: 'signing-secret',
    SLACK_API_URL: slack.apiUrl,
  };
  const store = await openFileStore(ws.db);
  await store.importBatch(sampleBatch(), { id: 'import', at: clock.now() });
  await store.close();
});
afterEach(async () => {
  await slack.stop();
  ws.remove();
});

/** The doctor, and the line of one check with what follows it up to the next check. */
async function doctor(env: NodeJS.ProcessEnv = ws.env) {
  const run = await ws.reauth(['doctor'], { env });
  const check = (name: string) => {
    const start = run.out.search(new RegExp(`^\\[[a-zA-Z]+\\] +${name}: `, 'm'));
    if (start === -1) throw new Error(`no ${name} check in:\n${run.out}`);
    const end = run.out.indexOf('\n\n', start);
    return run.out.slice(start, end);
  };
  expect(`${run.out}${run.err}`).not.toContain(TOKEN);
  return { ...run, check };
}

describe('reauth doctor', () => {
  it('a good setup: every check ok, exit 0, and nothing touched', async () => {
    const before = readFileSync(ws.db);
    const { code, out, err, check } = await doctor();
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(check('Configuration')).toBe(
      '[ok]      Configuration: valid: deadline 2026-12-31 in Europe/London; no scheduled digests ' +
        '(REAUTH_DIGEST_CHANNEL not set); no approvers (REAUTH_APPROVERS), so nobody can approve a rollback; ' +
        'Slack over HTTP on port 3000.',
    );
    expect(check('Store file')).toBe(
      `[ok]      Store file: ${ws.db} is readable: schemaVersion 1, 5 accounts, 19 channels (16 still on MWS), 5 audit entries.`,
    );
    expect(check('Lock')).toBe('[ok]      Lock: free: no process is changing the store.');
    expect(check('Slack')).toMatch(
      /^\[ok\] +Slack: Slack at http:\/\/127\.0\.0\.1:\d+\/api\/ accepts SLACK_BOT_TOKEN: the bot is reauth-bot \(UBOT\) in the workspace \(T1\)\./,
    );
    expect(out.endsWith('\n\nEverything is in order.\n')).toBe(true);
    const [authTest] = slack.callsTo('auth.test');
    expect(authTest?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(readFileSync(ws.db).equals(before)).toBe(true);
    expect(readdirSync(join(ws.dir, 'data'))).toEqual(['reauth.json']);
  });

  it('bad configuration: every problem named, exit 1; the store is still checked, Slack is not', async () => {
    const { code, check } = await doctor({
      ...ws.env,
      REAUTH_TIMEZONE: 'Mars/Olympus',
      REAUTH_DEADLINE: 'soon',
    });
    expect(code).toBe(1);
    expect(check('Configuration')).toContain(
      '[PROBLEM] Configuration: 2 settings are wrong; the bot will not start:',
    );
    expect(check('Configuration')).toContain('- REAUTH_DEADLINE must be a date as YYYY-MM-DD');
    expect(check('Configuration')).toContain('- REAUTH_TIMEZONE must be an IANA time zone');
    expect(check('Configuration')).toContain('What to do: Fix them in the environment or in .env');
    expect(check('Store file')).toMatch(/^\[ok\]/);
    expect(check('Slack')).toBe('[note]    Slack: not checked: the configuration has problems (see above).');
    expect(slack.calls).toEqual([]);
  });

  it('a bad Slack setting is a configuration problem too, and the token is not repeated', async () => {
    const { code, check } = await doctor({ ...ws.env, SLACK_BOT_TOKEN: 'xoxp-user-token-not-a-bot-token' });
    expect(code).toBe(1);
    expect(check('Configuration')).toContain('SLACK_BOT_TOKEN must be a bot token starting with xoxb-.');
    expect(check('Configuration')).not.toContain('xoxp-user-token');
  });

  it('no store file: a problem, with what to do; nothing is created', async () => {
    const missing = join(ws.dir, 'elsewhere', 'reauth.json');
    const { code, check } = await doctor({ ...ws.env, REAUTH_DB: missing });
    expect(code).toBe(1);
    expect(check('Store file')).toBe(
      `[PROBLEM] Store file: there is no store at ${missing}: no accounts are loaded.\n` +
        '          What to do: Load the customers with reauth import <file.csv>. If the store is elsewhere, set REAUTH_DB ' +
        'to its path (a relative path counts from the directory the bot is started in).',
    );
    expect(check('Lock')).toMatch(/^\[ok\]/);
    expect(existsSync(join(ws.dir, 'elsewhere'))).toBe(false);
  });

  it('a corrupt store file: names the parse error, says to restore it, leaves it untouched', async () => {
    writeFileSync(ws.db, '{"schemaVersion": 1, "accounts": [');
    const { code, check } = await doctor();
    expect(code).toBe(1);
    expect(check('Store file')).toMatch(
      new RegExp(
        `^\\[PROBLEM\\] Store file: ${ws.db} is not valid JSON \\(.+\\): the file is damaged, so the bot refuses to start and imports refuse too; it was left untouched\\.\n +What to do: Restore it from a backup\\.`,
      ),
    );
    expect(readFileSync(ws.db, 'utf8')).toBe('{"schemaVersion": 1, "accounts": [');
  });

  it('an empty store file is damaged too', async () => {
    writeFileSync(ws.db, '');
    const { code, check } = await doctor();
    expect(code).toBe(1);
    expect(check('Store file')).toContain(`${ws.db} is empty: the file is damaged`);
  });

  it('a store written by a newer version: says to upgrade, not to edit', async () => {
    writeFileSync(ws.db, JSON.stringify({ schemaVersion: 7, accounts: [], channels: [], audit: [] }));
    const { code, check } = await doctor();
    expect(code).toBe(1);
    expect(check('Store file')).toContain(
      `${ws.db} was written by a newer reauth-bot (schemaVersion 7; this one reads up to 1).`,
    );
    expect(check('Store file')).toContain('What to do: Run the newer reauth-bot that wrote it');
  });

  it('a JSON file that is not a store', async () => {
    writeFileSync(ws.db, JSON.stringify({ customers: [] }));
    const { code, check } = await doctor();
    expect(code).toBe(1);
    expect(check('Store file')).toContain(
      `${ws.db} is not a store this reauth-bot can use: it has no schemaVersion, so it is not a reauth-bot store.`,
    );
  });

  it('a store with no accounts yet: a note, not a problem', async () => {
    writeFileSync(ws.db, JSON.stringify({ schemaVersion: 1, accounts: [], channels: [], audit: [] }));
    const { code, check, out } = await doctor();
    expect(code).toBe(0);
    expect(check('Store file')).toContain('[note]    Store file:');
    expect(check('Store file')).toContain('but holds no accounts yet.');
    expect(out).toContain('Nothing is wrong (1 note above).');
  });

  it('the lock held by a running process: which one, and what that blocks; a note (the bot runs so)', async () => {
    const bot = await openFileStore(ws.db, {
      purpose: 'the bot (npm start)',
      now: new Date('2026-11-28T09:00:00Z'),
    });
    try {
      const { code, check } = await doctor();
      expect(code).toBe(0);
      expect(check('Lock')).toBe(
        `[note]    Lock: held by the bot (npm start), process ${process.pid} on ${hostname()} since 2026-11-28T09:00:00.000Z, ` +
          'which is running. While it runs, reauth import, reauth digest (posting) and a second bot are refused; ' +
          'status, export, history, digest --dry-run and doctor work.\n' +
          `          What to do: Nothing, if that is the bot. Otherwise wait for it to finish, or stop process ${process.pid}.`,
      );
      expect(check('Store file')).toMatch(/^\[ok\]/);
    } finally {
      await bot.close();
    }
  });

  it('a stale lock, left by a process that no longer runs: says so and that it is taken over; left alone', async () => {
    const gone = spawnSync(process.execPath, ['-e', ''], { timeout: 30_000, killSignal: 'SIGKILL' })
      .pid as number;
    const lock = JSON.stringify({
      pid: gone,
      host: hostname(),
      since: '2026-11-27T22:00:00.000Z',
      purpose: 'the bot (npm start)',
    });
    writeFileSync(`${ws.db}.lock`, lock);
    const { code, check } = await doctor();
    expect(code).toBe(0);
    expect(check('Lock')).toBe(
      `[note]    Lock: stale: left behind by the bot (npm start), process ${gone} (since 2026-11-27T22:00:00.000Z), ` +
        'which no longer holds the lock: it crashed or was killed.\n' +
        '          What to do: Nothing to do: the next bot start or import takes it over. If the bot keeps dying, read its log.',
    );
    expect(readFileSync(`${ws.db}.lock`, 'utf8')).toBe(lock);
  });

  it('a lock file naming process 1 or another host, with no process holding the lock: stale, not held', async () => {
    for (const [pid, host] of [
      [1, hostname()],
      [process.pid, 'other-host.example'],
    ] as const) {
      const lock = JSON.stringify({
        pid,
        host,
        since: '2026-11-27T22:00:00.000Z',
        purpose: 'the bot (npm start)',
      });
      writeFileSync(`${ws.db}.lock`, lock);
      const { code, check } = await doctor();
      expect(code).toBe(0);
      expect(check('Lock')).toContain(`stale: left behind by the bot (npm start), process ${pid}`);
      expect(readFileSync(`${ws.db}.lock`, 'utf8')).toBe(lock);
    }
  });

  it('a token Slack rejects: a problem, with how to get a good one; the token is never printed', async () => {
    slack.failNext('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    const { code, check } = await doctor();
    expect(code).toBe(1);
    expect(check('Slack')).toMatch(
      /^\[PROBLEM\] Slack: Slack at \S+ rejected SLACK_BOT_TOKEN \(invalid_auth\): the bot cannot start with it\./,
    );
    expect(check('Slack')).toContain('What to do: Copy the Bot User OAuth Token (xoxb-...) again');
  });

  it('Slack out of reach: a problem naming where it looked', async () => {
    const closed = await new FakeSlack().start();
    const url = closed.apiUrl;
    await closed.stop();
    const { code, check } = await doctor({ ...ws.env, SLACK_API_URL: url });
    expect(code).toBe(1);
    expect(check('Slack')).toContain(`[PROBLEM] Slack: Slack at ${url} cannot be reached:`);
    expect(check('Slack')).toContain('What to do: Check the network (proxy, firewall) and SLACK_API_URL');
  });

  it('no Slack token: a note that npm start would open the local shell', async () => {
    const { SLACK_BOT_TOKEN: _t, SLACK_SIGNING_SECRET: _s, ...env } = ws.env;
    const { code, check } = await doctor(env);
    expect(code).toBe(0);
    expect(check('Slack')).toContain(
      '[note]    Slack: no Slack token (SLACK_BOT_TOKEN) is set, so npm start opens the local shell on the terminal instead of connecting to Slack.',
    );
    expect(check('Slack')).toContain('What to do: To connect to Slack, set SLACK_BOT_TOKEN');
    expect(slack.calls).toEqual([]);
  });

  it('several things wrong at once: each said, one exit code', async () => {
    mkdirSync(join(ws.dir, 'broken'));
    const db = join(ws.dir, 'broken', 'reauth.json');
    writeFileSync(db, 'not json');
    slack.failNext('auth.test', { body: { ok: false, error: 'token_revoked' } });
    const { code, out } = await doctor({ ...ws.env, REAUTH_DB: db });
    expect(code).toBe(1);
    expect(out).toContain('[PROBLEM] Store file:');
    expect(out).toContain('rejected SLACK_BOT_TOKEN (token_revoked)');
    expect(out.endsWith('\n\n2 problems to fix; then run reauth doctor again.\n')).toBe(true);
  });

  it('an argument it does not take: usage, exit 2', async () => {
    const { code, err } = await ws.reauth(['doctor', '--fix']);
    expect(code).toBe(2);
    expect(err).toContain('reauth doctor: unknown argument --fix.\nUsage: reauth doctor');
  });
});

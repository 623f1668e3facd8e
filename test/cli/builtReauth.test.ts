import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../support/fakeSlack.js';
import { cleanEnv, startNode } from '../support/processes.js';

/** The `reauth` bin as npm installs it: the compiled file (test/globalSetup.ts builds dist/). */
const REAUTH = resolve('dist/src/cli/reauth.js');
const TOKEN = 'xoxb-built-cli-secret-token';

describe('the built reauth command', () => {
  let dir: string;
  let slack: FakeSlack;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reauth-bin-'));
    slack = await new FakeSlack().start();
  });
  afterEach(async () => {
    await slack.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is a node script that imports, exports, checks the setup and refuses an unknown command', async () => {
    expect(readFileSync(REAUTH, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    copyFileSync(resolve('examples/accounts.csv'), join(dir, 'accounts.csv'));
    const env = cleanEnv({
      REAUTH_DB: join(dir, 'data', 'reauth.json'),
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: slack.apiUrl,
    });
    const run = (...args: string[]) => startNode(REAUTH, args, env, dir).exited;

    const imported = await run('import', 'accounts.csv');
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toMatch(/^Imported accounts.csv: accounts 7 added/);

    // Standard error is a pipe here, not a terminal: no progress, only the CSV.
    const exported = await run('export');
    expect(exported).toMatchObject({ code: 0, stderr: '' });
    expect(exported.stdout.split('\n').slice(0, 2)).toEqual([
      'account_id,account_name,account_manager,channel_id,marketplace,seller_id,authorization,authorized_at',
      'alpine-outfitters,Alpine Outfitters,U0ALPINEAM,alp-uk,UK,A1ALPINEEU0001,MWS,',
    ]);
    expect(exported.stdout.trim().split('\n')).toHaveLength(24);

    const doctor = await run('doctor');
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toContain('7 accounts, 23 channels');
    expect(doctor.stdout).toContain('accepts SLACK_BOT_TOKEN');
    expect(doctor.stdout).toMatch(/Everything is in order\.\n$/);
    expect(doctor.stdout + doctor.stderr).not.toContain(TOKEN);

    slack.failNext('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    expect((await run('doctor')).code).toBe(1);

    const unknown = await run('exprot');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('reauth: unknown command "exprot"; did you mean export?');
  }, 60_000);
});

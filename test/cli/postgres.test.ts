import { resolve } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openStore } from '../../store/openStore.js';
import { CliWorkspace } from '../support/cliWorkspace.js';
import { TEST_DATABASE_URL, testPostgres } from '../support/postgres.js';
import { TestClock } from '../support/testClock.js';

/*
 * Every command on REAUTH_DATABASE_URL. The commands connect by URL, which PGlite (in this process)
 * has none of, so the cases that need a database run where a server is configured (CI sets
 * REAUTH_TEST_DATABASE_URL); the others run everywhere.
 */
const EXAMPLE = resolve('examples/accounts.csv');
const clock = new TestClock('2026-11-28T12:00:00Z');
let ws: CliWorkspace;
beforeEach(() => {
  ws = new CliWorkspace(clock);
});
afterEach(() => ws.remove());

describe('REAUTH_DATABASE_URL', () => {
  it('must be a PostgreSQL URL', () => {
    expect(() => loadConfig({ REAUTH_DATABASE_URL: 'mysql://db/reauth' }, { receivesEvents: false })).toThrow(
      /REAUTH_DATABASE_URL must be a PostgreSQL URL such as postgres:\/\//,
    );
    expect(
      loadConfig({ REAUTH_DATABASE_URL: 'postgres://db/reauth' }, { receivesEvents: false }).databaseUrl,
    ).toBe('postgres://db/reauth');
  });

  it('a database that does not answer: the import says so, changes nothing, and never shows the password', async () => {
    ws.env = { REAUTH_DATABASE_URL: 'postgres://reauth:s3cret-pw@127.0.0.1:1/reauth' };
    const run = await ws.reauth(['import', EXAMPLE]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /^reauth import: nothing was imported\. Cannot use the PostgreSQL store postgres:\/\/reauth:\*\*\*@127\.0\.0\.1:1\/reauth: it could not be reached/,
    );
    expect(`${run.out}${run.err}`).not.toContain('s3cret-pw');
  });

  it('reauth doctor names a database that does not answer as the problem', async () => {
    ws.env = {
      REAUTH_DATABASE_URL: 'postgres://reauth:s3cret-pw@127.0.0.1:1/reauth',
      REAUTH_DEADLINE: '2026-12-31',
    };
    const run = await ws.reauth(['doctor']);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(
      /\[PROBLEM\] PostgreSQL store: postgres:\/\/reauth:\*\*\*@127\.0\.0\.1:1\/reauth cannot be reached: .*\n +What to do: Check that the server runs/,
    );
    expect(`${run.out}${run.err}`).not.toContain('s3cret-pw');
  });
});

describe.skipIf(!TEST_DATABASE_URL)('the commands on a PostgreSQL server', () => {
  const postgres = TEST_DATABASE_URL ? testPostgres() : undefined;
  let url: string;
  beforeAll(async () => {
    await postgres?.fresh();
  }, 60_000);
  beforeEach(async () => {
    url = (await postgres?.fresh())?.url as string;
    ws.env = { REAUTH_DATABASE_URL: url, REAUTH_DEADLINE: '2026-12-31', REAUTH_TIMEZONE: 'Europe/London' };
  });

  it('doctor: an empty database is a note; after an import, its schema version and counts', async () => {
    const empty = await ws.reauth(['doctor']);
    expect(empty.out).toMatch(
      /\[note\] +PostgreSQL store: .* answers and is empty: the bot creates its schema/,
    );
    const imported = await ws.reauth(['import', EXAMPLE]);
    expect(imported).toMatchObject({ code: 0, err: '' });
    const run = await ws.reauth(['doctor']);
    expect(run.out).toMatch(
      /\[ok\] +PostgreSQL store: .* answers: schema version 2 of 2, 7 accounts, 23 channels, 7 audit entries; no instance leads now/,
    );
  });

  it('import, status, history and export all use the database, and no store file appears', async () => {
    expect((await ws.reauth(['import', EXAMPLE])).code).toBe(0);
    const status = await ws.reauth(['status', 'alpine', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.out).account.id).toBe('alpine-outfitters');
    const history = await ws.reauth(['history', 'alpine-outfitters']);
    expect(history.out).toMatch(/import/);
    const exported = await ws.reauth(['export']);
    expect(exported.out.trim().split('\n')).toHaveLength(24);
    const store = await openStore({ storeFile: ws.db, databaseUrl: url }, { readOnly: true });
    expect(await store.listAccounts()).toHaveLength(7);
    await store.close();
    const { existsSync } = await import('node:fs');
    expect(existsSync(ws.db)).toBe(false);
  });
});

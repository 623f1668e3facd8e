import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../src/domain/accounts.js';
import { openFileStore } from '../../store/openStore.js';
import { CliWorkspace } from '../support/cliWorkspace.js';
import { sampleBatch } from '../support/sampleData.js';
import { TestClock } from '../support/testClock.js';

const EXAMPLE = resolve('examples/accounts.csv');
const HEADER =
  'account_id,account_name,account_manager,channel_id,marketplace,seller_id,authorization,authorized_at';
const HASH_1 = 'a'.repeat(64);
const HASH_2 = `${'0123456789abcdef'.repeat(4)}`;
const T0 = new Date('2026-11-20T09:00:00Z');

let ws: CliWorkspace;
const clock = new TestClock('2026-11-28T12:00:00Z');
beforeEach(() => {
  ws = new CliWorkspace(clock);
});
afterEach(() => ws.remove());

/** Everything a store can say about channels: from imports (with and without times and token
 * hashes, names that need quoting), written directly, recorded in Slack, and rolled back. */
async function richStore(): Promise<void> {
  const tricky = ws.file(
    'tricky.csv',
    [
      `${HEADER},mws_auth_token_sha256`,
      `"comma-co","Comma, Quote ""and"" Co",U0MANAGER1,cq-uk,gb,a1commaeu00001,MWS/SP-API,2025-03-14T10:30:00+01:00,${HASH_1}`,
      'comma-co,"Comma, Quote ""and"" Co",U0MANAGER1,cq-de,DE,A1COMMAEU00001,MWS/SP-API,2025-03-14T09:30:00Z,',
      `spaced,"  Spaced Out  ",,sp-jp,JP,A2SPACEDFE0001,MWS,,${HASH_2}`,
      'unicode,Café Ünïcode 東京,,uc-us,US,A3UNICODENA001,MWS,,',
    ].join('\n'),
  );
  expect((await ws.reauth(['import', tricky])).code).toBe(0);
  expect((await ws.reauth(['import', EXAMPLE])).code).toBe(0);
  const store = await openFileStore(ws.db);
  try {
    await store.importBatch(sampleBatch(), { id: 'import', at: T0 });
    await store.recordReauthorization(
      { accountId: 'acme-outdoor', region: 'EU', sellerId: 'A1ACMEEU00001X' },
      { id: 'UAGENT1', at: new Date('2026-11-25T15:00:00Z') },
    );
    await store.recordReauthorization(
      { accountId: 'dune-traders', region: 'EU', sellerId: 'A5DUNEME0001XX' },
      { id: 'UAGENT2', at: new Date('2026-11-26T10:00:00Z') },
    );
    await store.createRollback(
      {
        id: 'rb-1',
        accountId: 'dune-traders',
        unit: { region: 'EU', sellerId: 'A5DUNEME0001XX' },
        reason: 'wrong account',
        since: '2026-11-26T10:00:00.000Z',
        expiresAt: '2026-11-27T10:00:00.000Z',
      },
      { id: 'UAGENT2', at: new Date('2026-11-26T11:00:00Z') },
    );
    await store.decideRollback(
      'rb-1',
      { approve: true, approvers: ['UAPPROVER1'] },
      { id: 'UAPPROVER1', at: new Date('2026-11-26T12:00:00Z') },
    );
  } finally {
    await store.close();
  }
}

const withoutRecorder = ({ authorizedBy: _, ...channel }: Channel) => channel;

describe('reauth export', () => {
  it('then import into an empty store gives the same accounts and channels, field by field', async () => {
    await richStore();
    const original = await ws.stored();
    const exported = await ws.reauth(['export']);
    expect(exported).toMatchObject({ code: 0, err: '' });
    expect(exported.out.split('\n')[0]).toBe(`${HEADER},mws_auth_token_sha256`);
    expect(exported.out).toContain(
      `comma-co,"Comma, Quote ""and"" Co",U0MANAGER1,cq-uk,UK,A1COMMAEU00001,MWS/SP-API,2025-03-14T09:30:00.000Z,${HASH_1}\n`,
    );
    expect(exported.out).toContain(`spaced,"  Spaced Out  ",,sp-jp,JP,A2SPACEDFE0001,MWS,,${HASH_2}\n`);
    expect(exported.out.split('\n')).toHaveLength(original.channels.length + 2);

    const copy = join(ws.dir, 'copy', 'reauth.json');
    const imported = await ws.reauth(['import', ws.file('export.csv', exported.out)], {
      env: { REAUTH_DB: copy },
    });
    expect(imported).toMatchObject({ code: 0, err: '' });
    const copied = await ws.stored(copy);

    expect(copied.accounts).toEqual(original.accounts);
    expect(copied.channels.map(withoutRecorder)).toEqual(original.channels.map(withoutRecorder));
    // Checked, not assumed: the store had every kind of channel the comparison must cover.
    const of = (id: string) => original.channels.find((c) => c.id === id);
    expect(of('cq-uk')).toMatchObject({
      authorizedAt: '2025-03-14T09:30:00.000Z',
      mwsAuthTokenSha256: HASH_1,
    });
    expect(of('ch-acme-uk')).toMatchObject({ authorization: 'MWS/SP-API', authorizedBy: 'UAGENT1' });
    expect(of('ch-dune-ae')).toMatchObject({
      authorization: 'MWS',
      authorizedAt: '2026-11-26T12:00:00.000Z',
      authorizedBy: 'UAPPROVER1',
    });
    expect(of('ch-bor-uk')?.authorizedBy).toBeUndefined();
    expect(original.accounts.find((a) => a.id === 'spaced')?.name).toBe('  Spaced Out  ');
    // By design, who recorded an authorization does not travel in the file: the import records it.
    expect(new Set(copied.channels.map((c) => c.authorizedBy))).toEqual(new Set(['import']));

    // And the copy exports to the very same file.
    expect((await ws.reauth(['export'], { env: { REAUTH_DB: copy } })).out).toBe(exported.out);
  });

  it('writes formula-like cells behind a quote, and import reads them back to the same values', async () => {
    // Straight into the store: what an import of any file, or a future surface, may have put there.
    const names = [
      '=HYPERLINK("http://evil.example","Click")',
      '+44 Trading',
      '-5 Degrees',
      '@home Ltd',
      '\tTabbed Co',
      "'=Quoted already",
      "'Tis Home",
    ];
    const store = await openFileStore(ws.db);
    await store.importBatch(
      {
        accounts: names.map((name, i) => ({ id: `co-${i}`, name })),
        channels: names.map((_, i) => ({
          id: i === 0 ? '=1+1' : `-ch-${i}`,
          accountId: `co-${i}`,
          marketplace: 'UK',
          sellerId: `A1FORMULAEU00${i}`,
          authorization: 'MWS' as const,
        })),
      },
      { id: 'import', at: T0 },
    );
    await store.close();
    const original = await ws.stored();

    const exported = await ws.reauth(['export']);
    expect(exported).toMatchObject({ code: 0, err: '' });
    const cells = exported.out
      .trim()
      .split('\n')
      .flatMap((line) => line.split(','));
    expect(cells.filter((c) => /^"?[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(exported.out).toContain(`co-0,"'=HYPERLINK(""http://evil.example"",""Click"")",,'=1+1,UK,`);
    expect(exported.out).toContain("co-2,'-5 Degrees,,'-ch-2,UK,");
    expect(exported.out).toContain("co-4,'\tTabbed Co,,'-ch-4,UK,");
    expect(exported.out).toContain("co-5,''=Quoted already,,");
    expect(exported.out).toContain("co-6,'Tis Home,,");

    const copy = join(ws.dir, 'copy', 'reauth.json');
    const imported = await ws.reauth(['import', ws.file('export.csv', exported.out)], {
      env: { REAUTH_DB: copy },
    });
    expect(imported).toMatchObject({ code: 0, err: '' });
    const copied = await ws.stored(copy);
    expect(copied.accounts).toEqual(original.accounts);
    expect(copied.channels.map(withoutRecorder)).toEqual(original.channels.map(withoutRecorder));
    expect((await ws.reauth(['export'], { env: { REAUTH_DB: copy } })).out).toBe(exported.out);
  });

  it('then import into the same store changes nothing, keeping who recorded each authorization', async () => {
    await richStore();
    const before = readFileSync(ws.db);
    const { channels } = await ws.stored();
    const exported = await ws.reauth(['export']);
    clock.advance(60_000);
    const again = await ws.reauth(['import', ws.file('export.csv', exported.out)]);
    expect(again.code).toBe(0);
    expect(again.out).toContain(
      `accounts 0 added, 0 updated, 15 unchanged; channels 0 added, 0 updated, ${channels.length} unchanged.`,
    );
    expect(readFileSync(ws.db).equals(before)).toBe(true);
  });

  it('leaves out the token hash column when no channel has a hash', async () => {
    expect((await ws.reauth(['import', EXAMPLE])).code).toBe(0);
    const { out } = await ws.reauth(['export']);
    expect(out.split('\n')[0]).toBe(HEADER);
    // The same file, times as stored: in UTC with milliseconds.
    expect(out).toBe(readFileSync(EXAMPLE, 'utf8').replace(/(T\d\d:\d\d:\d\d)Z/g, '$1.000Z'));
  });

  it('--pending: every channel of each unit still needing reauthorization, and no other', async () => {
    const store = await openFileStore(ws.db);
    await store.importBatch(sampleBatch(), { id: 'import', at: T0 });
    await store.recordReauthorization(
      { accountId: 'acme-outdoor', region: 'EU', sellerId: 'A1ACMEEU00001X' },
      { id: 'UAGENT1', at: T0 },
    );
    await store.close();

    const { code, out, err } = await ws.reauth(['export', '--pending']);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const rows = out.trim().split('\n');
    expect(rows[0]).toBe(HEADER);
    expect(rows.slice(1).map((r) => r.split(',')[3])).toEqual([
      'ch-bor-uk',
      'ch-bor-de',
      'ch-bor-fr',
      'ch-cedar-uk-1',
      'ch-cedar-uk-2',
      'ch-dune-uk',
      'ch-dune-de',
      'ch-dune-ae',
      'ch-dune-sa',
      'ch-emu-us',
      'ch-emu-br',
      'ch-emu-in',
      // Japan already shows MWS/SP-API, but Australia does not: one reauthorization covers both.
      'ch-emu-jp',
      'ch-emu-au',
    ]);
    expect(out).toContain('emu-gear,Emu Gear,,ch-emu-jp,JP,A6EMUGLOBAL01X,MWS/SP-API,\n');

    // The file is an import file: marking a unit done in it updates just that unit.
    const done = out.replace(
      /(ch-bor-(uk|de|fr),\w\w,A3BOREAL\w\w001X),MWS,/g,
      '$1,MWS/SP-API,2026-11-27T08:00:00Z',
    );
    const reimported = await ws.reauth(['import', ws.file('pending.csv', done)]);
    expect(reimported.out).toContain('channels 0 added, 3 updated, 11 unchanged.');
    expect((await ws.reauth(['export', '--pending'])).out).not.toContain('ch-bor-');
  });

  it('--pending with nothing pending: only the header', async () => {
    expect(
      (
        await ws.reauth([
          'import',
          ws.file('done.csv', `${HEADER}\nx,X,,x-1,US,A1XXXXXXXXXXXX,MWS/SP-API,\n`),
        ])
      ).code,
    ).toBe(0);
    expect(await ws.reauth(['export', '--pending'])).toEqual({ code: 0, out: `${HEADER}\n`, err: '' });
  });

  it('warns about an account without channels, which a CSV of channels cannot carry', async () => {
    const store = await openFileStore(ws.db);
    await store.importBatch(sampleBatch(), { id: 'import', at: T0 });
    await store.importBatch(
      { accounts: [{ id: 'lonely', name: 'Lonely Ltd' }], channels: [] },
      { id: 'import', at: T0 },
    );
    await store.close();
    const { code, out, err } = await ws.reauth(['export']);
    expect(code).toBe(0);
    expect(out).not.toContain('lonely');
    expect(err).toBe(
      'warning: account lonely (Lonely Ltd) has no channels, so it is not in the file: each CSV row is a channel.\n',
    );
  });

  it('without a store: says so, exits 1, and creates nothing', async () => {
    const { code, out, err } = await ws.reauth(['export']);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toBe(
      `reauth export: the store ${ws.db} does not exist yet. Load accounts first: reauth import <file.csv>\n`,
    );
    expect(existsSync(join(ws.dir, 'data'))).toBe(false);
  });

  it('a wrong argument: usage and exit 2', async () => {
    const { code, err } = await ws.reauth(['export', '--all']);
    expect(code).toBe(2);
    expect(err).toContain('reauth export: unknown argument --all.\nUsage: reauth export [--pending]');
  });
});

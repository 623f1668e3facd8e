import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { importCommand } from '../../src/cli/importCommand.js';
import { reauthorizationUnits } from '../../src/domain/accounts.js';
import { openFileStore } from '../../store/openStore.js';
import { captureIo } from '../support/cliIo.js';
import { TestClock } from '../support/testClock.js';

const EXAMPLE = resolve('examples/accounts.csv');
const HEADER =
  'account_id,account_name,account_manager,channel_id,marketplace,seller_id,authorization,authorized_at';

const roots: string[] = [];
afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

describe('npm run import', () => {
  let dir: string;
  let db: string;
  let env: NodeJS.ProcessEnv;
  const clock = new TestClock('2026-11-28T12:00:00Z');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'reauth-import-'));
    roots.push(dir);
    db = join(dir, 'data', 'reauth.json');
    env = { REAUTH_DB: db };
  });

  function csvFile(name: string, ...lines: string[]): string {
    const path = join(dir, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  }

  async function run(...args: string[]) {
    const io = captureIo();
    const code = await importCommand(args, env, io, { clock });
    return { code, out: io.out(), err: io.err() };
  }

  async function stored() {
    const store = await openFileStore(db, { readOnly: true });
    const state = {
      accounts: await store.listAccounts(),
      channels: await store.allChannels(),
      audit: await store.auditTrail(),
    };
    await store.close();
    return state;
  }

  it('imports the example file and prints a one-line summary', async () => {
    const { code, out, err } = await run(EXAMPLE);
    expect(err).toBe('');
    expect(out).toBe(
      `Imported ${EXAMPLE}: accounts 7 added, 0 updated, 0 unchanged; channels 23 added, 0 updated, 0 unchanged.\n`,
    );
    expect(code).toBe(0);
    const { accounts, channels, audit } = await stored();
    expect(accounts.map((a) => a.id)).toEqual([
      'alpine-outfitters',
      'harbour-books',
      'twin-oaks',
      'desert-rose',
      'sakura-crafts',
      'rio-verde',
      'lotus-spice',
    ]);
    expect(channels.every((c) => c.authorizedBy === 'import')).toBe(true);
    expect(audit).toHaveLength(7);
    expect(audit.every((e) => e.actor === 'import' && e.at === '2026-11-28T12:00:00.000Z')).toBe(true);
    // The example covers each shape of the rule: check the units it produces.
    const units = (id: string) =>
      reauthorizationUnits(channels.filter((c) => c.accountId === id)).map(
        (u) => `${u.region} ${u.sellerId} ${u.channels.map((c) => c.marketplace).join('+')}`,
      );
    expect(units('alpine-outfitters')).toEqual(['NA A1ALPINENA0001 CA+US', 'EU A1ALPINEEU0001 UK+FR+DE+IT']);
    expect(units('harbour-books')).toHaveLength(3);
    expect(units('twin-oaks')).toEqual(['EU A3TWINGARDEN01 UK', 'EU A3TWINKITCHEN1 UK']);
    expect(units('desert-rose')).toEqual(['EU A4DESERTEU0001 UK+DE', 'EU A4DESERTME0001 SA+AE']);
    expect(units('sakura-crafts')).toEqual(['FE A5SAKURAFE0001 AU+JP', 'FE A5SAKURASG0001 SG']);
    expect(units('rio-verde')).toEqual(['NA A6RIOVERDE0001 US+MX+BR']);
    expect(units('lotus-spice')).toEqual(['EU A7LOTUSEUROPE1 UK', 'EU A7LOTUSINDIA01 IN']);
  });

  it('changes nothing when the same file is imported again: not the data, not the file on disk', async () => {
    await run(EXAMPLE);
    const before = readFileSync(db);
    clock.advance(60_000);
    const { code, out } = await run(EXAMPLE);
    expect(code).toBe(0);
    expect(out).toBe(
      `Imported ${EXAMPLE}: accounts 0 added, 0 updated, 7 unchanged; channels 0 added, 0 updated, 23 unchanged.\n`,
    );
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('counts updates, and keeps accounts and channels the file does not mention', async () => {
    await run(EXAMPLE);
    const file = csvFile(
      'update.csv',
      HEADER,
      'harbour-books,Harbour Books & Maps,,hb-uk,UK,A2HARBOURUK001,MWS,',
      'harbour-books,Harbour Books & Maps,,hb-de,DE,A2HARBOURDE001,MWS/SP-API,2026-11-20T08:00:00Z',
      'harbour-books,Harbour Books & Maps,,hb-it,IT,A2HARBOURIT001,MWS,',
    );
    const { code, out } = await run(file);
    expect(code).toBe(0);
    expect(out).toBe(
      `Imported ${file}: accounts 0 added, 1 updated, 0 unchanged; channels 1 added, 1 updated, 1 unchanged.\n`,
    );
    const { accounts, channels } = await stored();
    expect(accounts).toHaveLength(7);
    expect(channels).toHaveLength(24);
    expect(channels.find((c) => c.id === 'hb-fr')?.accountId).toBe('harbour-books');
  });

  it('imports nothing from a file with problems, and prints every problem with its line and column', async () => {
    await run(EXAMPLE);
    const before = readFileSync(db);
    const file = csvFile(
      'bad.csv',
      HEADER,
      'new-customer,New Customer,,nc-uk,UK,A8NEWCUST00001,MWS,',
      'new-customer,New Customer,,nc-xx,Atlantis,A8NEWCUST00001,MWS,',
      'new-customer,New Customer,,hb-uk,UK,A8NEWCUST00001,MWS,',
      'new-customer,New Customer,,nc-de,DE,odd-seller,sp-api,yesterday',
    );
    const { code, out, err } = await run(file);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.split('\n')).toEqual([
      'warning: line 5, column seller_id: Seller ID "ODD-SELLER" does not look like the usual A followed by 12-13 capital letters or digits; kept as given',
      expect.stringMatching(/^line 3, column marketplace: "Atlantis" is not an Amazon marketplace; /),
      'line 4, column channel_id: channel "hb-uk" already belongs to account harbour-books in the store; write account_id harbour-books on this row, or check the channel ID',
      'line 5, column authorization: "sp-api" is not MWS or MWS/SP-API; write MWS/SP-API, as the settings page shows it once the channel is reauthorized',
      'line 5, column authorized_at: "yesterday" is not an ISO date-time; write one such as 2025-03-14T09:30:00Z, or leave it empty',
      `Nothing was imported: 4 problems in ${file}. Fix them and run the import again.`,
      '',
    ]);
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('leaves no store behind when the very first import fails', async () => {
    const { code } = await run(csvFile('bad.csv', 'account,name'));
    expect(code).toBe(1);
    expect(existsSync(db)).toBe(false);
  });

  it('prints warnings before the summary and still imports', async () => {
    const file = csvFile('odd.csv', HEADER, 'odd-one,Odd One,,o-1,US,SELLER1,MWS,');
    const { code, out, err } = await run(file);
    expect(code).toBe(0);
    expect(err).toMatch(/^warning: line 2, column seller_id: Seller ID "SELLER1" does not look like/);
    expect(out).toMatch(/^Imported .*: accounts 1 added/);
  });

  it('never prints an MWS Auth Token found in the file', async () => {
    const token = 'amzn.mws.4ea38b7b-f563-7709-4bae-87aea15c4bd6';
    const file = csvFile(
      'token.csv',
      `${HEADER},mws_auth_token_sha256`,
      `acme,Acme,,a-1,US,A1ACMENA000001,MWS,,${token}`,
    );
    const { code, out, err } = await run(file);
    expect(code).toBe(1);
    expect(err).toContain(
      'line 2, column mws_auth_token_sha256: looks like an MWS Auth Token (value not shown)',
    );
    expect(`${out}${err}`).not.toContain('4ea38b7b');
  });

  it('keeps stored token hashes when the file has no hash column', async () => {
    const hash = 'b'.repeat(64);
    await run(
      csvFile('with.csv', `${HEADER},mws_auth_token_sha256`, `acme,Acme,,a-1,US,A1ACMENA000001,MWS,,${hash}`),
    );
    const { out } = await run(csvFile('without.csv', HEADER, 'acme,Acme,,a-1,US,A1ACMENA000001,MWS,'));
    expect(out).toMatch(/channels 0 added, 0 updated, 1 unchanged/);
    expect((await stored()).channels[0]?.mwsAuthTokenSha256).toBe(hash);
  });

  describe('after a reauthorization was recorded in Slack', () => {
    beforeEach(async () => {
      await run(EXAMPLE);
      const store = await openFileStore(db);
      await store.recordReauthorization(
        { accountId: 'rio-verde', region: 'NA', sellerId: 'A6RIOVERDE0001' },
        { id: 'UAGENT1', at: new Date('2026-11-25T15:00:00Z') },
      );
      await store.close();
    });

    it('keeps who recorded it when the file agrees and gives no time of its own', async () => {
      const file = csvFile(
        'fresh.csv',
        HEADER,
        ...['us', 'mx', 'br'].map(
          (m) => `rio-verde,Rio Verde Coffee,U0RIOVERDE,rv-${m},${m},A6RIOVERDE0001,MWS/SP-API,`,
        ),
      );
      const { out } = await run(file);
      expect(out).toMatch(/channels 0 added, 0 updated, 3 unchanged/);
      const br = (await stored()).channels.find((c) => c.id === 'rv-br');
      expect(br).toMatchObject({ authorizedBy: 'UAGENT1', authorizedAt: '2026-11-25T15:00:00.000Z' });
    });

    it('warns about a channel changing Seller ID (what a wrong Amazon account looks like), and takes the file', async () => {
      const file = csvFile(
        'moved.csv',
        HEADER,
        'rio-verde,Rio Verde Coffee,U0RIOVERDE,rv-us,us,A6RIOVERDE0001,MWS/SP-API,',
        'rio-verde,Rio Verde Coffee,U0RIOVERDE,rv-mx,mx,A7SOMEONEELSE1,MWS/SP-API,',
        'rio-verde,Rio Verde Coffee,U0RIOVERDE,rv-br,br,A6RIOVERDE0001,MWS/SP-API,',
      );
      const { code, err } = await run(file);
      expect(code).toBe(0);
      expect(err.split('\n').filter(Boolean)).toEqual([
        'warning: line 3, column seller_id: channel rv-mx changes from Seller ID A6RIOVERDE0001 (MX) to A7SOMEONEELSE1 (MX), as the file says; if the customer authorized the wrong Amazon account, ask for a rollback (/reauth rollback)',
      ]);
      expect((await stored()).channels.find((c) => c.id === 'rv-mx')?.sellerId).toBe('A7SOMEONEELSE1');
    });

    it("keeps who recorded it when the file gives the recorded time, as an export does; another time is the file's own", async () => {
      const rows = (time: string) =>
        ['us', 'mx', 'br'].map(
          (m) => `rio-verde,Rio Verde Coffee,U0RIOVERDE,rv-${m},${m},A6RIOVERDE0001,MWS/SP-API,${time}`,
        );
      const same = await run(csvFile('same.csv', HEADER, ...rows('2026-11-25T15:00:00Z')));
      expect(same.out).toMatch(/channels 0 added, 0 updated, 3 unchanged/);
      expect((await stored()).channels.find((c) => c.id === 'rv-mx')?.authorizedBy).toBe('UAGENT1');

      const other = await run(csvFile('other.csv', HEADER, ...rows('2026-11-26T08:00:00Z')));
      expect(other.out).toMatch(/channels 0 added, 3 updated, 0 unchanged/);
      expect((await stored()).channels.find((c) => c.id === 'rv-mx')).toMatchObject({
        authorizedBy: 'import',
        authorizedAt: '2026-11-26T08:00:00.000Z',
      });
    });

    it('follows an older file back to MWS, but warns about each channel it moves back', async () => {
      const { code, out, err } = await run(EXAMPLE);
      expect(code).toBe(0);
      expect(err.split('\n').filter(Boolean)).toEqual([
        'warning: line 20, column authorization: channel rv-us was recorded as MWS/SP-API (by UAGENT1 at 2026-11-25T15:00:00.000Z) and goes back to MWS, as the file says; if the file is older than that record, fix the file and import again',
        expect.stringMatching(/^warning: line 21, column authorization: channel rv-mx/),
        expect.stringMatching(/^warning: line 22, column authorization: channel rv-br/),
      ]);
      expect(out).toMatch(/channels 0 added, 3 updated, 20 unchanged/);
    });
  });

  describe('the store lock', () => {
    it('refuses while the bot holds the store, says so, and changes nothing', async () => {
      await run(EXAMPLE);
      const before = readFileSync(db);
      const bot = await openFileStore(db, { purpose: 'the bot (npm start)' });
      try {
        const { code, out, err } = await run(
          csvFile('more.csv', HEADER, 'new-one,New One,,n-1,US,A9NEWONE000001,MWS,'),
        );
        expect(code).toBe(1);
        expect(out).toBe('');
        expect(err).toContain(
          `reauth import: nothing was imported. The store ${db} is in use by the bot (npm start)`,
        );
        expect(err).toContain('stop the bot');
      } finally {
        await bot.close();
      }
      expect(readFileSync(db).equals(before)).toBe(true);
      expect((await run(join(dir, 'more.csv'))).code).toBe(0);
    });

    it('releases the lock when it is done, even after refusing a file', async () => {
      await run(csvFile('bad.csv', 'nonsense'));
      expect(existsSync(`${db}.lock`)).toBe(false);
      await run(EXAMPLE);
      expect(existsSync(`${db}.lock`)).toBe(false);
    });
  });

  describe('what it cannot work with', () => {
    it('a store file it cannot trust: names it and the reason, and leaves it untouched', async () => {
      writeFileSync(db.replace('/data/reauth.json', '/broken.json'), '{"schemaVersion": 1,');
      env = { REAUTH_DB: join(dir, 'broken.json') };
      const { code, err } = await run(EXAMPLE);
      expect(code).toBe(1);
      expect(err).toContain(`Cannot use the store file ${join(dir, 'broken.json')}: not valid JSON`);
      expect(readFileSync(join(dir, 'broken.json'), 'utf8')).toBe('{"schemaVersion": 1,');
    });

    it('a missing file, a directory, a file that is not UTF-8', async () => {
      expect(await run(join(dir, 'nope.csv'))).toMatchObject({
        code: 1,
        err: `reauth import: cannot read ${join(dir, 'nope.csv')}: there is no such file. Nothing was imported.\n`,
      });
      expect((await run(dir)).err).toContain('it is a directory');
      writeFileSync(join(dir, 'latin1.csv'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
      expect((await run(join(dir, 'latin1.csv'))).err).toContain('is not UTF-8 text. Save it as "CSV UTF-8"');
    });

    it('bad configuration: names each problem; Slack settings do not matter to it', async () => {
      env = {
        REAUTH_DB: db,
        REAUTH_TIMEZONE: 'Mars/Olympus',
        REAUTH_DEADLINE: 'soon',
        SLACK_BOT_TOKEN: 'nonsense',
      };
      const { code, err } = await run(EXAMPLE);
      expect(code).toBe(1);
      expect(err).toContain('REAUTH_DEADLINE must be a date as YYYY-MM-DD');
      expect(err).toContain('REAUTH_TIMEZONE must be an IANA time zone');
      expect(err).not.toContain('SLACK_BOT_TOKEN');
      expect(existsSync(db)).toBe(false);
      env = { REAUTH_DB: db, SLACK_BOT_TOKEN: 'nonsense', PORT: 'eighty' };
      expect((await run(EXAMPLE)).code).toBe(0);
    });

    it('a wrong command line: usage and exit code 2; --help: usage and 0', async () => {
      for (const args of [[], ['a.csv', 'b.csv'], ['--dry-run', 'a.csv']]) {
        const { code, err } = await run(...args);
        expect(code).toBe(2);
        expect(err).toContain('Usage: reauth import <file.csv>');
      }
      const help = await run('--help');
      expect(help.code).toBe(0);
      expect(help.out).toContain('Usage: reauth import <file.csv>');
    });

    it('resolves a relative file against the directory npm was started from (INIT_CWD)', async () => {
      writeFileSync(join(dir, 'here.csv'), readFileSync(EXAMPLE));
      env = { ...env, INIT_CWD: dir };
      const { code, out } = await run('here.csv');
      expect(code).toBe(0);
      expect(out).toMatch(/^Imported here.csv: accounts 7 added/);
    });
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { statusCommand } from '../../src/cli/statusCommand.js';
import { plainText } from '../../src/views/plainText.js';
import { openFileStore, openMemoryStore } from '../../store/openStore.js';
import { captureIo } from '../support/cliIo.js';
import { TestApp } from '../support/harness.js';
import { sampleBatch } from '../support/sampleData.js';
import { TestClock } from '../support/testClock.js';

const roots: string[] = [];
afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

const NOW = '2026-11-28T12:00:00Z';
const importer = { id: 'import', at: new Date('2026-11-01T00:00:00Z') };
const sister = {
  accounts: [{ id: 'acme-sister', name: 'Acme Sister' }],
  channels: [
    {
      id: 'ch-sis-it',
      accountId: 'acme-sister',
      marketplace: 'IT',
      sellerId: 'A9SISTER00001X',
      authorization: 'MWS' as const,
    },
  ],
};

describe('npm run status', () => {
  let dir: string;
  let db: string;
  let env: NodeJS.ProcessEnv;
  const clock = new TestClock(NOW);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reauth-status-'));
    roots.push(dir);
    db = join(dir, 'reauth.json');
    env = { REAUTH_DB: db, REAUTH_DEADLINE: '2026-12-31' };
    const store = await openFileStore(db);
    await store.importBatch(sampleBatch(), importer);
    await store.importBatch(sister, importer);
    await store.close();
  });

  async function run(...args: string[]) {
    const io = captureIo();
    const code = await statusCommand(args, env, io, { clock });
    return { code, out: io.out(), err: io.err() };
  }

  it('prints the same answer as /reauth status in Slack, as plain text', async () => {
    const memory = openMemoryStore();
    await memory.importBatch(sampleBatch(), importer);
    const t = await TestApp.start({
      config: { deadline: '2026-12-31' },
      store: memory,
      clock: new TestClock(NOW),
    });
    try {
      for (const account of ['acme-outdoor', 'dune-traders', 'emu-gear']) {
        const reply = await t.command(`status ${account}`);
        const blocks = (reply.body as { blocks: KnownBlock[] }).blocks.filter((b) => b.type !== 'actions');
        const { code, out } = await run(account);
        expect(code).toBe(0);
        expect(out).toBe(`${plainText(blocks)}\n`);
      }
    } finally {
      await t.stop();
    }
  });

  it('reads as a person would want it in a terminal', async () => {
    const { out } = await run('acme-outdoor');
    expect(out).toBe(
      [
        'Acme Outdoor: Amazon authorization',
        '==================================',
        '',
        'North America (NA)',
        'Seller ID A2ACMENA00001X: ✅ done',
        '    CA MWS/SP-API  ·  US MWS/SP-API',
        '',
        'Europe (EU)',
        'Seller ID A1ACMEEU00001X: ⚠️ needs reauthorization',
        '    UK MWS  ·  FR MWS  ·  DE MWS',
        '----------------------------------------',
        '1 reauthorization still needed.',
        '',
        '33 days left until the deadline (2026-12-31).',
        '',
      ].join('\n'),
    );
  });

  it('--json prints exactly the documented shape', async () => {
    const { code, out } = await run('acme-outdoor', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toStrictEqual({
      account: { id: 'acme-outdoor', name: 'Acme Outdoor' },
      units: [
        {
          region: 'NA',
          sellerId: 'A2ACMENA00001X',
          marketplaces: ['CA', 'US'],
          needsReauthorization: false,
          channels: [
            { id: 'ch-acme-ca', marketplace: 'CA', authorization: 'MWS/SP-API' },
            { id: 'ch-acme-us', marketplace: 'US', authorization: 'MWS/SP-API' },
          ],
        },
        {
          region: 'EU',
          sellerId: 'A1ACMEEU00001X',
          marketplaces: ['UK', 'FR', 'DE'],
          needsReauthorization: true,
          channels: [
            { id: 'ch-acme-uk', marketplace: 'UK', authorization: 'MWS' },
            { id: 'ch-acme-fr', marketplace: 'FR', authorization: 'MWS' },
            { id: 'ch-acme-de', marketplace: 'DE', authorization: 'MWS' },
          ],
        },
      ],
      reauthorizationsNeeded: 1,
      deadline: '2026-12-31',
      daysLeft: 33,
    });
  });

  it('--json and the text say which channels of a unit are done (UK done, FR and DE not)', async () => {
    const store = await openFileStore(db);
    const uk = sampleBatch().channels.find((c) => c.id === 'ch-acme-uk');
    if (!uk) throw new Error('sample data changed');
    await store.importBatch({ accounts: [], channels: [{ ...uk, authorization: 'MWS/SP-API' }] }, importer);
    await store.close();
    const json = JSON.parse((await run('acme-outdoor', '--json')).out);
    expect(json.units[1].channels).toEqual([
      { id: 'ch-acme-uk', marketplace: 'UK', authorization: 'MWS/SP-API' },
      { id: 'ch-acme-fr', marketplace: 'FR', authorization: 'MWS' },
      { id: 'ch-acme-de', marketplace: 'DE', authorization: 'MWS' },
    ]);
    const text = (await run('acme-outdoor')).out;
    expect(text).toContain('UK MWS/SP-API ✅  ·  FR MWS  ·  DE MWS');
  });

  it('--json: units by region then Seller ID, Brazil in North America, India in Europe', async () => {
    const { out } = await run('--json', 'emu-gear');
    expect(JSON.parse(out).units).toMatchObject([
      { region: 'NA', sellerId: 'A6EMUGLOBAL01X', marketplaces: ['US', 'BR'], needsReauthorization: true },
      { region: 'EU', sellerId: 'A6EMUGLOBAL01X', marketplaces: ['IN'], needsReauthorization: true },
      { region: 'FE', sellerId: 'A6EMUGLOBAL01X', marketplaces: ['AU', 'JP'], needsReauthorization: true },
    ]);
  });

  it('counts days in the configured time zone, and says when no deadline is set', async () => {
    // 12:00 UTC on 28 November is already 29 November in Auckland.
    env = { ...env, REAUTH_TIMEZONE: 'Pacific/Auckland' };
    expect(JSON.parse((await run('acme-outdoor', '--json')).out)).toMatchObject({
      deadline: '2026-12-31',
      daysLeft: 32,
    });
    env = { REAUTH_DB: db };
    expect(JSON.parse((await run('acme-outdoor', '--json')).out)).toMatchObject({
      deadline: null,
      daysLeft: null,
    });
    expect((await run('acme-outdoor')).out).toContain(
      'No reauthorization deadline is set (REAUTH_DEADLINE).',
    );
  });

  it('finds an account by name, unique start of a name (words as separate arguments) or Seller ID', async () => {
    expect((await run('Borealis', 'Books')).out).toMatch(/^Borealis Books: Amazon authorization/);
    expect((await run('dune')).out).toMatch(/^Dune Traders:/);
    expect((await run('a5duneme0001xx')).out).toMatch(/^Dune Traders:/);
  });

  it('works while the bot holds the store for writing', async () => {
    const bot = await openFileStore(db, { purpose: 'the bot (npm start)' });
    try {
      const { code, out } = await run('cedar-co');
      expect(code).toBe(0);
      expect(out).toContain('2 reauthorizations still needed.');
    } finally {
      await bot.close();
    }
  });

  it('an unknown account: the words Slack uses, closest names offered, exit 1', async () => {
    const { code, out, err } = await run('acme outdor');
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toBe(
      'No account matches acme outdor. Look it up by account id, name (a unique start is enough) or Seller ID.\n' +
        'Did you mean: Acme Outdoor (acme-outdoor), Acme Sister (acme-sister)?\n',
    );
  });

  it('several matching accounts: lists them, exit 1', async () => {
    const { code, err } = await run('acme', '--json');
    expect(code).toBe(1);
    expect(err).toBe(
      'acme matches 2 accounts. Say which one, by its id:\n• Acme Outdoor (acme-outdoor)\n• Acme Sister (acme-sister)\n',
    );
  });

  it('a wrong command line: usage and exit code 2; --help: usage and 0', async () => {
    for (const args of [[], ['--json'], ['acme', '--verbose']]) {
      const { code, err } = await run(...args);
      expect(code).toBe(2);
      expect(err).toContain('Usage: reauth status <account> [--json]');
    }
    const help = await run('-h');
    expect(help).toMatchObject({ code: 0, out: expect.stringContaining('Usage: reauth status') });
  });

  it('no store yet, or one it cannot read: says so and exits 1, leaving the file untouched', async () => {
    env = { REAUTH_DB: join(dir, 'none.json') };
    expect(await run('acme')).toMatchObject({
      code: 1,
      err: `reauth status: the store ${join(dir, 'none.json')} does not exist yet. Load accounts first: reauth import <file.csv>\n`,
    });
    writeFileSync(join(dir, 'bad.json'), '[1,2');
    env = { REAUTH_DB: join(dir, 'bad.json') };
    const { code, err } = await run('acme');
    expect(code).toBe(1);
    expect(err).toContain(`Cannot use the store file ${join(dir, 'bad.json')}: not valid JSON`);
    expect(readFileSync(join(dir, 'bad.json'), 'utf8')).toBe('[1,2');
  });

  it('bad configuration: names the problem, exit 1', async () => {
    env = { ...env, REAUTH_DEADLINE: '31/12/2026' };
    const { code, err } = await run('acme-outdoor');
    expect(code).toBe(1);
    expect(err).toContain(
      'REAUTH_DEADLINE must be a date as YYYY-MM-DD, such as 2027-03-31 (got "31/12/2026")',
    );
  });
});

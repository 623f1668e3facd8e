import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFileStore } from '../../store/openStore.js';
import { CliWorkspace } from '../support/cliWorkspace.js';
import { sampleBatch } from '../support/sampleData.js';
import { TestClock } from '../support/testClock.js';

let ws: CliWorkspace;
const clock = new TestClock('2026-11-28T12:00:00Z');
const at = (iso: string) => new Date(iso);
const EU_UNIT = { region: 'EU' as const, sellerId: 'A1ACMEEU00001X' };

beforeEach(async () => {
  ws = new CliWorkspace(clock);
  ws.env = { REAUTH_DB: ws.db, REAUTH_TIMEZONE: 'Europe/London' };
  const store = await openFileStore(ws.db);
  try {
    await store.importBatch(sampleBatch(), { id: 'import', at: at('2026-11-01T09:00:00Z') });
    await store.recordReauthorization(
      { accountId: 'acme-outdoor', ...EU_UNIT },
      { id: 'UAGENT', at: at('2026-11-20T10:00:00Z') },
    );
    await store.createRollback(
      {
        id: 'rb-7',
        accountId: 'acme-outdoor',
        unit: EU_UNIT,
        reason: 'authorized the <!channel> wrong account',
        since: '2026-11-20T10:00:00.000Z',
        expiresAt: '2026-11-22T10:00:00.000Z',
      },
      { id: 'UREQUESTER', at: at('2026-11-21T08:30:00Z') },
    );
    await store.decideRollback(
      'rb-7',
      { approve: false, reason: 'not needed', approvers: ['UAPPROVER'] },
      { id: 'UAPPROVER', at: at('2026-11-21T09:00:00Z') },
    );
  } finally {
    await store.close();
  }
});
afterEach(() => ws.remove());

describe('reauth history', () => {
  it("prints the account's whole trail as text, newest first, with who and when", async () => {
    const { code, out, err } = await ws.reauth(['history', 'Acme']);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toBe(
      [
        'Acme Outdoor (acme-outdoor): history',
        '====================================',
        'Sat 21 Nov 2026 09:00 Europe/London  @UAPPROVER denied rollback rb-7: not needed',
        'Sat 21 Nov 2026 08:30 Europe/London  @UREQUESTER requested rollback rb-7 of EU A1ACMEEU00001X (ch-acme-uk, ch-acme-de, ch-acme-fr): authorized the <!channel> wrong account',
        'Fri 20 Nov 2026 10:00 Europe/London  @UAGENT recorded a reauthorization of EU A1ACMEEU00001X (ch-acme-uk, ch-acme-de, ch-acme-fr)',
        'Sun 1 Nov 2026 09:00 Europe/London  CSV import: account added, channel ch-acme-uk added, channel ch-acme-de added, channel ch-acme-fr added, channel ch-acme-us added, and 1 more',
        '',
        'Newest first; times in Europe/London. 4 entries in all.',
        '',
      ].join('\n'),
    );
  });

  it('shows every entry, however many (Slack shows the newest 40)', async () => {
    const store = await openFileStore(ws.db);
    const batch = sampleBatch();
    for (let i = 0; i < 50; i++) {
      const acme = batch.accounts.find((a) => a.id === 'acme-outdoor');
      if (acme) acme.name = `Acme Outdoor ${i}`;
      await store.importBatch(batch, {
        id: 'import',
        at: at(`2026-11-25T10:${String(i).padStart(2, '0')}:00Z`),
      });
    }
    await store.close();
    const { out } = await ws.reauth(['history', 'acme-outdoor']);
    expect(out.split('\n').filter((l) => l.includes('CSV import'))).toHaveLength(51);
    expect(out).toContain('54 entries in all.');
  });

  it('an account that matches nothing: the closest names on stderr, exit 1', async () => {
    const { code, out, err } = await ws.reauth(['history', 'acme-outdor']);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('acme-outdor');
    expect(err).toContain('Acme Outdoor');
  });

  it('no account given: usage and exit 2', async () => {
    const { code, err } = await ws.reauth(['history']);
    expect(code).toBe(2);
    expect(err).toContain(
      'reauth history: which account? Give its id, name or Seller ID.\nUsage: reauth history <account>',
    );
  });
});

describe('reauth history and status in a terminal', () => {
  it('print terminal escapes and bidi overrides from the store escaped, never raw', async () => {
    const store = await openFileStore(ws.db);
    const batch = sampleBatch();
    const acme = batch.accounts.find((a) => a.id === 'acme-outdoor');
    if (acme) acme.name = 'Acme \u001b[2J\u0007Outdoor\u202e';
    await store.importBatch(batch, { id: 'import', at: at('2026-11-25T10:00:00Z') });
    await store.close();
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point.
    const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
    for (const args of [
      ['history', 'acme-outdoor'],
      ['status', 'acme-outdoor'],
    ]) {
      const { code, out } = await ws.reauth(args);
      expect(code).toBe(0);
      expect(out).not.toMatch(raw);
      expect(out).toContain('Acme \\u001B[2J\\u0007Outdoor\\u202E');
    }
    // JSON for scripts: escaped on screen, the same name once parsed.
    const json = await ws.reauth(['status', 'acme-outdoor', '--json']);
    expect(json.out).not.toMatch(raw);
    expect(JSON.parse(json.out).account.name).toBe(acme?.name);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reauthCommand } from '../../src/cli/reauthCommand.js';
import type { Channel } from '../../src/domain/accounts.js';
import { openFileStore } from '../../store/openStore.js';
import { captureIo } from '../support/cliIo.js';
import { TestClock } from '../support/testClock.js';

const dir = mkdtempSync(join(tmpdir(), 'reauth-renewals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'reauth.json');
// 23:30 UTC on 28 Nov 2026 is already 29 Nov in Auckland.
const clock = new TestClock('2026-11-28T23:30:00Z');

function sp(id: string, marketplace: string, sellerId: string, authorizedAt: string): Channel {
  return { id, accountId: 'acme', marketplace, sellerId, authorization: 'MWS/SP-API', authorizedAt };
}

beforeAll(async () => {
  const store = await openFileStore(db);
  await store.importBatch(
    {
      accounts: [{ id: 'acme', name: 'Acme', accountManager: 'UMANAGER1' }],
      channels: [
        sp('ch-us', 'US', 'A2RENEWOK0001X', '2026-03-12T10:00:00.000Z'),
        sp('ch-uk', 'UK', 'A3RENEWDUE001X', '2025-12-10T10:00:00.000Z'),
        sp('ch-jp', 'JP', 'A4RENEWOLD001X', '2025-11-20T10:00:00.000Z'),
        {
          id: 'ch-de',
          accountId: 'acme',
          marketplace: 'DE',
          sellerId: 'A5STILLMWS001X',
          authorization: 'MWS',
        },
      ],
    },
    { id: 'import', at: clock.now() },
  );
  await store.close();
});

async function run(env: NodeJS.ProcessEnv, ...args: string[]) {
  const io = captureIo();
  const code = await reauthCommand(args, { REAUTH_DB: db, ...env }, io, { clock });
  return { code, out: io.out(), err: io.err() };
}

describe('npm run reauth -- renewals', () => {
  it('--json prints the units due within the days or expired, daysLeft negative when expired', async () => {
    const { code, out } = await run({ REAUTH_TIMEZONE: 'UTC' }, 'renewals', '--days', '30', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toStrictEqual([
      {
        accountId: 'acme',
        region: 'FE',
        sellerId: 'A4RENEWOLD001X',
        authorizedAt: '2025-11-20',
        renewBy: '2026-11-20',
        daysLeft: -8,
      },
      {
        accountId: 'acme',
        region: 'EU',
        sellerId: 'A3RENEWDUE001X',
        authorizedAt: '2025-12-10',
        renewBy: '2026-12-10',
        daysLeft: 12,
      },
    ]);
  });

  it('counts the days in REAUTH_TIMEZONE, and looks as far ahead as --days says', async () => {
    const { out } = await run({ REAUTH_TIMEZONE: 'Pacific/Auckland' }, 'renewals', '--json', '--days', '200');
    const days = JSON.parse(out).map((r: { sellerId: string; daysLeft: number }) => [r.sellerId, r.daysLeft]);
    expect(days).toEqual([
      ['A4RENEWOLD001X', -9],
      ['A3RENEWDUE001X', 11],
      ['A2RENEWOK0001X', 103],
    ]);
  });

  it('prints the same list as text, and refuses a --days that is not a number', async () => {
    const text = await run({}, 'renewals');
    expect(text.out).toContain('2 renewals due within 30 days or expired (1 expired).');
    expect(text.out).toContain('renew by 10 Dec 2026, in 12 days');
    const bad = await run({}, 'renewals', '--days', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--days needs a whole number of days');
  });
});

describe('npm run reauth -- status --json with renewals', () => {
  it('gives each unit on SP-API its authorizedAt, renewBy and renewal; units on MWS null', async () => {
    const { out } = await run({ REAUTH_TIMEZONE: 'UTC' }, 'status', 'acme', '--json');
    const units = JSON.parse(out).units.map((u: Record<string, unknown>) => [
      u.sellerId,
      u.authorizedAt,
      u.renewBy,
      u.renewal,
    ]);
    expect(units).toEqual([
      ['A2RENEWOK0001X', '2026-03-12', '2027-03-12', 'ok'],
      ['A3RENEWDUE001X', '2025-12-10', '2026-12-10', 'due'],
      ['A5STILLMWS001X', null, null, null],
      ['A4RENEWOLD001X', '2025-11-20', '2026-11-20', 'expired'],
    ]);
  });

  it('a role added after an authorization makes it due now (REAUTH_APP_ROLES_CHANGED_AT)', async () => {
    const { out } = await run({ REAUTH_APP_ROLES_CHANGED_AT: '2026-06-01' }, 'status', 'acme', '--json');
    expect(JSON.parse(out).units[0]).toMatchObject({ renewBy: '2026-06-01', renewal: 'due' });
  });
});

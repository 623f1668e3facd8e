import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openFileStore, openStore } from '../../store/openStore.js';
import { checksums, readState } from '../../store/storeCopy.js';
import { CliWorkspace } from '../support/cliWorkspace.js';
import { TEST_DATABASE_URL, testPostgres } from '../support/postgres.js';
import { sampleBatch } from '../support/sampleData.js';
import { TestClock } from '../support/testClock.js';

const clock = new TestClock('2026-11-28T12:00:00Z');
const T0 = clock.now();
const EU_UNIT = { region: 'EU' as const, sellerId: 'A1ACMEEU00001X' };
let ws: CliWorkspace;
beforeEach(() => {
  ws = new CliWorkspace(clock);
});
afterEach(() => ws.remove());

/** A store file with something in every table: accounts, channels, audit, a rollback, a digest record. */
async function fullStoreFile(file: string): Promise<void> {
  const store = await openFileStore(file);
  await store.importBatch(sampleBatch(), { id: 'import', at: T0 });
  await store.recordReauthorization({ accountId: 'acme-outdoor', ...EU_UNIT }, { id: 'UAGENT', at: T0 });
  await store.createRollback(
    {
      id: 'rb-00000001',
      accountId: 'acme-outdoor',
      unit: EU_UNIT,
      reason: 'wrong account',
      since: T0.toISOString(),
      expiresAt: new Date(T0.getTime() + 86_400_000).toISOString(),
    },
    { id: 'UAGENT', at: T0 },
  );
  await store.decideRollback(
    'rb-00000001',
    { approve: true, approvers: ['UAPPROVER'] },
    { id: 'UAPPROVER', at: T0 },
  );
  await store.recordDigestSlot(
    {
      id: 'scheduled:2026-11-30T09:00:00.000Z',
      kind: 'scheduled',
      slot: '2026-11-30T09:00:00.000Z',
      channel: 'CDIGEST',
      status: 'posting',
      requestedBy: 'schedule',
      createdAt: T0.toISOString(),
      parts: [{ message: { text: 'parent', blocks: [] } }],
      dms: [],
    },
    { id: 'system', at: T0 },
  );
  // The connector's lists too: processed event ids, a removed channel, a Seller ID held back, `none`.
  const channel = {
    type: 'channel.authorization_changed' as const,
    accountId: 'fern-labs',
    marketplace: 'DE',
  };
  await store.applyConnectorEvents(
    [
      {
        id: 'e1',
        type: 'account.upserted',
        occurredAt: '2026-11-28T09:00:00Z',
        accountId: 'fern-labs',
        name: 'Fern Labs',
        slackChannel: 'CFERN',
      },
      {
        ...channel,
        id: 'e2',
        occurredAt: '2026-11-28T09:01:00Z',
        channelId: 'ch-fern-de',
        sellerId: 'A7FERNEU00001X',
        authorization: 'none',
      },
      {
        ...channel,
        id: 'e3',
        occurredAt: '2026-11-28T09:02:00Z',
        channelId: 'ch-fern-fr',
        sellerId: 'A7FERNEU00001X',
        authorization: 'MWS',
      },
      {
        id: 'e4',
        type: 'channel.removed',
        occurredAt: '2026-11-28T09:03:00Z',
        accountId: 'fern-labs',
        channelId: 'ch-fern-fr',
      },
      {
        ...channel,
        id: 'e5',
        occurredAt: '2026-11-28T09:04:00Z',
        channelId: 'ch-fern-de',
        sellerId: 'A9OTHEREU0001X',
        authorization: 'MWS/SP-API',
      },
    ],
    { id: 'connector', at: T0 },
  );
  await store.close();
}

async function stateOf(where: { storeFile: string; databaseUrl?: string }) {
  const store = await openStore(where, { readOnly: true });
  try {
    return await readState(store);
  } finally {
    await store.close();
  }
}

describe('reauth store copy', () => {
  it('copies a file into a new file, everything, and says each table matches', async () => {
    const from = join(ws.dir, 'from.json');
    const to = join(ws.dir, 'to.json');
    await fullStoreFile(from);
    const run = await ws.reauth(['store', 'copy', '--from', from, '--to', to]);
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).toContain(
      `Copied: ${from} -> ${to} (accounts 6, channels 20, audit 14, digests 1, rollbacks 1, connector events 5, removed channels 1)`,
    );
    expect(run.out.match(/same as the source/g)).toHaveLength(7);
    const [source, copy] = [await stateOf({ storeFile: from }), await stateOf({ storeFile: to })];
    expect(copy).toEqual(source);
  });

  it('refuses a target that holds anything, and changes nothing in it', async () => {
    const from = join(ws.dir, 'from.json');
    const to = join(ws.dir, 'to.json');
    await fullStoreFile(from);
    const other = await openFileStore(to);
    await other.importBatch({ accounts: [{ id: 'x', name: 'X' }], channels: [] }, { id: 'import', at: T0 });
    await other.close();
    const before = await stateOf({ storeFile: to });
    const run = await ws.reauth(['store', 'copy', '--from', from, '--to', to]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /^reauth store copy: nothing was copied\. .* is not empty \(accounts 1, channels 0, audit 1/,
    );
    expect(await stateOf({ storeFile: to })).toEqual(before);
  });

  it('says what is wrong with the command line', async () => {
    const run = await ws.reauth(['store', 'copy', '--from', 'a.json']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^reauth store copy: give both --from and --to\./);
  });
});

describe.skipIf(!TEST_DATABASE_URL)('reauth store copy with PostgreSQL', () => {
  const postgres = TEST_DATABASE_URL ? testPostgres() : undefined;
  beforeAll(async () => {
    await postgres?.fresh();
  }, 60_000);

  it('file -> PostgreSQL -> file gives back the same store; a second copy into the database is refused', async () => {
    const url = (await postgres?.fresh())?.url as string;
    const from = join(ws.dir, 'from.json');
    const back = join(ws.dir, 'back.json');
    await fullStoreFile(from);
    const there = await ws.reauth(['store', 'copy', '--from', from, '--to', url]);
    expect(there).toMatchObject({ code: 0, err: '' });
    expect(there.out.match(/same as the source/g)).toHaveLength(7);
    const home = await ws.reauth(['store', 'copy', '--from', url, '--to', back]);
    expect(home).toMatchObject({ code: 0, err: '' });
    const [source, copy] = [await stateOf({ storeFile: from }), await stateOf({ storeFile: back })];
    expect(checksums(copy)).toEqual(checksums(source));
    expect(copy).toEqual(source);

    const again = await ws.reauth(['store', 'copy', '--from', from, '--to', url]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/nothing was copied\. .* is not empty \(accounts 6, channels 20, audit 14/);
  });
});

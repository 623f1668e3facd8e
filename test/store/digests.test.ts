import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DigestRecord } from '../../src/domain/digestRecord.js';
import { openFileStore, openMemoryStore } from '../../store/openStore.js';
import { openPostgresStore } from '../../store/postgres/postgresStore.js';
import type { Store } from '../../store/store.js';
import { testPostgres } from '../support/postgres.js';

const actor = { id: 'system', at: new Date('2026-11-30T09:00:00Z') };

function planned(id = 'scheduled:2026-11-30T09:00:00.000Z'): DigestRecord {
  return {
    id,
    kind: 'scheduled',
    slot: '2026-11-30T09:00:00.000Z',
    channel: 'CDIGEST',
    status: 'posting',
    requestedBy: 'schedule',
    createdAt: '2026-11-30T09:00:00.000Z',
    parts: [{ message: { text: 'parent', blocks: [] } }, { message: { text: 'reply', blocks: [] } }],
    dms: [{ user: 'UMANAGER1', parts: [{ message: { text: 'yours', blocks: [] } }] }],
  };
}

const postgres = testPostgres();
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reauth-digests-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const backends: [string, () => Promise<Store>][] = [
  ['memory', async () => openMemoryStore()],
  ['file', () => openFileStore(join(dir, 'reauth.json'))],
  [`PostgreSQL (${postgres.kind})`, async () => openPostgresStore((await postgres.fresh()).open())],
];
// The engine starts once per file, which on a busy machine takes longer than a hook's usual time.
beforeAll(() => postgres.fresh(), 120_000);

describe.each(backends)('digest records (%s store)', (_name, open) => {
  it('records a slot once: a second claim on the same slot gets the first record back', async () => {
    const store = await open();
    const first = await store.recordDigestSlot(planned(), actor);
    const second = await store.recordDigestSlot({ ...planned(), channel: 'COTHER' }, actor);
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, record: { channel: 'CDIGEST' } });
    expect(await store.digests()).toHaveLength(1);
    const audit = await store.auditTrail();
    expect(audit.filter((e) => e.action === 'digest-planned')).toHaveLength(1);
    await store.close();
  });

  it('notes each posted message once, then drops the planned content when the slot closes', async () => {
    const store = await open();
    const { record } = await store.recordDigestSlot(planned(), actor);
    await store.recordDigestDelivery(record.id, { target: 'channel', part: 0, ts: '1.1' }, actor);
    const again = await store.recordDigestDelivery(
      record.id,
      { target: 'channel', part: 0, ts: '9.9' },
      actor,
    );
    expect(again.parts[0]?.ts).toBe('1.1');
    await store.recordDigestDelivery(record.id, { target: 'channel', part: 1, ts: '1.2' }, actor);
    await store.recordDigestDelivery(
      record.id,
      { target: 'dm', user: 'UMANAGER1', part: 0, ts: '2.1', channel: 'DUMANAGER1' },
      actor,
    );
    const closed = await store.closeDigest(record.id, { status: 'posted' }, actor);
    expect(closed.status).toBe('posted');
    expect(closed.parts).toEqual([
      { ts: '1.1', postedAt: actor.at.toISOString() },
      { ts: '1.2', postedAt: actor.at.toISOString() },
    ]);
    expect(closed.dms[0]).toMatchObject({ channel: 'DUMANAGER1', parts: [{ ts: '2.1' }] });
    expect((await store.auditTrail()).filter((e) => e.action === 'digest-part-posted')).toHaveLength(3);
    await store.close();
  });

  it('marks a message whose post may have gone through as uncertain once, audited, and keeps the DM channel', async () => {
    const store = await open();
    const { record } = await store.recordDigestSlot(planned(), actor);
    const later = { ...actor, at: new Date('2026-11-30T09:01:00Z') };
    await store.recordDigestDelivery(record.id, { target: 'channel', part: 0, uncertain: true }, actor);
    await store.recordDigestDelivery(record.id, { target: 'channel', part: 0, uncertain: true }, later);
    const dm = { target: 'dm', user: 'UMANAGER1', part: 0, channel: 'DUMANAGER1', uncertain: true } as const;
    const marked = await store.recordDigestDelivery(record.id, dm, actor);
    expect(marked.parts[0]).toMatchObject({ uncertainSince: '2026-11-30T09:00:00.000Z' });
    expect(marked.parts[0]?.ts).toBeUndefined();
    expect(marked.dms[0]).toMatchObject({
      channel: 'DUMANAGER1',
      parts: [{ uncertainSince: expect.any(String) }],
    });
    const posted = await store.recordDigestDelivery(
      record.id,
      { target: 'channel', part: 0, ts: '1.1' },
      later,
    );
    expect(posted.parts[0]).toMatchObject({ ts: '1.1', uncertainSince: '2026-11-30T09:00:00.000Z' });
    const audit = (await store.auditTrail()).filter((e) => e.action === 'digest-part-uncertain');
    expect(audit.map((e) => e.details)).toEqual([
      { target: 'channel', part: 0, uncertain: true },
      { target: 'dm', user: 'UMANAGER1', part: 0, channel: 'DUMANAGER1', uncertain: true },
    ]);
  });

  it('records a DM Slack refused, and a skipped slot with its reason', async () => {
    const store = await open();
    const { record } = await store.recordDigestSlot(planned(), actor);
    const refused = await store.recordDigestDelivery(
      record.id,
      { target: 'dm', user: 'UMANAGER1', error: 'user_not_found' },
      actor,
    );
    expect(refused.dms[0]?.error).toBe('user_not_found');
    const skipped = await store.closeDigest(record.id, { status: 'skipped', reason: 'superseded' }, actor);
    expect(skipped).toMatchObject({ status: 'skipped', reason: 'superseded' });
    await expect(
      store.recordDigestDelivery('nope', { target: 'channel', part: 0, ts: '1' }, actor),
    ).rejects.toThrow(/No digest nope/);
    await store.close();
  });
});

describe('digest records on disk', () => {
  it('survive a restart, half-posted', async () => {
    const file = join(dir, 'reauth.json');
    const store = await openFileStore(file);
    await store.recordDigestSlot(planned(), actor);
    await store.recordDigestDelivery(planned().id, { target: 'channel', part: 0, ts: '1.1' }, actor);
    await store.close();
    const reopened = await openFileStore(file);
    const [record] = await reopened.digests();
    expect(record?.parts.map((p) => p.ts)).toEqual(['1.1', undefined]);
    expect(record?.parts[1]?.message?.text).toBe('reply');
    await reopened.close();
  });

  it('are added, empty, to a store file written before digests existed', async () => {
    const file = join(dir, 'old.json');
    await writeFile(file, JSON.stringify({ schemaVersion: 1, accounts: [], channels: [], audit: [] }));
    const store = await openFileStore(file);
    expect(await store.digests()).toEqual([]);
    await store.recordDigestSlot(planned(), actor);
    await store.close();
    expect(JSON.parse(await readFile(file, 'utf8')).digests).toHaveLength(1);
  });
});

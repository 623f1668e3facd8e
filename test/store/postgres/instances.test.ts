import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DigestRecord } from '../../../src/domain/digestRecord.js';
import { openPostgresStore, type PostgresStore } from '../../../store/postgres/postgresStore.js';
import type { NewRollback } from '../../../store/store.js';
import { testPostgres } from '../../support/postgres.js';
import { sampleBatch } from '../../support/sampleData.js';

/*
 * Two instances of the bot on one database: two stores, each with its own pool, as two processes
 * would have. On the real server their transactions truly overlap; on PGlite (one session) they
 * take turns, so there these cases check the rules and the server checks the locking.
 */
const postgres = testPostgres();
beforeAll(() => postgres.fresh(), 120_000);

const T0 = new Date('2026-11-28T12:00:00Z');
const later = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);
const EU_UNIT = { region: 'EU' as const, sellerId: 'A1ACMEEU00001X' };
const APPROVERS = ['UAPPROVER1', 'UAPPROVER2'];

function request(id: string): NewRollback {
  return {
    id,
    accountId: 'acme-outdoor',
    unit: EU_UNIT,
    reason: 'wrong Seller Central account',
    since: T0.toISOString(),
    expiresAt: later(24).toISOString(),
  };
}

describe(`two instances on one PostgreSQL database (${postgres.kind})`, () => {
  let a: PostgresStore;
  let b: PostgresStore;
  beforeEach(async () => {
    const schema = await postgres.fresh();
    a = await openPostgresStore(schema.open());
    b = await openPostgresStore(schema.open());
    await a.importBatch(sampleBatch(), { id: 'import', at: T0 });
    await b.recordReauthorization({ accountId: 'acme-outdoor', ...EU_UNIT }, { id: 'UAGENT', at: T0 });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });

  it('lets exactly one of many simultaneous decisions win, whichever instance each reaches', async () => {
    await a.createRollback(request('rb-1'), { id: 'UAGENT', at: T0 });
    const clicks = Array.from({ length: 20 }, (_, i) => {
      const store = i % 2 === 0 ? a : b;
      const approver = APPROVERS[i % 2] as string;
      return store.decideRollback(
        'rb-1',
        { approve: i % 3 !== 0, approvers: APPROVERS },
        { id: approver, at: later(1) },
      );
    });
    const outcomes = await Promise.all(clicks);
    expect(outcomes.filter((o) => o.kind === 'decided')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'already-decided')).toHaveLength(19);
    const decisions = (await a.auditTrail('acme-outdoor')).filter((e) =>
      ['rollback.approved', 'rollback.denied'].includes(e.action),
    );
    expect(decisions).toHaveLength(1);
  });

  it('records one open request per unit when both instances are asked at once', async () => {
    const asks = Array.from({ length: 10 }, (_, i) =>
      (i % 2 ? a : b).createRollback(request(`rb-${i}`), { id: `UAGENT${i}`, at: T0 }),
    );
    const outcomes = await Promise.all(asks);
    expect(outcomes.filter((o) => o.kind === 'created')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'open-exists')).toHaveLength(9);
    expect(await b.rollbacksOfAccount('acme-outdoor')).toHaveLength(1);
  });

  it('expires a request once when both sweep together', async () => {
    await a.createRollback(request('rb-1'), { id: 'UAGENT', at: T0 });
    const sweeps = await Promise.all([a, b, a, b].map((s) => s.expireDueRollbacks(later(25))));
    expect(sweeps.flat().map((r) => r.id)).toEqual(['rb-1']);
    expect((await a.auditTrail()).filter((e) => e.action === 'rollback.expired')).toHaveLength(1);
  });

  it('applies the same connector batch once when both instances receive it at once', async () => {
    const batch = [
      {
        id: 'e1',
        type: 'account.upserted' as const,
        occurredAt: '2026-11-28T09:00:00Z',
        accountId: 'fern-labs',
        name: 'Fern Labs',
      },
      {
        id: 'e2',
        type: 'channel.authorization_changed' as const,
        occurredAt: '2026-11-28T09:01:00Z',
        accountId: 'fern-labs',
        channelId: 'ch-fern-de',
        marketplace: 'DE',
        sellerId: 'A7FERNEU00001X',
        authorization: 'none' as const,
      },
    ];
    const connector = { id: 'connector', at: later(1) };
    const outcomes = await Promise.all([a, b, a, b].map((s) => s.applyConnectorEvents(batch, connector)));
    expect(outcomes.map((o) => o.applied).sort()).toEqual([0, 0, 0, 2]);
    expect(outcomes.every((o) => o.applied + o.duplicates === 2)).toBe(true);
    expect(await b.channelsOfAccount('fern-labs')).toHaveLength(1);
    const entries = (await a.auditTrail('fern-labs')).filter((e) => e.actor === 'connector');
    expect(entries).toHaveLength(2);
  });

  it('gives a digest slot to one instance, and notes each message once', async () => {
    const slot: DigestRecord = {
      id: 'scheduled:2026-11-30T09:00:00.000Z',
      kind: 'scheduled',
      slot: '2026-11-30T09:00:00.000Z',
      channel: 'CDIGEST',
      status: 'posting',
      requestedBy: 'schedule',
      createdAt: '2026-11-30T09:00:00.000Z',
      parts: [{ message: { text: 'parent', blocks: [] } }],
      dms: [],
    };
    const actor = { id: 'system', at: T0 };
    const claims = await Promise.all([a, b, a, b].map((s) => s.recordDigestSlot(slot, actor)));
    expect(claims.filter((c) => c.created)).toHaveLength(1);
    const notes = await Promise.all(
      [a, b].map((s, i) =>
        s.recordDigestDelivery(slot.id, { target: 'channel', part: 0, ts: `1.${i}` }, actor),
      ),
    );
    expect(notes[0]?.parts[0]?.ts).toBe(notes[1]?.parts[0]?.ts);
    expect((await a.auditTrail()).filter((e) => e.action === 'digest-part-posted')).toHaveLength(1);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openFileStore, openMemoryStore } from '../../store/openStore.js';
import { openPostgresStore } from '../../store/postgres/postgresStore.js';
import type { NewRollback, Store } from '../../store/store.js';
import { testPostgres } from '../support/postgres.js';
import { sampleBatch } from '../support/sampleData.js';

const T0 = new Date('2026-11-28T12:00:00Z');
const later = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);
const APPROVERS = ['UAPPROVER1', 'UAPPROVER2'];
const EU_UNIT = { region: 'EU' as const, sellerId: 'A1ACMEEU00001X' };

function request(id: string, overrides: Partial<NewRollback> = {}): NewRollback {
  return {
    id,
    accountId: 'acme-outdoor',
    unit: EU_UNIT,
    reason: 'authorized the wrong Seller Central account',
    since: T0.toISOString(),
    expiresAt: later(24).toISOString(),
    ...overrides,
  };
}

interface Backend {
  name: string;
  open(): Promise<{ store: Store; reopen?: () => Promise<Store> }>;
  cleanup?(): Promise<void>;
}

const postgres = testPostgres();
let dir: string;
const backends: Backend[] = [
  { name: 'memory', open: async () => ({ store: openMemoryStore() }) },
  {
    name: 'file',
    open: async () => {
      dir = await mkdtemp(join(tmpdir(), 'reauth-rollbacks-'));
      const file = join(dir, 'reauth.json');
      return { store: await openFileStore(file), reopen: () => openFileStore(file) };
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  },
  {
    name: `PostgreSQL (${postgres.kind})`,
    open: async () => {
      const schema = await postgres.fresh();
      return {
        store: await openPostgresStore(schema.open()),
        reopen: () => openPostgresStore(schema.open()),
      };
    },
  },
];
// The engine starts once per file, which on a busy machine takes longer than a hook's usual time.
beforeAll(() => postgres.fresh(), 120_000);

describe.each(backends)('rollbacks in the $name store', (backend) => {
  let store: Store;
  let reopen: (() => Promise<Store>) | undefined;

  beforeEach(async () => {
    ({ store, reopen } = await backend.open());
    await store.importBatch(sampleBatch(), { id: 'import', at: T0 });
    // The customer reauthorized the European unit, with the wrong Seller Central account.
    await store.recordReauthorization({ accountId: 'acme-outdoor', ...EU_UNIT }, { id: 'UAGENT', at: T0 });
  });
  afterEach(async () => {
    await store.close();
    await backend.cleanup?.();
  });

  const rollbackAudit = async () =>
    (await store.auditTrail('acme-outdoor')).filter((e) => e.action.startsWith('rollback.'));

  it('records a request with the unit, its channels and the checklist, audited for the account', async () => {
    const outcome = await store.createRollback(request('rb-1'), { id: 'UAGENT', at: later(1) });
    expect(outcome.kind).toBe('created');
    const rollback = await store.getRollback('rb-1');
    expect(rollback).toMatchObject({
      state: 'requested',
      requester: 'UAGENT',
      channelIds: ['ch-acme-uk', 'ch-acme-de', 'ch-acme-fr'],
      requestedAt: later(1).toISOString(),
    });
    // Both Seller IDs of the customer: each app, the unit's 3 channels and the other Seller ID for each token, then 3 steps.
    expect(rollback?.checklist).toHaveLength(2 + 4 + 4 + 3);
    expect(await rollbackAudit()).toEqual([
      expect.objectContaining({
        action: 'rollback.requested',
        actor: 'UAGENT',
        accountId: 'acme-outdoor',
        target: 'rollback:rb-1',
      }),
    ]);
  });

  it('refuses a second open request for the same unit and hands back the first', async () => {
    await store.createRollback(request('rb-1'), { id: 'UAGENT', at: later(1) });
    const second = await store.createRollback(request('rb-2'), { id: 'UOTHER', at: later(2) });
    expect(second).toMatchObject({ kind: 'open-exists', rollback: { id: 'rb-1', requester: 'UAGENT' } });
    expect(await store.getRollback('rb-2')).toBeUndefined();
    expect(await rollbackAudit()).toHaveLength(1);
  });

  it('for a unit the store has no reauthorization of, records it as reported in the same write', async () => {
    const outcome = await store.createRollback(
      request('rb-1', { accountId: 'borealis-books', unit: { region: 'EU', sellerId: 'A3BOREALUK001X' } }),
      { id: 'UAGENT', at: later(1) },
    );
    expect(outcome).toMatchObject({ kind: 'created', rollback: { reauthorizationReported: true } });
    const channel = (await store.channelsOfAccount('borealis-books')).find((c) => c.id === 'ch-bor-uk');
    expect(channel).toMatchObject({ authorization: 'MWS/SP-API', authorizedBy: 'UAGENT' });
    const actions = (await store.auditTrail('borealis-books')).map((e) => e.action);
    expect(actions.slice(-2)).toEqual(['rollback.reauthorization-reported', 'rollback.requested']);
  });

  it('expires an undecided request past its expiry when a new one is made, and records the new one', async () => {
    await store.createRollback(request('rb-1'), { id: 'UAGENT', at: later(1) });
    const outcome = await store.createRollback(request('rb-2', { expiresAt: later(50).toISOString() }), {
      id: 'UAGENT',
      at: later(26),
    });
    expect(outcome).toMatchObject({ kind: 'created', expired: [{ id: 'rb-1', state: 'expired' }] });
    expect((await rollbackAudit()).map((e) => e.action)).toEqual([
      'rollback.requested',
      'rollback.expired',
      'rollback.requested',
    ]);
  });

  it('approval sets the channels back to MWS and keeps what they were', async () => {
    await store.createRollback(request('rb-1'), { id: 'UAGENT', at: later(1) });
    const outcome = await store.decideRollback(
      'rb-1',
      { approve: true, approvers: APPROVERS },
      {
        id: 'UAPPROVER1',
        at: later(2),
      },
    );
    expect(outcome.kind).toBe('decided');
    const channels = (await store.channelsOfAccount('acme-outdoor')).filter(
      (c) => c.sellerId === EU_UNIT.sellerId,
    );
    expect(channels.map((c) => c.authorization)).toEqual(['MWS', 'MWS', 'MWS']);
    const rollback = await store.getRollback('rb-1');
    expect(rollback?.decision).toEqual({ by: 'UAPPROVER1', at: later(2).toISOString() });
    expect(rollback?.previous).toEqual(
      ['ch-acme-uk', 'ch-acme-de', 'ch-acme-fr'].map((channelId) => ({
        channelId,
        authorization: 'MWS/SP-API',
        authorizedAt: T0.toISOString(),
        authorizedBy: 'UAGENT',
      })),
    );
    // The North American unit is not part of it.
    expect(
      (await store.channelsOfAccount('acme-outdoor')).find((c) => c.id === 'ch-acme-us')?.authorization,
    ).toBe('MWS/SP-API');
  });

  it('takes exactly one decision: the loser gets the winner back, with who and when', async () => {
    await store.createRollback(request('rb-1'), { id: 'UAGENT', at: later(1) });
    const [a, b] = await Promise.all([
      store.decideRollback(
        'rb-1',
        { approve: true, approvers: APPROVERS },
        { id: 'UAPPROVER1', at: later(2) },
      ),
      store.decideRollback(
        'rb-1',
        { approve: false, reason: 'no', approvers: APPROVERS },
        { id: 'UAPPROVER2', at: later(2) },
      ),
    ]);
    expect(a.kind).toBe('decided');
    expect(b).toMatchObject({
      kind: 'already-decided',
      rollback: { state: 'approved', decision: { by: 'UAPPROVER1', at: later(2).toISOString() } },
    });
    expect((await rollbackAudit()).map((e) => e.action)).toEqual(['rollback.requested', 'rollback.approved']);
  });

  it('refuses the requester and non-approvers, changing nothing', async () => {
    await store.createRollback(request('rb-1'), { id: 'UAPPROVER1', at: later(1) });
    const self = await store.decideRollback(
      'rb-1',
      { approve: true, approvers: APPROVERS },
      {
        id: 'UAPPROVER1',
        at: later(2),
      },
    );
    const stranger = await store.decideRollback(
      'rb-1',
      { approve: true, approvers: APPROVERS },
      {
        id: 'USTRANGER',
        at: later(2),
      },
    );
    expect(self).toMatchObject({ kind: 'refused', refusal: { kind: 'requester' } });
    expect(stranger).toMatchObject({ kind: 'refused', refusal: { kind: 'not-approver' } });
    expect((await store.getRollback('rb-1'))?.state).toBe('requested');
    expect(await rollbackAudit()).toHaveLength(1);
  });

  it('records a denial with its reason and leaves the channels alone', async () => {
    await store.createRollback(request('rb-1'), { id: 'UAGENT', at: later(1) });
    await store.decideRollback(
      'rb-1',
      { approve: false, reason: ' customer fixed it ', approvers: APPROVERS },
      {
        id: 'UAPPROVER2',
        at: later(2),
      },
    );
    expect(await store.getRollback('rb-1')).toMatchObject({
      state: 'denied',
      decision: { by: 'UAPPROVER2', reason: 'customer fixed it' },
    });
    const uk = (await store.channelsOfAccount('acme-outdoor')).find((c) => c.id === 'ch-acme-uk');
    expect(uk?.authorization).toBe('MWS/SP-API');
  });

  it('expires undecided requests and refuses late decisions', async () => {
    await store.createRollback(request('rb-1'), { id: 'UAGENT', at: later(1) });
    expect(await store.expireDueRollbacks(later(23))).toEqual([]);
    expect((await store.expireDueRollbacks(later(24))).map((r) => r.id)).toEqual(['rb-1']);
    expect(await store.expireDueRollbacks(later(30))).toEqual([]);
    const late = await store.decideRollback(
      'rb-1',
      { approve: true, approvers: APPROVERS },
      {
        id: 'UAPPROVER1',
        at: later(25),
      },
    );
    expect(late).toMatchObject({ kind: 'expired', justExpired: false });
    expect(await rollbackAudit()).toEqual([
      expect.objectContaining({ action: 'rollback.requested' }),
      expect.objectContaining({ action: 'rollback.expired', actor: 'system', accountId: 'acme-outdoor' }),
    ]);
  });

  it('a click after expiry but before the sweep expires the request itself', async () => {
    await store.createRollback(request('rb-1'), { id: 'UAGENT', at: later(1) });
    const late = await store.decideRollback(
      'rb-1',
      { approve: true, approvers: APPROVERS },
      {
        id: 'UAPPROVER1',
        at: later(24),
      },
    );
    expect(late).toMatchObject({ kind: 'expired', justExpired: true, rollback: { state: 'expired' } });
  });

  it('ticks checklist items once each, with who and when, and completes on the last', async () => {
    await store.createRollback(request('rb-1'), { id: 'UAGENT', at: later(1) });
    expect(
      await store.completeChecklistItem('rb-1', 'missed-orders', { id: 'UAGENT', at: later(1) }),
    ).toMatchObject({
      kind: 'not-approved',
    });
    await store.decideRollback(
      'rb-1',
      { approve: true, approvers: APPROVERS },
      { id: 'UAPPROVER1', at: later(2) },
    );
    const items = (await store.getRollback('rb-1'))?.checklist ?? [];
    expect(
      await store.completeChecklistItem('rb-1', 'nonsense', { id: 'UAGENT', at: later(3) }),
    ).toMatchObject({
      kind: 'unknown-item',
    });
    for (const [i, item] of items.entries()) {
      const outcome = await store.completeChecklistItem('rb-1', item.id, { id: 'UAGENT', at: later(3 + i) });
      expect(outcome).toMatchObject({ kind: 'done', completed: i === items.length - 1 });
    }
    const again = await store.completeChecklistItem('rb-1', 'missed-orders', { id: 'UOTHER', at: later(40) });
    expect(again).toMatchObject({ kind: 'already-done', item: { doneBy: 'UAGENT' } });
    const rollback = await store.getRollback('rb-1');
    expect(rollback?.state).toBe('completed');
    expect(rollback?.checklist.every((i) => i.doneBy === 'UAGENT' && i.doneAt)).toBe(true);
    const actions = (await rollbackAudit()).map((e) => e.action);
    expect(actions.filter((a) => a === 'rollback.checklist.done')).toHaveLength(items.length);
    expect(actions.at(-1)).toBe('rollback.completed');
  });

  it('unticks an item for whoever ticked it, refuses anyone else, and keeps it after a reopen', async () => {
    await store.createRollback(request('rb-1'), { id: 'UAGENT', at: later(1) });
    await store.decideRollback(
      'rb-1',
      { approve: true, approvers: APPROVERS },
      { id: 'UAPPROVER1', at: later(2) },
    );
    await store.completeChecklistItem('rb-1', 'missed-orders', { id: 'UAGENT', at: later(3) });
    const stranger = await store.untickChecklistItem(
      'rb-1',
      'missed-orders',
      { id: 'USTRANGER', at: later(4) },
      APPROVERS,
    );
    expect(stranger).toMatchObject({ kind: 'not-yours' });
    const outcome = await store.untickChecklistItem(
      'rb-1',
      'missed-orders',
      { id: 'UAGENT', at: later(5) },
      APPROVERS,
    );
    expect(outcome).toMatchObject({ kind: 'unticked', item: { id: 'missed-orders' } });
    const again = await store.untickChecklistItem(
      'rb-1',
      'missed-orders',
      { id: 'UAGENT', at: later(6) },
      APPROVERS,
    );
    expect(again).toMatchObject({ kind: 'not-done' });
    if (reopen) {
      await store.close();
      store = await reopen();
    }
    const s = store;
    const item = (await s.getRollback('rb-1'))?.checklist.find((i) => i.id === 'missed-orders');
    expect(item?.doneAt).toBeUndefined();
    expect(item?.doneBy).toBeUndefined();
    const undone = (await s.auditTrail('acme-outdoor')).filter(
      (e) => e.action === 'rollback.checklist.undone',
    );
    expect(undone).toEqual([
      expect.objectContaining({
        actor: 'UAGENT',
        details: expect.objectContaining({ item: 'missed-orders', tickedBy: 'UAGENT' }),
      }),
    ]);
  });

  it('remembers where its messages are, and keeps everything after a reopen', async () => {
    await store.createRollback(request('rb-1'), { id: 'UAGENT', at: later(1) });
    await store.attachRollbackMessage(
      'rb-1',
      'parent',
      { channel: 'CROLLBACKS', ts: '1.0001' },
      {
        id: 'system',
        at: later(1),
      },
    );
    await store.decideRollback(
      'rb-1',
      { approve: true, approvers: APPROVERS },
      { id: 'UAPPROVER1', at: later(2) },
    );
    await store.attachRollbackMessage(
      'rb-1',
      'note',
      { channel: 'CROLLBACKS', ts: '1.0002' },
      {
        id: 'system',
        at: later(2),
      },
    );
    expect((await store.getRollback('rb-1'))?.messages).toEqual({
      parent: { channel: 'CROLLBACKS', ts: '1.0001' },
      note: { channel: 'CROLLBACKS', ts: '1.0002' },
    });
    if (!reopen) return;
    await store.close();
    store = await reopen();
    expect(await store.getRollback('rb-1')).toMatchObject({
      state: 'approved',
      messages: {
        parent: { channel: 'CROLLBACKS', ts: '1.0001' },
        note: { channel: 'CROLLBACKS', ts: '1.0002' },
      },
    });
    expect(
      (await store.channelsOfAccount('acme-outdoor')).find((c) => c.id === 'ch-acme-uk')?.authorization,
    ).toBe('MWS');
  });
});

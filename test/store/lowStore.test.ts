import { type Adapter, Low } from 'lowdb';
import { describe, expect, it } from 'vitest';
import { LowStore } from '../../store/lowStore.js';
import { emptyState, type StoreState } from '../../store/store.js';
import { sampleBatch } from '../support/sampleData.js';

/** Persists like a file would (a deep copy), and fails on demand like a full disk. */
class FlakyAdapter implements Adapter<StoreState> {
  persisted: StoreState | null = null;
  failNext = false;
  async read(): Promise<StoreState | null> {
    return this.persisted && structuredClone(this.persisted);
  }
  async write(data: StoreState): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('ENOSPC: no space left on device');
    }
    this.persisted = structuredClone(data);
  }
}

/** Exposes `write` so a test can run a change that breaks halfway. */
class OpenLowStore extends LowStore {
  runChange<T>(change: Parameters<LowStore['write']>[0]): Promise<T> {
    return this.write(change) as Promise<T>;
  }
}

const importer = { id: 'import', at: new Date('2026-11-01T09:00:00Z') };
const unit = { accountId: 'acme-outdoor', region: 'EU' as const, sellerId: 'A1ACMEEU00001X' };

describe('LowStore writes', () => {
  it('when persisting fails: rejects, and memory goes back to what was persisted', async () => {
    const adapter = new FlakyAdapter();
    const store = new LowStore(new Low(adapter, emptyState()));
    await store.importBatch(sampleBatch(), importer);
    adapter.failNext = true;
    await expect(store.recordReauthorization(unit, { id: 'UAGENT1', at: new Date() })).rejects.toThrow(
      /ENOSPC/,
    );
    expect(await store.allChannels()).toEqual(adapter.persisted?.channels);
    expect(await store.auditTrail()).toEqual(adapter.persisted?.audit);
    // The unit is still to do, so recording it again works and is persisted.
    const changed = await store.recordReauthorization(unit, { id: 'UAGENT1', at: new Date() });
    expect(changed).toHaveLength(3);
    expect(adapter.persisted?.audit.at(-1)?.action).toBe('reauthorized');
  });

  it('when a change throws halfway: rejects, and nothing it did stays in memory', async () => {
    const adapter = new FlakyAdapter();
    const store = new OpenLowStore(new Low(adapter, emptyState()));
    await store.importBatch(sampleBatch(), importer);
    await expect(
      store.runChange((data) => {
        data.accounts.push({ id: 'half-done', name: 'Half done' });
        (data.channels[0] as StoreState['channels'][number]).authorization = 'MWS/SP-API';
        throw new Error('bug in the middle of a change');
      }),
    ).rejects.toThrow(/bug in the middle/);
    expect(await store.getAccount('half-done')).toBeUndefined();
    expect(await store.allChannels()).toEqual(adapter.persisted?.channels);
  });

  it('a change that audits nothing is neither persisted nor kept in memory', async () => {
    const adapter = new FlakyAdapter();
    const store = new OpenLowStore(new Low(adapter, emptyState()));
    await store.importBatch(sampleBatch(), importer);
    await store.runChange((data) => {
      data.accounts.push({ id: 'unaudited', name: 'Unaudited' });
    });
    expect(await store.getAccount('unaudited')).toBeUndefined();
    expect(adapter.persisted?.accounts.map((a) => a.id)).not.toContain('unaudited');
  });

  it('a connector batch whose write fails leaves nothing behind: no change, no id remembered, indexes as before', async () => {
    const adapter = new FlakyAdapter();
    const store = new LowStore(new Low(adapter, emptyState()));
    await store.importBatch(sampleBatch(), importer);
    const batch = [
      {
        id: 'e1',
        type: 'channel.upserted' as const,
        occurredAt: '2026-11-02T09:00:00Z',
        accountId: 'acme-outdoor',
        channelId: 'ch-acme-it',
        marketplace: 'IT',
        sellerId: 'A1ACMEEU00001X',
        authorization: 'MWS/SP-API' as const,
      },
    ];
    const connector = { id: 'connector', at: new Date('2026-11-02T09:01:00Z') };
    adapter.failNext = true;
    await expect(store.applyConnectorEvents(batch, connector)).rejects.toThrow(/ENOSPC/);
    expect(await store.allChannels()).toEqual(adapter.persisted?.channels);
    expect((await store.channelsBySellerId('A1ACMEEU00001X')).map((c) => c.id)).not.toContain('ch-acme-it');
    // Sent again, it is applied: the failed attempt left no id behind.
    expect(await store.applyConnectorEvents(batch, connector)).toMatchObject({ applied: 1, duplicates: 0 });
    expect(adapter.persisted?.connectorEvents.map((e) => e.id)).toEqual(['e1']);
    expect(adapter.persisted?.channels.map((c) => c.id)).toContain('ch-acme-it');
  });
});

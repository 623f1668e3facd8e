import { beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorEvent } from '../../src/domain/connectorEvents.js';
import { ConnectorBatchRejectedError } from '../../store/store.js';
import { sampleBatch } from '../support/sampleData.js';
import type { ContractContext } from './contract.js';
import { importer, T2, T3 } from './contractFixtures.js';

const connector = { id: 'connector', at: T3 };

function authorized(
  id: string,
  channelId: string,
  occurredAt: string,
  authorization: 'MWS' | 'MWS/SP-API' | 'none',
  more: Partial<{ accountId: string; marketplace: string; sellerId: string }> = {},
): ConnectorEvent {
  return {
    id,
    type: 'channel.authorization_changed',
    occurredAt,
    accountId: more.accountId ?? 'acme-outdoor',
    channelId,
    marketplace: more.marketplace ?? 'UK',
    sellerId: more.sellerId ?? 'A1ACMEEU00001X',
    authorization,
  };
}

/** Store contract: applying connector batches (one audited write, all or nothing, ordered, idempotent). */
export function connectorCases(ctx: ContractContext): void {
  describe('applyConnectorEvents', () => {
    beforeEach(async () => {
      await ctx.store.importBatch(sampleBatch(), importer);
    });

    async function channelOf(id: string) {
      return (await ctx.store.allChannels()).find((c) => c.id === id);
    }

    it('applies a change with its source and time, audited as the connector', async () => {
      const result = await ctx.store.applyConnectorEvents(
        [authorized('e1', 'ch-acme-uk', '2026-11-03T11:40:00+01:00', 'MWS/SP-API')],
        connector,
      );
      expect(result).toEqual({ applied: 1, duplicates: 0, superseded: 0, unconfirmed: [] });
      const s = await ctx.persisted();
      const uk = (await s.channelsOfAccount('acme-outdoor')).find((c) => c.id === 'ch-acme-uk');
      expect(uk).toMatchObject({
        authorization: 'MWS/SP-API',
        stateSource: 'connector',
        stateAt: '2026-11-03T11:40:00+01:00',
        authorizedBy: 'connector',
      });
      expect((await s.auditTrail('acme-outdoor')).at(-1)).toEqual({
        at: T3.toISOString(),
        actor: 'connector',
        action: 'connector channel.authorization_changed',
        target: 'channel:ch-acme-uk',
        accountId: 'acme-outdoor',
        details: {
          event: 'e1',
          type: 'channel.authorization_changed',
          occurredAt: '2026-11-03T11:40:00+01:00',
          changes: ['authorization MWS -> MWS/SP-API'],
        },
      });
    });

    it('counts an id seen before as a duplicate that changes nothing, in the same batch or a later one', async () => {
      await ctx.store.applyConnectorEvents(
        [
          authorized('e1', 'ch-acme-uk', '2026-11-03T10:00:00Z', 'MWS/SP-API'),
          authorized('e1', 'ch-acme-uk', '2026-11-03T10:05:00Z', 'none'),
        ],
        connector,
      );
      const trail = await ctx.store.auditTrail();
      const s = await ctx.persisted();
      const again = await s.applyConnectorEvents(
        [authorized('e1', 'ch-acme-uk', '2026-11-03T10:10:00Z', 'MWS')],
        connector,
      );
      expect(again).toMatchObject({ applied: 0, duplicates: 1, superseded: 0 });
      expect((await channelOf('ch-acme-uk'))?.authorization).toBe('MWS/SP-API');
      expect(await ctx.store.auditTrail()).toEqual(trail);
    });

    it('applies oldest first per channel; an event older than the state on record is superseded and audited', async () => {
      const first = await ctx.store.applyConnectorEvents(
        [
          authorized('late', 'ch-acme-uk', '2026-11-03T10:30:00Z', 'MWS/SP-API'),
          authorized('early', 'ch-acme-uk', '2026-11-03T10:00:00Z', 'none'),
        ],
        connector,
      );
      expect(first).toMatchObject({ applied: 2, duplicates: 0, superseded: 0 });
      expect(await channelOf('ch-acme-uk')).toMatchObject({
        authorization: 'MWS/SP-API',
        stateAt: '2026-11-03T10:30:00Z',
      });
      const older = await ctx.store.applyConnectorEvents(
        [authorized('older', 'ch-acme-uk', '2026-11-03T10:20:00Z', 'MWS')],
        connector,
      );
      expect(older).toMatchObject({ applied: 0, duplicates: 0, superseded: 1 });
      const s = await ctx.persisted();
      expect(
        (await s.channelsOfAccount('acme-outdoor')).find((c) => c.id === 'ch-acme-uk')?.authorization,
      ).toBe('MWS/SP-API');
      expect((await s.auditTrail('acme-outdoor')).at(-1)).toMatchObject({
        actor: 'connector',
        action: 'connector event superseded',
        target: 'channel:ch-acme-uk',
        details: { event: 'older' },
      });
    });

    it('refuses the whole batch, changing nothing, when a channel names an unknown account or changes account', async () => {
      const before = { channels: await ctx.store.allChannels(), audit: await ctx.store.auditTrail() };
      const attempt = ctx.store.applyConnectorEvents(
        [
          authorized('ok', 'ch-acme-uk', '2026-11-03T10:00:00Z', 'MWS/SP-API'),
          authorized('ghost', 'ch-new', '2026-11-03T10:00:00Z', 'MWS', { accountId: 'nobody' }),
          authorized('moved', 'ch-bor-uk', '2026-11-03T10:00:00Z', 'MWS'),
        ],
        connector,
      );
      await expect(attempt).rejects.toBeInstanceOf(ConnectorBatchRejectedError);
      await expect(attempt).rejects.toMatchObject({
        problems: [
          { index: 1, field: 'accountId', message: expect.stringContaining('"nobody" is not on record') },
          {
            index: 2,
            field: 'accountId',
            message: expect.stringContaining('belongs to account "borealis-books"'),
          },
        ],
      });
      const s = await ctx.persisted();
      expect(await s.allChannels()).toEqual(before.channels);
      expect(await s.auditTrail()).toEqual(before.audit);
      // Nothing was remembered either: the good event can still be applied.
      const retry = await s.applyConnectorEvents(
        [authorized('ok', 'ch-acme-uk', '2026-11-03T10:00:00Z', 'MWS/SP-API')],
        connector,
      );
      expect(retry.applied).toBe(1);
    });

    it('adds an account and its channel from one batch, and a removed channel stays removed against older events', async () => {
      await ctx.store.applyConnectorEvents(
        [
          authorized('c1', 'ch-fern-de', '2026-11-03T09:00:00Z', 'none', {
            accountId: 'fern-labs',
            marketplace: 'DE',
            sellerId: 'A7FERNEU00001X',
          }),
          {
            id: 'a1',
            type: 'account.upserted',
            occurredAt: '2026-11-03T09:30:00Z',
            accountId: 'fern-labs',
            name: 'Fern Labs',
            accountManager: 'UMANAGER3',
          },
        ],
        connector,
      );
      expect(await ctx.store.getAccount('fern-labs')).toMatchObject({
        name: 'Fern Labs',
        accountManager: 'UMANAGER3',
      });
      await ctx.store.applyConnectorEvents(
        [
          {
            id: 'r1',
            type: 'channel.removed',
            occurredAt: '2026-11-03T10:00:00Z',
            accountId: 'fern-labs',
            channelId: 'ch-fern-de',
          },
        ],
        connector,
      );
      const s = await ctx.persisted();
      expect(await s.channelsOfAccount('fern-labs')).toEqual([]);
      const late = await s.applyConnectorEvents(
        [
          authorized('c0', 'ch-fern-de', '2026-11-03T09:45:00Z', 'MWS', {
            accountId: 'fern-labs',
            marketplace: 'DE',
            sellerId: 'A7FERNEU00001X',
          }),
        ],
        connector,
      );
      expect(late).toMatchObject({ applied: 0, duplicates: 0, superseded: 1 });
      expect(await s.channelsOfAccount('fern-labs')).toEqual([]);
    });

    it('holds another Seller ID for a channel as unconfirmed, keeps the record, and lists it once', async () => {
      const first = await ctx.store.applyConnectorEvents(
        [
          authorized('w1', 'ch-acme-uk', '2026-11-03T10:00:00Z', 'MWS/SP-API', {
            sellerId: 'A9WRONG000001X',
          }),
        ],
        connector,
      );
      expect(first).toMatchObject({ applied: 1, duplicates: 0, superseded: 0 });
      expect(first.unconfirmed).toEqual([
        {
          accountId: 'acme-outdoor',
          channelId: 'ch-acme-uk',
          marketplace: 'UK',
          sellerId: 'A1ACMEEU00001X',
          reportedMarketplace: 'UK',
          reportedSellerId: 'A9WRONG000001X',
          authorization: 'MWS/SP-API',
          eventId: 'w1',
          occurredAt: '2026-11-03T10:00:00Z',
        },
      ]);
      const again = await ctx.store.applyConnectorEvents(
        [
          authorized('w2', 'ch-acme-uk', '2026-11-03T10:05:00Z', 'MWS/SP-API', {
            sellerId: 'A9WRONG000001X',
          }),
        ],
        connector,
      );
      expect(again.unconfirmed).toEqual([]);
      // A region that does not match the marketplace on record is held back too.
      const region = await ctx.store.applyConnectorEvents(
        [authorized('w3', 'ch-acme-de', '2026-11-03T10:05:00Z', 'MWS/SP-API', { marketplace: 'US' })],
        connector,
      );
      expect(region.unconfirmed.map((u) => [u.channelId, u.reportedMarketplace])).toEqual([
        ['ch-acme-de', 'US'],
      ]);
      const s = await ctx.persisted();
      expect((await s.channelsBySellerId('A1ACMEEU00001X')).find((c) => c.id === 'ch-acme-uk')).toMatchObject(
        {
          sellerId: 'A1ACMEEU00001X',
          marketplace: 'UK',
          authorization: 'MWS/SP-API',
          unconfirmedSellerId: 'A9WRONG000001X',
          unconfirmedMarketplace: 'UK',
          unconfirmedAt: '2026-11-03T10:05:00Z',
        },
      );
      expect(await s.channelsBySellerId('A9WRONG000001X')).toEqual([]);
    });

    it('confirming an unconfirmed Seller ID makes it the record, audited; with none held, nothing changes', async () => {
      await ctx.store.applyConnectorEvents(
        [
          authorized('w1', 'ch-acme-uk', '2026-11-03T10:00:00Z', 'MWS/SP-API', {
            sellerId: 'A9NEWSELLER01X',
          }),
        ],
        connector,
      );
      const confirmed = await ctx.store.confirmSellerId('ch-acme-uk', { id: 'UAGENT1', at: T3 });
      expect(confirmed).toMatchObject({ kind: 'confirmed', previousSellerId: 'A1ACMEEU00001X' });
      const s = await ctx.persisted();
      expect((await s.channelsBySellerId('A9NEWSELLER01X')).map((c) => c.id)).toEqual(['ch-acme-uk']);
      const uk = (await s.channelsOfAccount('acme-outdoor')).find((c) => c.id === 'ch-acme-uk');
      expect(uk).toMatchObject({ sellerId: 'A9NEWSELLER01X', stateSource: 'slack' });
      expect(uk?.unconfirmedSellerId).toBeUndefined();
      expect((await s.auditTrail('acme-outdoor')).at(-1)).toEqual({
        at: T3.toISOString(),
        actor: 'UAGENT1',
        action: 'seller-id.confirmed',
        target: 'channel:ch-acme-uk',
        accountId: 'acme-outdoor',
        details: { from: 'A1ACMEEU00001X (UK)', to: 'A9NEWSELLER01X (UK)' },
      });
      const trail = await s.auditTrail();
      expect(await s.confirmSellerId('ch-acme-uk', { id: 'UAGENT2', at: T3 })).toMatchObject({
        kind: 'nothing-unconfirmed',
      });
      expect(await s.confirmSellerId('ch-none', { id: 'UAGENT2', at: T3 })).toEqual({ kind: 'no-channel' });
      expect(await s.auditTrail()).toEqual(trail);
    });

    it('records the source of imports and of /reauth done, and an identical import stays unchanged', async () => {
      expect(await channelOf('ch-acme-uk')).toMatchObject({
        stateSource: 'import',
        stateAt: importer.at.toISOString(),
      });
      const summary = await ctx.store.importBatch(sampleBatch(), { id: 'import', at: T2 });
      expect(summary.channels.updated).toBe(0);
      await ctx.store.recordReauthorization(
        { accountId: 'acme-outdoor', region: 'EU', sellerId: 'A1ACMEEU00001X' },
        { id: 'UAGENT1', at: T2 },
      );
      const s = await ctx.persisted();
      expect((await s.channelsOfAccount('acme-outdoor')).find((c) => c.id === 'ch-acme-uk')).toMatchObject({
        stateSource: 'slack',
        stateAt: T2.toISOString(),
      });
    });
  });
}

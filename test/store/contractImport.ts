import { describe, expect, it } from 'vitest';
import type { Channel } from '../../src/domain/accounts.js';
import { type ImportBatch, ImportRejectedError } from '../../store/store.js';
import { sampleBatch } from '../support/sampleData.js';
import type { ContractContext } from './contract.js';
import { byId, channel, importer, T1, T2 } from './contractFixtures.js';

/** Store contract: importing batches. */
export function importCases(ctx: ContractContext): void {
  describe('import', () => {
    it('starts empty', async () => {
      expect(await ctx.store.listAccounts()).toEqual([]);
      expect(await ctx.store.allChannels()).toEqual([]);
      expect(await ctx.store.auditTrail()).toEqual([]);
      expect(await ctx.store.getAccount('acme-outdoor')).toBeUndefined();
    });

    it('adds every account and channel of a new batch and counts them as added', async () => {
      const batch = sampleBatch();
      const summary = await ctx.store.importBatch(batch, importer);
      expect(summary).toEqual({
        accounts: { added: 5, updated: 0, unchanged: 0 },
        channels: { added: 19, updated: 0, unchanged: 0 },
      });
      const s = await ctx.persisted();
      expect(await s.listAccounts()).toEqual(batch.accounts);
      expect(await s.getAccount('acme-outdoor')).toEqual(batch.accounts[0]);
      expect((await s.allChannels()).map((c) => c.id).sort()).toEqual(batch.channels.map((c) => c.id).sort());
      expect((await s.channelsOfAccount('dune-traders')).map((c) => c.id)).toEqual([
        'ch-dune-uk',
        'ch-dune-de',
        'ch-dune-ae',
        'ch-dune-sa',
      ]);
      expect((await s.channelsBySellerId('A5DUNEME0001XX')).map((c) => c.id)).toEqual([
        'ch-dune-ae',
        'ch-dune-sa',
      ]);
    });

    it('changes nothing and audits nothing when the same batch is imported again', async () => {
      await ctx.store.importBatch(sampleBatch(), importer);
      const before = {
        accounts: await ctx.store.listAccounts(),
        channels: await ctx.store.allChannels(),
        audit: await ctx.store.auditTrail(),
      };
      const summary = await ctx.store.importBatch(sampleBatch(), { id: 'import', at: T2 });
      expect(summary).toEqual({
        accounts: { added: 0, updated: 0, unchanged: 5 },
        channels: { added: 0, updated: 0, unchanged: 19 },
      });
      const s = await ctx.persisted();
      expect(await s.listAccounts()).toEqual(before.accounts);
      expect(await s.allChannels()).toEqual(before.channels);
      expect(await s.auditTrail()).toEqual(before.audit);
    });

    it('updates changed accounts and channels, leaves the rest, and counts each kind', async () => {
      await ctx.store.importBatch(sampleBatch(), importer);
      const batch = sampleBatch();
      batch.accounts[0] = { id: 'acme-outdoor', name: 'Acme Outdoor Ltd' };
      const uk = batch.channels.find((c) => c.id === 'ch-bor-uk') as Channel;
      uk.authorization = 'MWS/SP-API';
      uk.authorizedAt = T2.toISOString();
      uk.authorizedBy = 'import';
      batch.channels.push(channel('ch-bor-it', 'borealis-books', 'IT', 'A3BOREALIT001X'));
      const summary = await ctx.store.importBatch(batch, { id: 'import', at: T2 });
      expect(summary).toEqual({
        accounts: { added: 0, updated: 1, unchanged: 4 },
        channels: { added: 1, updated: 1, unchanged: 18 },
      });
      const s = await ctx.persisted();
      // The manager was removed: the field is gone, not left behind.
      expect(await s.getAccount('acme-outdoor')).toEqual({ id: 'acme-outdoor', name: 'Acme Outdoor Ltd' });
      const borealis = byId(await s.channelsOfAccount('borealis-books'));
      expect(borealis.get('ch-bor-uk')).toEqual(uk);
      expect(borealis.get('ch-bor-it')?.sellerId).toBe('A3BOREALIT001X');
    });

    it('keeps the Seller ID index right when a channel changes Seller ID', async () => {
      await ctx.store.importBatch(sampleBatch(), importer);
      const batch = sampleBatch();
      const fr = batch.channels.find((c) => c.id === 'ch-bor-fr') as Channel;
      fr.sellerId = 'A3BOREALUK001X';
      await ctx.store.importBatch(batch, { id: 'import', at: T2 });
      const s = await ctx.persisted();
      expect(await s.channelsBySellerId('A3BOREALFR001X')).toEqual([]);
      expect((await s.channelsBySellerId('A3BOREALUK001X')).map((c) => c.id).sort()).toEqual([
        'ch-bor-fr',
        'ch-bor-uk',
      ]);
    });

    it('audits each changed account once: actor, action, target, time and account', async () => {
      await ctx.store.importBatch(sampleBatch(), importer);
      const batch = sampleBatch();
      batch.accounts[1] = { id: 'borealis-books', name: 'Borealis Books & Maps' };
      (batch.channels.find((c) => c.id === 'ch-acme-uk') as Channel).sellerId = 'A1ACMEUK00001X';
      await ctx.store.importBatch(batch, { id: 'import', at: T2 });
      const s = await ctx.persisted();
      const trail = await s.auditTrail();
      expect(trail).toHaveLength(5 + 2);
      expect(trail.slice(0, 5).map((e) => e.accountId)).toEqual(batch.accounts.map((a) => a.id));
      for (const entry of trail.slice(0, 5)) {
        expect(entry).toMatchObject({ actor: 'import', action: 'import', at: T1.toISOString() });
        expect(entry.target).toBe(`account:${entry.accountId}`);
      }
      expect(trail.slice(5)).toEqual([
        {
          at: T2.toISOString(),
          actor: 'import',
          action: 'import',
          target: 'account:borealis-books',
          accountId: 'borealis-books',
          details: { changes: ['account updated (name Borealis Books -> Borealis Books & Maps)'] },
        },
        {
          at: T2.toISOString(),
          actor: 'import',
          action: 'import',
          target: 'account:acme-outdoor',
          accountId: 'acme-outdoor',
          details: { changes: ['channel ch-acme-uk updated (Seller ID A1ACMEEU00001X -> A1ACMEUK00001X)'] },
        },
      ]);
      expect((await s.auditTrail('borealis-books')).map((e) => e.at)).toEqual([
        T1.toISOString(),
        T2.toISOString(),
      ]);
    });

    it('refuses, changing nothing, a channel that belongs to another account in the store', async () => {
      await ctx.store.importBatch(sampleBatch(), importer);
      const before = await ctx.store.allChannels();
      const batch: ImportBatch = {
        accounts: [{ id: 'new-customer', name: 'New Customer' }],
        channels: [
          channel('ch-new-1', 'new-customer', 'US', 'A7NEWCUST0001X'),
          channel('ch-acme-uk', 'new-customer', 'UK', 'A7NEWCUST0001X'),
        ],
      };
      const error = await ctx.store.importBatch(batch, { id: 'import', at: T2 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImportRejectedError);
      expect((error as ImportRejectedError).problems).toEqual([
        'channel ch-acme-uk belongs to account acme-outdoor, not new-customer',
      ]);
      const s = await ctx.persisted();
      expect(await s.getAccount('new-customer')).toBeUndefined();
      expect(await s.allChannels()).toEqual(before);
      expect(await s.auditTrail()).toHaveLength(5);
    });

    it('refuses, changing nothing, a batch that repeats an id, names an unknown account or marketplace', async () => {
      const batch: ImportBatch = {
        accounts: [
          { id: 'a-one', name: 'One' },
          { id: 'a-one', name: 'One again' },
        ],
        channels: [
          channel('ch-1', 'a-one', 'US', 'A7ONE00000001X'),
          channel('ch-1', 'a-one', 'CA', 'A7ONE00000001X'),
          channel('ch-2', 'nobody', 'US', 'A7ONE00000001X'),
          channel('ch-3', 'a-one', 'GB', 'A7ONE00000001X'),
        ],
      };
      const error = await ctx.store.importBatch(batch, importer).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImportRejectedError);
      expect((error as ImportRejectedError).problems).toEqual([
        'account a-one appears twice',
        'channel ch-1 appears twice',
        'channel ch-2 names account nobody, which is neither in the batch nor in the store',
        'channel ch-3 has marketplace GB; use the canonical code (UK)',
      ]);
      const s = await ctx.persisted();
      expect(await s.listAccounts()).toEqual([]);
      expect(await s.auditTrail()).toEqual([]);
    });
  });
}

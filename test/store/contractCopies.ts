import { beforeEach, describe, expect, it } from 'vitest';
import type { Account, Channel } from '../../src/domain/accounts.js';
import type { ImportBatch } from '../../store/store.js';
import { sampleBatch } from '../support/sampleData.js';
import type { ContractContext } from './contract.js';
import { channel, importer, T2, T3 } from './contractFixtures.js';

/** Store contract: reads are copies; concurrent writes all land. */
export function copiesAndConcurrencyCases(ctx: ContractContext): void {
  describe('reads return copies', () => {
    beforeEach(async () => {
      await ctx.store.importBatch(sampleBatch(), importer);
      await ctx.store.recordReauthorization(
        { accountId: 'acme-outdoor', region: 'EU', sellerId: 'A1ACMEEU00001X' },
        { id: 'UAGENT1', at: T2 },
      );
    });

    it('mutating returned accounts, channels and lists leaves the store unchanged', async () => {
      const accounts = await ctx.store.listAccounts();
      (accounts[0] as Account).name = 'Changed';
      accounts.pop();
      const account = (await ctx.store.getAccount('borealis-books')) as Account;
      account.name = 'Changed';
      const channels = await ctx.store.channelsOfAccount('acme-outdoor');
      (channels[0] as Channel).authorization = 'MWS';
      channels.length = 0;
      for (const c of await ctx.store.channelsBySellerId('A3BOREALUK001X')) c.accountId = 'emu-gear';
      for (const c of await ctx.store.allChannels()) c.sellerId = 'CHANGED';

      expect((await ctx.store.listAccounts()).map((a) => a.name)).toEqual(
        sampleBatch().accounts.map((a) => a.name),
      );
      expect((await ctx.store.channelsOfAccount('acme-outdoor')).map((c) => c.authorization)).toEqual([
        'MWS/SP-API',
        'MWS/SP-API',
        'MWS/SP-API',
        'MWS/SP-API',
        'MWS/SP-API',
      ]);
      expect((await ctx.store.channelsBySellerId('A3BOREALUK001X'))[0]?.accountId).toBe('borealis-books');
      expect((await ctx.store.allChannels()).some((c) => c.sellerId === 'CHANGED')).toBe(false);
    });

    it('mutating returned audit entries, including their details, leaves the trail unchanged', async () => {
      const trail = await ctx.store.auditTrail('acme-outdoor');
      const last = trail.at(-1) as (typeof trail)[number];
      (last.details as { channels: string[] }).channels.push('ch-forged');
      last.actor = 'UFORGED';
      trail.length = 0;
      const again = await ctx.store.auditTrail('acme-outdoor');
      expect(again).toHaveLength(2);
      expect(again.at(-1)).toMatchObject({
        actor: 'UAGENT1',
        details: { channels: ['ch-acme-uk', 'ch-acme-de', 'ch-acme-fr'] },
      });
    });

    it('mutating the returned changed channels, or the batch after import, leaves the store unchanged', async () => {
      const batch: ImportBatch = {
        accounts: [{ id: 'fjord-foods', name: 'Fjord Foods' }],
        channels: [channel('ch-fjord-se', 'fjord-foods', 'SE', 'A8FJORD000001X')],
      };
      await ctx.store.importBatch(batch, importer);
      (batch.accounts[0] as Account).name = 'Changed';
      (batch.channels[0] as Channel).marketplace = 'PL';
      const changed = await ctx.store.recordReauthorization(
        { accountId: 'fjord-foods', region: 'EU', sellerId: 'A8FJORD000001X' },
        { id: 'UAGENT1', at: T3 },
      );
      (changed[0] as Channel).authorization = 'MWS';
      expect(await ctx.store.getAccount('fjord-foods')).toEqual({ id: 'fjord-foods', name: 'Fjord Foods' });
      expect(await ctx.store.channelsOfAccount('fjord-foods')).toMatchObject([
        { marketplace: 'SE', authorization: 'MWS/SP-API' },
      ]);
    });
  });

  describe('concurrent writes', () => {
    it('serializes them: every one of many concurrent imports and records lands', async () => {
      await ctx.store.importBatch(sampleBatch(), importer);
      const writes: Promise<unknown>[] = [];
      for (let i = 0; i < 25; i++) {
        const id = `load-${String(i).padStart(2, '0')}`;
        writes.push(
          ctx.store.importBatch(
            {
              accounts: [{ id, name: `Load ${i}` }],
              channels: [channel(`ch-${id}`, id, 'DE', `A9LOAD${String(i).padStart(8, '0')}`)],
            },
            { id: 'import', at: T2 },
          ),
        );
        if (i % 5 === 0) {
          writes.push(
            ctx.store.recordReauthorization(
              { accountId: 'dune-traders', region: 'EU', sellerId: 'A5DUNEME0001XX' },
              { id: `UAGENT${i}`, at: T3 },
            ),
          );
        }
      }
      await Promise.all(writes);
      const s = await ctx.persisted();
      const loaded = (await s.listAccounts()).filter((a) => a.id.startsWith('load-'));
      expect(loaded).toHaveLength(25);
      expect((await s.allChannels()).filter((c) => c.id.startsWith('ch-load-'))).toHaveLength(25);
      const trail = await s.auditTrail();
      expect(trail.filter((e) => e.accountId?.startsWith('load-'))).toHaveLength(25);
      // Exactly one of the concurrent records changed the unit; the others found it done.
      expect(trail.filter((e) => e.action === 'reauthorized')).toHaveLength(1);
    });
  });
}

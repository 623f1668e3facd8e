import { beforeEach, describe, expect, it } from 'vitest';
import { sampleBatch } from '../support/sampleData.js';
import type { ContractContext } from './contract.js';
import { byId, channel, importer, T2, T3 } from './contractFixtures.js';

/** Store contract: recording a reauthorization unit. */
export function reauthorizationCases(ctx: ContractContext): void {
  describe('recordReauthorization', () => {
    beforeEach(async () => {
      await ctx.store.importBatch(sampleBatch(), importer);
    });

    async function authorizations(accountId: string): Promise<Record<string, string>> {
      const channels = await ctx.store.channelsOfAccount(accountId);
      return Object.fromEntries(channels.map((c) => [c.id, c.authorization]));
    }

    it('moves every channel of the unit (same Seller ID, same region) to MWS/SP-API, with who and when', async () => {
      const changed = await ctx.store.recordReauthorization(
        { accountId: 'acme-outdoor', region: 'EU', sellerId: 'A1ACMEEU00001X' },
        { id: 'UAGENT1', at: T2 },
      );
      expect(changed.map((c) => c.id)).toEqual(['ch-acme-uk', 'ch-acme-de', 'ch-acme-fr']);
      const s = await ctx.persisted();
      const acme = byId(await s.channelsOfAccount('acme-outdoor'));
      for (const id of ['ch-acme-uk', 'ch-acme-de', 'ch-acme-fr']) {
        expect(acme.get(id)).toMatchObject({
          authorization: 'MWS/SP-API',
          authorizedAt: T2.toISOString(),
          authorizedBy: 'UAGENT1',
        });
      }
      // North America was already done by an earlier import; its who and when are untouched.
      expect(acme.get('ch-acme-us')).toEqual({
        ...sampleBatch().channels.find((c) => c.id === 'ch-acme-us'),
        stateSource: 'import',
        stateAt: importer.at.toISOString(),
      });
    });

    it('leaves another Seller ID in the same region alone (Middle East under its own Seller ID)', async () => {
      await ctx.store.recordReauthorization(
        { accountId: 'dune-traders', region: 'EU', sellerId: 'A5DUNEEU0001XX' },
        { id: 'UAGENT1', at: T2 },
      );
      await ctx.persisted();
      expect(await authorizations('dune-traders')).toEqual({
        'ch-dune-uk': 'MWS/SP-API',
        'ch-dune-de': 'MWS/SP-API',
        'ch-dune-ae': 'MWS',
        'ch-dune-sa': 'MWS',
      });
    });

    it('leaves the same Seller ID in other regions alone (India is Europe, Brazil is North America)', async () => {
      await ctx.store.recordReauthorization(
        { accountId: 'emu-gear', region: 'EU', sellerId: 'A6EMUGLOBAL01X' },
        { id: 'UAGENT1', at: T2 },
      );
      await ctx.persisted();
      expect(await authorizations('emu-gear')).toEqual({
        'ch-emu-us': 'MWS',
        'ch-emu-br': 'MWS',
        'ch-emu-in': 'MWS/SP-API',
        'ch-emu-jp': 'MWS/SP-API',
        'ch-emu-au': 'MWS',
      });
    });

    it('leaves another Seller ID in the same marketplace alone (separate businesses)', async () => {
      await ctx.store.recordReauthorization(
        { accountId: 'cedar-co', region: 'EU', sellerId: 'A4CEDARONE001X' },
        { id: 'UAGENT1', at: T2 },
      );
      await ctx.persisted();
      expect(await authorizations('cedar-co')).toEqual({
        'ch-cedar-uk-1': 'MWS/SP-API',
        'ch-cedar-uk-2': 'MWS',
      });
    });

    it("leaves another account's channels with the same Seller ID alone", async () => {
      await ctx.store.importBatch(
        {
          accounts: [{ id: 'acme-sister', name: 'Acme Sister' }],
          channels: [channel('ch-sister-it', 'acme-sister', 'IT', 'A1ACMEEU00001X')],
        },
        importer,
      );
      await ctx.store.recordReauthorization(
        { accountId: 'acme-outdoor', region: 'EU', sellerId: 'A1ACMEEU00001X' },
        { id: 'UAGENT1', at: T2 },
      );
      await ctx.persisted();
      expect(await authorizations('acme-sister')).toEqual({ 'ch-sister-it': 'MWS' });
    });

    it('audits the change once with actor, action, target, time, account and the channels changed', async () => {
      await ctx.store.recordReauthorization(
        { accountId: 'dune-traders', region: 'EU', sellerId: 'A5DUNEME0001XX' },
        { id: 'UAGENT2', at: T3 },
      );
      const s = await ctx.persisted();
      const trail = await s.auditTrail('dune-traders');
      expect(trail.at(-1)).toEqual({
        at: T3.toISOString(),
        actor: 'UAGENT2',
        action: 'reauthorized',
        target: 'unit:dune-traders:EU:A5DUNEME0001XX',
        accountId: 'dune-traders',
        details: { channels: ['ch-dune-ae', 'ch-dune-sa'] },
      });
    });

    it('is idempotent: a second record changes nothing, keeps the first who and when, and audits nothing', async () => {
      const unit = { accountId: 'acme-outdoor', region: 'EU' as const, sellerId: 'A1ACMEEU00001X' };
      await ctx.store.recordReauthorization(unit, { id: 'UAGENT1', at: T2 });
      const auditBefore = await ctx.store.auditTrail();
      const again = await ctx.store.recordReauthorization(unit, { id: 'UAGENT2', at: T3 });
      expect(again).toEqual([]);
      const s = await ctx.persisted();
      expect(await s.auditTrail()).toEqual(auditBefore);
      const uk = (await s.channelsOfAccount('acme-outdoor')).find((c) => c.id === 'ch-acme-uk');
      expect(uk).toMatchObject({ authorizedBy: 'UAGENT1', authorizedAt: T2.toISOString() });
    });

    it('changes nothing for a unit the account does not have', async () => {
      const changed = await ctx.store.recordReauthorization(
        { accountId: 'acme-outdoor', region: 'FE', sellerId: 'A1ACMEEU00001X' },
        { id: 'UAGENT1', at: T2 },
      );
      expect(changed).toEqual([]);
      expect(await ctx.store.auditTrail()).toHaveLength(5);
    });
  });

  describe('recordRenewal', () => {
    beforeEach(async () => {
      await ctx.store.importBatch(sampleBatch(), importer);
    });

    it('moves the authorization of every channel of a unit on SP-API to the actor and time, audited as renewed', async () => {
      const unit = { accountId: 'acme-outdoor', region: 'NA' as const, sellerId: 'A2ACMENA00001X' };
      const renewed = await ctx.store.recordRenewal(unit, { id: 'UAGENT1', at: T2 });
      expect(renewed.map((c) => c.id).sort()).toEqual(['ch-acme-ca', 'ch-acme-us']);
      const acme = byId(await (await ctx.persisted()).channelsOfAccount('acme-outdoor'));
      for (const id of ['ch-acme-ca', 'ch-acme-us'])
        expect(acme.get(id)).toMatchObject({
          authorization: 'MWS/SP-API',
          authorizedAt: T2.toISOString(),
          authorizedBy: 'UAGENT1',
        });
      expect((await ctx.store.auditTrail('acme-outdoor')).at(-1)).toMatchObject({
        action: 'renewed',
        actor: 'UAGENT1',
        target: 'unit:acme-outdoor:NA:A2ACMENA00001X',
      });
    });

    it('renews nothing and audits nothing for a unit still on MWS, or none on record', async () => {
      const before = (await ctx.store.auditTrail()).length;
      const mws = { accountId: 'acme-outdoor', region: 'EU' as const, sellerId: 'A1ACMEEU00001X' };
      expect(await ctx.store.recordRenewal(mws, { id: 'UAGENT1', at: T3 })).toEqual([]);
      const none = { accountId: 'acme-outdoor', region: 'FE' as const, sellerId: 'A1ACMEEU00001X' };
      expect(await ctx.store.recordRenewal(none, { id: 'UAGENT1', at: T3 })).toEqual([]);
      expect(await ctx.store.auditTrail()).toHaveLength(before);
      const uk = (await ctx.store.channelsOfAccount('acme-outdoor')).find((c) => c.id === 'ch-acme-uk');
      expect(uk?.authorization).toBe('MWS');
    });
  });
}

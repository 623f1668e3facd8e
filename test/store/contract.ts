import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account, Channel } from '../../src/domain/accounts.js';
import { type Actor, type ImportBatch, ImportRejectedError, type Store } from '../../store/store.js';
import { sampleBatch } from '../support/sampleData.js';

export interface StoreContractOptions {
  /** A fresh, empty store. */
  open: () => Promise<Store>;
  /**
   * For persistent backends: closes `store` and opens the same data again, so every check can also
   * be made against what was persisted rather than what is in memory.
   */
  reopen?: (store: Store) => Promise<Store>;
}

const T1 = new Date('2026-11-01T09:00:00.000Z');
const T2 = new Date('2026-11-02T10:30:00.000Z');
const T3 = new Date('2026-11-03T11:45:00.000Z');
const importer: Actor = { id: 'import', at: T1 };

function channel(id: string, accountId: string, marketplace: string, sellerId: string): Channel {
  return { id, accountId, marketplace, sellerId, authorization: 'MWS' };
}

function byId<T extends { id: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((i) => [i.id, i]));
}

/** The behaviour every Store implementation must have; run it once per backend. */
export function storeContract(name: string, options: StoreContractOptions): void {
  describe(`${name} (Store contract)`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await options.open();
    });
    afterEach(async () => {
      await store.close();
    });

    /** The store as persisted when the backend persists; the same store otherwise. */
    async function persisted(): Promise<Store> {
      if (options.reopen) store = await options.reopen(store);
      return store;
    }

    describe('import', () => {
      it('starts empty', async () => {
        expect(await store.listAccounts()).toEqual([]);
        expect(await store.allChannels()).toEqual([]);
        expect(await store.auditTrail()).toEqual([]);
        expect(await store.getAccount('acme-outdoor')).toBeUndefined();
      });

      it('adds every account and channel of a new batch and counts them as added', async () => {
        const batch = sampleBatch();
        const summary = await store.importBatch(batch, importer);
        expect(summary).toEqual({
          accounts: { added: 5, updated: 0, unchanged: 0 },
          channels: { added: 19, updated: 0, unchanged: 0 },
        });
        const s = await persisted();
        expect(await s.listAccounts()).toEqual(batch.accounts);
        expect(await s.getAccount('acme-outdoor')).toEqual(batch.accounts[0]);
        expect((await s.allChannels()).map((c) => c.id).sort()).toEqual(
          batch.channels.map((c) => c.id).sort(),
        );
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
        await store.importBatch(sampleBatch(), importer);
        const before = {
          accounts: await store.listAccounts(),
          channels: await store.allChannels(),
          audit: await store.auditTrail(),
        };
        const summary = await store.importBatch(sampleBatch(), { id: 'import', at: T2 });
        expect(summary).toEqual({
          accounts: { added: 0, updated: 0, unchanged: 5 },
          channels: { added: 0, updated: 0, unchanged: 19 },
        });
        const s = await persisted();
        expect(await s.listAccounts()).toEqual(before.accounts);
        expect(await s.allChannels()).toEqual(before.channels);
        expect(await s.auditTrail()).toEqual(before.audit);
      });

      it('updates changed accounts and channels, leaves the rest, and counts each kind', async () => {
        await store.importBatch(sampleBatch(), importer);
        const batch = sampleBatch();
        batch.accounts[0] = { id: 'acme-outdoor', name: 'Acme Outdoor Ltd' };
        const uk = batch.channels.find((c) => c.id === 'ch-bor-uk') as Channel;
        uk.authorization = 'MWS/SP-API';
        uk.authorizedAt = T2.toISOString();
        uk.authorizedBy = 'import';
        batch.channels.push(channel('ch-bor-it', 'borealis-books', 'IT', 'A3BOREALIT001X'));
        const summary = await store.importBatch(batch, { id: 'import', at: T2 });
        expect(summary).toEqual({
          accounts: { added: 0, updated: 1, unchanged: 4 },
          channels: { added: 1, updated: 1, unchanged: 18 },
        });
        const s = await persisted();
        // The manager was removed: the field is gone, not left behind.
        expect(await s.getAccount('acme-outdoor')).toEqual({ id: 'acme-outdoor', name: 'Acme Outdoor Ltd' });
        const borealis = byId(await s.channelsOfAccount('borealis-books'));
        expect(borealis.get('ch-bor-uk')).toEqual(uk);
        expect(borealis.get('ch-bor-it')?.sellerId).toBe('A3BOREALIT001X');
      });

      it('keeps the Seller ID index right when a channel changes Seller ID', async () => {
        await store.importBatch(sampleBatch(), importer);
        const batch = sampleBatch();
        const fr = batch.channels.find((c) => c.id === 'ch-bor-fr') as Channel;
        fr.sellerId = 'A3BOREALUK001X';
        await store.importBatch(batch, { id: 'import', at: T2 });
        const s = await persisted();
        expect(await s.channelsBySellerId('A3BOREALFR001X')).toEqual([]);
        expect((await s.channelsBySellerId('A3BOREALUK001X')).map((c) => c.id).sort()).toEqual([
          'ch-bor-fr',
          'ch-bor-uk',
        ]);
      });

      it('audits each changed account once: actor, action, target, time and account', async () => {
        await store.importBatch(sampleBatch(), importer);
        const batch = sampleBatch();
        batch.accounts[1] = { id: 'borealis-books', name: 'Borealis Books & Maps' };
        (batch.channels.find((c) => c.id === 'ch-acme-uk') as Channel).sellerId = 'A1ACMEUK00001X';
        await store.importBatch(batch, { id: 'import', at: T2 });
        const s = await persisted();
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
            details: { changes: ['account updated'] },
          },
          {
            at: T2.toISOString(),
            actor: 'import',
            action: 'import',
            target: 'account:acme-outdoor',
            accountId: 'acme-outdoor',
            details: { changes: ['channel ch-acme-uk updated'] },
          },
        ]);
        expect((await s.auditTrail('borealis-books')).map((e) => e.at)).toEqual([
          T1.toISOString(),
          T2.toISOString(),
        ]);
      });

      it('refuses, changing nothing, a channel that belongs to another account in the store', async () => {
        await store.importBatch(sampleBatch(), importer);
        const before = await store.allChannels();
        const batch: ImportBatch = {
          accounts: [{ id: 'new-customer', name: 'New Customer' }],
          channels: [
            channel('ch-new-1', 'new-customer', 'US', 'A7NEWCUST0001X'),
            channel('ch-acme-uk', 'new-customer', 'UK', 'A7NEWCUST0001X'),
          ],
        };
        const error = await store.importBatch(batch, { id: 'import', at: T2 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ImportRejectedError);
        expect((error as ImportRejectedError).problems).toEqual([
          'channel ch-acme-uk belongs to account acme-outdoor, not new-customer',
        ]);
        const s = await persisted();
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
        const error = await store.importBatch(batch, importer).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ImportRejectedError);
        expect((error as ImportRejectedError).problems).toEqual([
          'account a-one appears twice',
          'channel ch-1 appears twice',
          'channel ch-2 names account nobody, which is neither in the batch nor in the store',
          'channel ch-3 has marketplace GB; use the canonical code (UK)',
        ]);
        const s = await persisted();
        expect(await s.listAccounts()).toEqual([]);
        expect(await s.auditTrail()).toEqual([]);
      });
    });

    describe('recordReauthorization', () => {
      beforeEach(async () => {
        await store.importBatch(sampleBatch(), importer);
      });

      async function authorizations(accountId: string): Promise<Record<string, string>> {
        const channels = await store.channelsOfAccount(accountId);
        return Object.fromEntries(channels.map((c) => [c.id, c.authorization]));
      }

      it('moves every channel of the unit (same Seller ID, same region) to MWS/SP-API, with who and when', async () => {
        const changed = await store.recordReauthorization(
          { accountId: 'acme-outdoor', region: 'EU', sellerId: 'A1ACMEEU00001X' },
          { id: 'UAGENT1', at: T2 },
        );
        expect(changed.map((c) => c.id)).toEqual(['ch-acme-uk', 'ch-acme-de', 'ch-acme-fr']);
        const s = await persisted();
        const acme = byId(await s.channelsOfAccount('acme-outdoor'));
        for (const id of ['ch-acme-uk', 'ch-acme-de', 'ch-acme-fr']) {
          expect(acme.get(id)).toMatchObject({
            authorization: 'MWS/SP-API',
            authorizedAt: T2.toISOString(),
            authorizedBy: 'UAGENT1',
          });
        }
        // North America was already done by an earlier import; its who and when are untouched.
        expect(acme.get('ch-acme-us')).toEqual(sampleBatch().channels.find((c) => c.id === 'ch-acme-us'));
      });

      it('leaves another Seller ID in the same region alone (Middle East under its own Seller ID)', async () => {
        await store.recordReauthorization(
          { accountId: 'dune-traders', region: 'EU', sellerId: 'A5DUNEEU0001XX' },
          { id: 'UAGENT1', at: T2 },
        );
        await persisted();
        expect(await authorizations('dune-traders')).toEqual({
          'ch-dune-uk': 'MWS/SP-API',
          'ch-dune-de': 'MWS/SP-API',
          'ch-dune-ae': 'MWS',
          'ch-dune-sa': 'MWS',
        });
      });

      it('leaves the same Seller ID in other regions alone (India is Europe, Brazil is North America)', async () => {
        await store.recordReauthorization(
          { accountId: 'emu-gear', region: 'EU', sellerId: 'A6EMUGLOBAL01X' },
          { id: 'UAGENT1', at: T2 },
        );
        await persisted();
        expect(await authorizations('emu-gear')).toEqual({
          'ch-emu-us': 'MWS',
          'ch-emu-br': 'MWS',
          'ch-emu-in': 'MWS/SP-API',
          'ch-emu-jp': 'MWS/SP-API',
          'ch-emu-au': 'MWS',
        });
      });

      it('leaves another Seller ID in the same marketplace alone (separate businesses)', async () => {
        await store.recordReauthorization(
          { accountId: 'cedar-co', region: 'EU', sellerId: 'A4CEDARONE001X' },
          { id: 'UAGENT1', at: T2 },
        );
        await persisted();
        expect(await authorizations('cedar-co')).toEqual({
          'ch-cedar-uk-1': 'MWS/SP-API',
          'ch-cedar-uk-2': 'MWS',
        });
      });

      it("leaves another account's channels with the same Seller ID alone", async () => {
        await store.importBatch(
          {
            accounts: [{ id: 'acme-sister', name: 'Acme Sister' }],
            channels: [channel('ch-sister-it', 'acme-sister', 'IT', 'A1ACMEEU00001X')],
          },
          importer,
        );
        await store.recordReauthorization(
          { accountId: 'acme-outdoor', region: 'EU', sellerId: 'A1ACMEEU00001X' },
          { id: 'UAGENT1', at: T2 },
        );
        await persisted();
        expect(await authorizations('acme-sister')).toEqual({ 'ch-sister-it': 'MWS' });
      });

      it('audits the change once with actor, action, target, time, account and the channels changed', async () => {
        await store.recordReauthorization(
          { accountId: 'dune-traders', region: 'EU', sellerId: 'A5DUNEME0001XX' },
          { id: 'UAGENT2', at: T3 },
        );
        const s = await persisted();
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
        await store.recordReauthorization(unit, { id: 'UAGENT1', at: T2 });
        const auditBefore = await store.auditTrail();
        const again = await store.recordReauthorization(unit, { id: 'UAGENT2', at: T3 });
        expect(again).toEqual([]);
        const s = await persisted();
        expect(await s.auditTrail()).toEqual(auditBefore);
        const uk = (await s.channelsOfAccount('acme-outdoor')).find((c) => c.id === 'ch-acme-uk');
        expect(uk).toMatchObject({ authorizedBy: 'UAGENT1', authorizedAt: T2.toISOString() });
      });

      it('changes nothing for a unit the account does not have', async () => {
        const changed = await store.recordReauthorization(
          { accountId: 'acme-outdoor', region: 'FE', sellerId: 'A1ACMEEU00001X' },
          { id: 'UAGENT1', at: T2 },
        );
        expect(changed).toEqual([]);
        expect(await store.auditTrail()).toHaveLength(5);
      });
    });

    describe('reads return copies', () => {
      beforeEach(async () => {
        await store.importBatch(sampleBatch(), importer);
        await store.recordReauthorization(
          { accountId: 'acme-outdoor', region: 'EU', sellerId: 'A1ACMEEU00001X' },
          { id: 'UAGENT1', at: T2 },
        );
      });

      it('mutating returned accounts, channels and lists leaves the store unchanged', async () => {
        const accounts = await store.listAccounts();
        (accounts[0] as Account).name = 'Changed';
        accounts.pop();
        const account = (await store.getAccount('borealis-books')) as Account;
        account.name = 'Changed';
        const channels = await store.channelsOfAccount('acme-outdoor');
        (channels[0] as Channel).authorization = 'MWS';
        channels.length = 0;
        for (const c of await store.channelsBySellerId('A3BOREALUK001X')) c.accountId = 'emu-gear';
        for (const c of await store.allChannels()) c.sellerId = 'CHANGED';

        expect((await store.listAccounts()).map((a) => a.name)).toEqual(
          sampleBatch().accounts.map((a) => a.name),
        );
        expect((await store.channelsOfAccount('acme-outdoor')).map((c) => c.authorization)).toEqual([
          'MWS/SP-API',
          'MWS/SP-API',
          'MWS/SP-API',
          'MWS/SP-API',
          'MWS/SP-API',
        ]);
        expect((await store.channelsBySellerId('A3BOREALUK001X'))[0]?.accountId).toBe('borealis-books');
        expect((await store.allChannels()).some((c) => c.sellerId === 'CHANGED')).toBe(false);
      });

      it('mutating returned audit entries, including their details, leaves the trail unchanged', async () => {
        const trail = await store.auditTrail('acme-outdoor');
        const last = trail.at(-1) as (typeof trail)[number];
        (last.details as { channels: string[] }).channels.push('ch-forged');
        last.actor = 'UFORGED';
        trail.length = 0;
        const again = await store.auditTrail('acme-outdoor');
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
        await store.importBatch(batch, importer);
        (batch.accounts[0] as Account).name = 'Changed';
        (batch.channels[0] as Channel).marketplace = 'PL';
        const changed = await store.recordReauthorization(
          { accountId: 'fjord-foods', region: 'EU', sellerId: 'A8FJORD000001X' },
          { id: 'UAGENT1', at: T3 },
        );
        (changed[0] as Channel).authorization = 'MWS';
        expect(await store.getAccount('fjord-foods')).toEqual({ id: 'fjord-foods', name: 'Fjord Foods' });
        expect(await store.channelsOfAccount('fjord-foods')).toMatchObject([
          { marketplace: 'SE', authorization: 'MWS/SP-API' },
        ]);
      });
    });

    describe('concurrent writes', () => {
      it('serializes them: every one of many concurrent imports and records lands', async () => {
        await store.importBatch(sampleBatch(), importer);
        const writes: Promise<unknown>[] = [];
        for (let i = 0; i < 25; i++) {
          const id = `load-${String(i).padStart(2, '0')}`;
          writes.push(
            store.importBatch(
              {
                accounts: [{ id, name: `Load ${i}` }],
                channels: [channel(`ch-${id}`, id, 'DE', `A9LOAD${String(i).padStart(8, '0')}`)],
              },
              { id: 'import', at: T2 },
            ),
          );
          if (i % 5 === 0) {
            writes.push(
              store.recordReauthorization(
                { accountId: 'dune-traders', region: 'EU', sellerId: 'A5DUNEME0001XX' },
                { id: `UAGENT${i}`, at: T3 },
              ),
            );
          }
        }
        await Promise.all(writes);
        const s = await persisted();
        const loaded = (await s.listAccounts()).filter((a) => a.id.startsWith('load-'));
        expect(loaded).toHaveLength(25);
        expect((await s.allChannels()).filter((c) => c.id.startsWith('ch-load-'))).toHaveLength(25);
        const trail = await s.auditTrail();
        expect(trail.filter((e) => e.accountId?.startsWith('load-'))).toHaveLength(25);
        // Exactly one of the concurrent records changed the unit; the others found it done.
        expect(trail.filter((e) => e.action === 'reauthorized')).toHaveLength(1);
      });
    });
  });
}

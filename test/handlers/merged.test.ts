import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestApp } from '../support/harness.js';
import { sampleBatch } from '../support/sampleData.js';

const shown = (call: { body: unknown }) => JSON.stringify((call.body as { blocks: unknown[] }).blocks);

describe('/reauth merged', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await TestApp.start();
    const batch = sampleBatch();
    batch.accounts.push({ id: 'nile-souk', name: 'Nile Souk' });
    batch.channels.push(
      {
        id: 'ns-uk',
        accountId: 'nile-souk',
        marketplace: 'UK',
        sellerId: 'A9NILESOUKEU1X',
        authorization: 'MWS',
      },
      {
        id: 'ns-eg',
        accountId: 'nile-souk',
        marketplace: 'EG',
        sellerId: 'A9NILESOUKME1X',
        authorization: 'MWS',
      },
      {
        id: 'ns-sa',
        accountId: 'nile-souk',
        marketplace: 'SA',
        sellerId: 'A9NILESOUKME1X',
        authorization: 'MWS',
      },
      {
        id: 'ns-ae',
        accountId: 'nile-souk',
        marketplace: 'AE',
        sellerId: 'A9NILESOUKME1X',
        authorization: 'MWS',
      },
    );
    await t.store.importBatch(batch, { id: 'import', at: t.clock.now() });
  });
  afterEach(() => t.stop());

  it('one Seller ID in several regions: says it appears in each and needs one reauthorization per region', async () => {
    const reply = shown(await t.command('merged emu-gear'));
    expect(reply).toContain(
      'Seller ID `A6EMUGLOBAL01X` appears in 3 regions (North America, Europe and the Far East) and needs one reauthorization per region: in North America it covers US and BR (still to do).',
    );
    expect(reply).toContain('in Europe it covers IN (still to do)');
    expect(reply).toContain('in the Far East it covers AU and JP (still to do)');
    expect(reply).not.toContain('is used only by');
  });

  it('Egypt is a Middle East marketplace: a unit of EG, SA and AE gets the Middle East note', async () => {
    const reply = shown(await t.command('merged nile-souk'));
    expect(reply).toContain('EG, SA and AE carry Seller ID `A9NILESOUKME1X` of their own');
  });
});

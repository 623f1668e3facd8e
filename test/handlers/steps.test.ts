import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Authorization, Channel } from '../../src/domain/accounts.js';
import { TestApp } from '../support/harness.js';
import { sampleBatch } from '../support/sampleData.js';

function ch(
  id: string,
  accountId: string,
  marketplace: string,
  sellerId: string,
  authorization: Authorization,
) {
  return { id, accountId, marketplace, sellerId, authorization } satisfies Channel;
}

const shown = (call: { body: unknown }) => {
  const body = call.body as { text: string; blocks: unknown[] };
  return `${body.text}\n${JSON.stringify(body.blocks)}`;
};

describe('/reauth steps opens a channel still on MWS, at its own Seller Central', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await TestApp.start();
    const batch = sampleBatch();
    batch.accounts.push({ id: 'half-done', name: 'Half Done' }, { id: 'north-co', name: 'North Co' });
    batch.channels.push(
      // UK already shows MWS/SP-API (say, imported so); FR and DE do not.
      ch('hd-uk', 'half-done', 'UK', 'A7HALFDONEEU1X', 'MWS/SP-API'),
      ch('hd-fr', 'half-done', 'FR', 'A7HALFDONEEU1X', 'MWS'),
      ch('hd-de', 'half-done', 'DE', 'A7HALFDONEEU1X', 'MWS'),
      // One merged North American account: CA comes first in Amazon's table.
      ch('nc-ca', 'north-co', 'CA', 'A8NORTHCONA01X', 'MWS'),
      ch('nc-us', 'north-co', 'US', 'A8NORTHCONA01X', 'MWS'),
      ch('nc-mx', 'north-co', 'MX', 'A8NORTHCONA01X', 'MWS'),
    );
    await t.store.importBatch(batch, { id: 'import', at: t.clock.now() });
  });
  afterEach(() => t.stop());

  it('never sends the customer to a channel that already shows MWS/SP-API', async () => {
    const reply = shown(await t.command('steps half-done'));
    expect(reply).not.toContain('beside the *UK* channel');
    expect(reply).toContain('click the pencil beside the *DE* channel (`hd-de`)');
    expect(reply).toContain('(Seller Central for DE: https://sellercentral-europe.amazon.com)');
    expect(reply).toContain('This one reauthorization also covers UK and FR: same Seller ID, same region.');
    expect(reply).toContain('`/reauth done half-done hd-de`');
  });

  it("signs in at the Seller Central of the channel it opens, the region's largest marketplace first", async () => {
    const reply = shown(await t.command('steps north-co'));
    expect(reply).toContain('click the pencil beside the *US* channel (`nc-us`)');
    expect(reply).toContain('(Seller Central for US: https://sellercentral.amazon.com)');
    expect(reply).toContain('the marketplace *United States* (US)');
    expect(reply).not.toContain('sellercentral.amazon.ca');
  });

  it('a named marketplace opens that channel and still says what else the reauthorization covers', async () => {
    const reply = shown(await t.command('steps north-co MX'));
    expect(reply).toContain('click the pencil beside the *MX* channel (`nc-mx`)');
    expect(reply).toContain('(Seller Central for MX: https://sellercentral.amazon.com.mx)');
    expect(reply).toContain('This one reauthorization also covers CA and US: same Seller ID, same region.');
    const byId = shown(await t.command('steps Acme Outdoor ch-acme-fr'));
    expect(byId).toContain('click the pencil beside the *FR* channel (`ch-acme-fr`)');
    expect(byId).toContain('This one reauthorization also covers UK and DE: same Seller ID, same region.');
  });

  it('an unknown marketplace gets the answer /reauth done gives, naming the account and its channels', async () => {
    const steps = (await t.command('steps acme-outdoor XX')).body as { text: string };
    const done = (await t.command('done acme-outdoor XX')).body as { text: string };
    expect(steps.text).toBe(done.text.replace('Nothing recorded for', 'No steps for'));
    expect(steps.text).toContain(
      '*XX* is neither a marketplace code nor one of its channel IDs. Its channels:',
    );
    const none = (await t.command('steps acme-outdoor JP')).body as { text: string };
    const doneJp = (await t.command('done acme-outdoor JP')).body as { text: string };
    expect(none.text).toBe(doneJp.text.replace('Nothing recorded for', 'No steps for'));
  });

  it('an account name with spaces still works on its own, and an unknown one is named whole', async () => {
    expect(shown(await t.command('steps Borealis Books'))).toContain('Borealis Books: how to reauthorize');
    expect(shown(await t.command('steps zebra zoo'))).toContain('No account matches *zebra zoo*');
  });
});

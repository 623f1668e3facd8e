import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestApp } from '../support/harness.js';
import { sampleBatch } from '../support/sampleData.js';

interface Reply {
  response_type: string;
  text: string;
  blocks: unknown[];
}
const answer = (call: { body: unknown }) => call.body as unknown as Reply;
const shown = (call: { body: unknown }) => JSON.stringify(answer(call).blocks);

describe('/reauth over signed HTTP', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await TestApp.start({ config: { deadline: '2026-12-31', timeZone: 'Europe/London' } });
    await t.store.importBatch(sampleBatch(), { id: 'import', at: t.clock.now() });
  });
  afterEach(() => t.stop());

  it('merged: one reauthorization of a merged Seller ID covers the region', async () => {
    const reply = await t.command('merged acme');
    expect(shown(reply)).toContain(
      'One reauthorization of Seller ID `A1ACMEEU00001X` in Europe covers UK, FR and DE',
    );
    expect(shown(reply)).toContain('needs 2 reauthorizations to move every channel: 1 still to do, 1 done');
  });

  it('merged: unmerged marketplaces and a Middle East Seller ID each count separately', async () => {
    const borealis = shown(await t.command('merged Borealis Books'));
    expect(borealis).toContain('Europe has 3 different Seller IDs');
    expect(borealis).toContain('so 3 separate reauthorizations');
    const dune = shown(await t.command('merged dune-traders'));
    expect(dune).toContain('SA and AE carry Seller ID `A5DUNEME0001XX` of their own');
  });

  it('done: records the whole unit, with who and when, and says so', async () => {
    t.clock.set('2026-12-01T10:00:00Z');
    const reply = await t.command('done acme-outdoor DE', { user: 'UAGENT7' });
    expect(answer(reply).text).toContain('UK, FR and DE now show MWS/SP-API');
    const channels = await t.store.channelsOfAccount('acme-outdoor');
    for (const id of ['ch-acme-uk', 'ch-acme-de', 'ch-acme-fr']) {
      expect(channels.find((c) => c.id === id)).toMatchObject({
        authorization: 'MWS/SP-API',
        authorizedBy: 'UAGENT7',
        authorizedAt: '2026-12-01T10:00:00.000Z',
      });
    }
    const audit = await t.store.auditTrail('acme-outdoor');
    expect(audit.at(-1)).toMatchObject({
      actor: 'UAGENT7',
      action: 'reauthorized',
      target: 'unit:acme-outdoor:EU:A1ACMEEU00001X',
    });
  });

  it('done: is idempotent; a second time changes and audits nothing', async () => {
    await t.command('done acme-outdoor UK');
    const auditBefore = (await t.store.auditTrail()).length;
    const again = await t.command('done acme-outdoor ch-acme-fr', { user: 'UOTHER' });
    expect(answer(again).text).toContain('Already recorded');
    expect((await t.store.auditTrail()).length).toBe(auditBefore);
    expect(
      (await t.store.channelsOfAccount('acme-outdoor')).find((c) => c.id === 'ch-acme-fr')?.authorizedBy,
    ).toBe('UAGENT');
  });

  it('done: a marketplace with two businesses asks for the channel, and changes nothing', async () => {
    const reply = await t.command('done cedar-co UK');
    expect(answer(reply).text).toContain('Name the channel instead');
    expect((await t.store.channelsOfAccount('cedar-co')).every((c) => c.authorization === 'MWS')).toBe(true);
  });

  it("done: a word that picks no channel says why and lists the account's channels, and changes nothing", async () => {
    const unknown = answer(await t.command('done acme-outdoor XX')).text;
    expect(unknown).toBe(
      'Nothing recorded for Acme Outdoor (`acme-outdoor`): *XX* is neither a marketplace code nor one of its ' +
        'channel IDs. Its channels: UK (`ch-acme-uk`), DE (`ch-acme-de`), FR (`ch-acme-fr`), US (`ch-acme-us`), ' +
        'CA (`ch-acme-ca`).',
    );
    const missing = answer(await t.command('done borealis-books JP')).text;
    expect(missing).toBe(
      'Nothing recorded for Borealis Books (`borealis-books`): it has no JP channel. ' +
        'Its channels: UK (`ch-bor-uk`), DE (`ch-bor-de`), FR (`ch-bor-fr`).',
    );
    const several = answer(await t.command('done cedar-co UK')).text;
    expect(several).toBe(
      'Cedar &amp; Co (`cedar-co`) has several channels in that marketplace, under different Seller IDs. ' +
        'Name the channel instead: `ch-cedar-uk-1` (Seller ID `A4CEDARONE001X`), `ch-cedar-uk-2` (Seller ID `A4CEDARTWO001X`)',
    );
    expect((await t.store.auditTrail()).filter((e) => e.action === 'reauthorized')).toEqual([]);
  });

  it('status after done shows the unit done and the new count', async () => {
    await t.command('done borealis-books UK');
    const reply = await t.command('status borealis');
    expect(shown(reply)).toContain('2 reauthorizations still needed');
    expect(shown(reply)).toContain('UK `MWS/SP-API`');
    expect(shown(reply)).toContain('33 days left');
  });

  it('an unknown account: says so, offers the closest names, echoes the input escaped', async () => {
    const reply = await t.command('status acme outdor');
    expect(answer(reply).response_type).toBe('ephemeral');
    expect(shown(reply)).toContain('No account matches *acme outdor*');
    expect(shown(reply)).toContain('Did you mean: Acme Outdoor (`acme-outdoor`)');
    const ping = await t.command('status <!channel> & <@U123>');
    expect(ping.raw).not.toContain('<!channel>');
    expect(ping.raw).not.toContain('<@U123>');
    expect(shown(ping)).toContain('&lt;!channel&gt; &amp; &lt;@U123&gt;');
  });

  it('several matches are listed', async () => {
    await t.store.importBatch(
      { accounts: [{ id: 'acme-indoor', name: 'Acme Indoor' }], channels: [] },
      { id: 'import', at: t.clock.now() },
    );
    const reply = await t.command('status acme');
    expect(shown(reply)).toContain('matches 2 accounts');
    expect(shown(reply)).toContain('`acme-indoor`');
    expect(shown(reply)).toContain('`acme-outdoor`');
  });

  it('steps: a walkthrough per unit still to do, with the right Seller Central host and the wrong-account warning', async () => {
    const reply = shown(await t.command('steps dune-traders'));
    expect(reply).toContain('https://sellercentral-europe.amazon.com');
    expect(reply).toContain('https://sellercentral.amazon.sa');
    expect(reply).toContain('MWS/SP-API');
    expect(reply).toContain('Pick the right Seller Central account and marketplace');
    expect(reply).toContain('This one reauthorization also covers DE');
    const uk = shown(await t.command('steps borealis-books uk'));
    expect(uk).toContain('A3BOREALUK001X');
    expect(uk).not.toContain('A3BOREALDE001X');
  });

  it('pending: accounts still on MWS, most reauthorizations first', async () => {
    const reply = shown(await t.command('pending'));
    const order = ['Borealis Books', 'Emu Gear', 'Cedar', 'Dune Traders', 'Acme Outdoor'].map((n) =>
      reply.indexOf(n),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(reply).toContain('5 accounts, 11 reauthorizations still needed');
  });

  it('help, an empty command and an unknown word all give the usage text', async () => {
    for (const text of ['help', '', 'frobnicate']) {
      const reply = shown(await t.command(text));
      expect(reply).toContain('/reauth status <account>');
      expect(reply).toContain('/reauth done <account> <marketplace|channel-id>');
    }
    expect(shown(await t.command('frobnicate'))).toContain('`frobnicate` is not a reauth command');
  });

  it('a missing argument gets the usage of that command', async () => {
    const reply = await t.command('done acme-outdoor');
    expect(answer(reply).text).toContain('Usage: `/reauth done <account> <marketplace|channel-id>`');
  });

  it('Share in channel reposts the answer for everyone to see', async () => {
    const { responseId } = await t.click('status_share', 'acme-outdoor', { user: 'UAGENT' });
    const shared = await t.slack.waitForResponse(responseId);
    expect(answer(shared).response_type).toBe('in_channel');
    expect(shown(shared)).toContain('A1ACMEEU00001X');
    expect(shown(shared)).toContain('Shared by <@UAGENT>');
  });
});

describe('requests Slack did not sign', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await TestApp.start();
    await t.store.importBatch(sampleBatch(), { id: 'import', at: t.clock.now() });
  });
  afterEach(() => t.stop());

  it('a forged signature gets 401 and changes nothing', async () => {
    const before = JSON.stringify(await t.store.allChannels());
    const { result } = await t.sendCommand('done acme-outdoor UK', {}, { signature: `v0=${'0'.repeat(64)}` });
    expect(result.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(JSON.stringify(await t.store.allChannels())).toBe(before);
    expect(t.slack.responses()).toEqual([]);
  });

  it('a stale timestamp (correctly signed, 10 minutes old) gets 401 and changes nothing', async () => {
    const before = JSON.stringify(await t.store.allChannels());
    const { result } = await t.sendCommand(
      'done acme-outdoor UK',
      {},
      { timestamp: Math.floor(Date.now() / 1000) - 600 },
    );
    expect(result.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(JSON.stringify(await t.store.allChannels())).toBe(before);
    expect(t.slack.responses()).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../src/domain/accounts.js';
import { TestApp } from '../support/harness.js';

/** Now is 2026-11-28 12:00 UTC (the harness clock). */
const channels: Channel[] = [
  // On SP-API since 2026-03-12: renew by 2027-03-12, in 104 days.
  sp('ch-ok-us', 'US', 'A2RENEWOK0001X', '2026-03-12T10:00:00.000Z'),
  // Renew by 2026-12-10: in 12 days, within the 30 days' warning.
  sp('ch-due-uk', 'UK', 'A3RENEWDUE001X', '2025-12-10T10:00:00.000Z'),
  // Renew by 2026-11-20: 8 days ago.
  sp('ch-old-jp', 'JP', 'A4RENEWOLD001X', '2025-11-20T10:00:00.000Z'),
  { id: 'ch-mws-de', accountId: 'acme', marketplace: 'DE', sellerId: 'A5STILLMWS001X', authorization: 'MWS' },
];

function sp(id: string, marketplace: string, sellerId: string, authorizedAt: string): Channel {
  return {
    id,
    accountId: 'acme',
    marketplace,
    sellerId,
    authorization: 'MWS/SP-API',
    authorizedAt,
    authorizedBy: 'import',
  };
}

describe('/reauth status with renewals', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await TestApp.start({ config: { deadline: '2026-12-31', timeZone: 'UTC' } });
    await t.store.importBatch(
      {
        accounts: [
          { id: 'acme', name: 'Acme', accountManager: 'UMANAGER1' },
          { id: 'birch', name: 'Birch' },
        ],
        channels: [
          ...channels,
          { ...sp('ch-birch-de', 'DE', 'A6BIRCHDUE001X', '2026-01-20T10:00:00.000Z'), accountId: 'birch' },
        ],
      },
      { id: 'test', at: t.clock.now() },
    );
  });
  afterEach(() => t.stop());

  it('shows each unit on SP-API with its renew-by date as a Slack date, and an expired one as needing action', async () => {
    const reply = await t.command('status acme');
    const body = reply.body as { text: string; blocks: unknown[] };
    const shown = JSON.stringify(body.blocks);
    const noon = (d: string) => Math.floor(Date.parse(`${d}T12:00:00Z`) / 1000);
    expect(shown).toContain(
      `:white_check_mark: done, renew by <!date^${noon('2027-03-12')}^{date_short}|12 Mar 2027>, in 104 days`,
    );
    expect(shown).toContain(
      `:hourglass: renewal due: renew by <!date^${noon('2026-12-10')}^{date_short}|10 Dec 2026>, in 12 days`,
    );
    expect(shown).toContain(
      `:warning: renewal expired: needs renewal (was due by <!date^${noon('2026-11-20')}^{date_short}|20 Nov 2026>, 8 days ago)`,
    );
    expect(shown).toContain(':warning: needs reauthorization');
    expect(body.text).toContain('1 reauthorization still needed; 1 renewal expired, 1 renewal due.');
  });
});

describe('/reauth renewals', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await TestApp.start({ config: { timeZone: 'UTC' } });
    await t.store.importBatch(
      {
        accounts: [
          { id: 'acme', name: 'Acme', accountManager: 'UMANAGER1' },
          { id: 'birch', name: 'Birch' },
        ],
        channels: [
          ...channels,
          // Renew by 2027-01-20: in 53 days.
          { ...sp('ch-birch-de', 'DE', 'A6BIRCHDUE001X', '2026-01-20T10:00:00.000Z'), accountId: 'birch' },
        ],
      },
      { id: 'test', at: t.clock.now() },
    );
  });
  afterEach(() => t.stop());

  const blocksOf = (reply: { body: unknown }) => JSON.stringify((reply.body as { blocks: unknown[] }).blocks);

  it('lists the units due within 30 days or expired, grouped by account manager, most overdue first', async () => {
    const reply = await t.command('renewals');
    const body = reply.body as { text: string };
    expect(body.text).toBe('2 renewals due within 30 days or expired (1 expired).');
    const shown = blocksOf(reply);
    expect(shown).toContain('*<@UMANAGER1>*');
    expect(shown.indexOf('A4RENEWOLD001X')).toBeLessThan(shown.indexOf('A3RENEWDUE001X'));
    expect(shown).not.toContain('A2RENEWOK0001X');
    expect(shown).not.toContain('A5STILLMWS001X');
    expect(shown).not.toContain('A6BIRCHDUE001X');
  });

  it('looks as many days ahead as asked; accounts without a manager come last', async () => {
    const shown = blocksOf(await t.command('renewals 60'));
    expect(shown).toContain('*No account manager*');
    expect(shown.indexOf('*<@UMANAGER1>*')).toBeLessThan(shown.indexOf('*No account manager*'));
    expect(shown).toContain('A6BIRCHDUE001X');
    expect(shown).toContain('in 53 days');
  });

  it('says so when nothing is due, and refuses days that are not a number', async () => {
    const none = await t.command('renewals 0');
    expect((none.body as { text: string }).text).toBe('1 renewal due within 0 days or expired (1 expired).');
    const bad = await t.command('renewals soon');
    expect(JSON.stringify(bad.body)).toContain(
      'Give the number of days ahead to look, such as 30, or nothing.',
    );
  });
});

describe('/reauth done on a unit already on SP-API', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await TestApp.start({ config: { timeZone: 'UTC' } });
    await t.store.importBatch(
      { accounts: [{ id: 'acme', name: 'Acme', accountManager: 'UMANAGER1' }], channels },
      { id: 'test', at: t.clock.now() },
    );
  });
  afterEach(() => t.stop());

  it('records a renewal, audited as one, and moves its due date 365 days from today', async () => {
    const reply = await t.command('done acme JP', { user: 'UAGENT7' });
    const text = (reply.body as { text: string }).text;
    expect(text).toContain(':white_check_mark: Renewal recorded for');
    expect(text).toContain(
      `next renewal by <!date^${Date.parse('2027-11-28T12:00:00Z') / 1000}^{date_short}|28 Nov 2027>`,
    );
    const jp = (await t.store.channelsOfAccount('acme')).find((c) => c.id === 'ch-old-jp');
    expect(jp).toMatchObject({
      authorization: 'MWS/SP-API',
      authorizedBy: 'UAGENT7',
      authorizedAt: '2026-11-28T12:00:00.000Z',
    });
    expect((await t.store.auditTrail('acme')).at(-1)).toMatchObject({
      actor: 'UAGENT7',
      action: 'renewed',
      target: 'unit:acme:FE:A4RENEWOLD001X',
      details: { channels: ['ch-old-jp'], previous: '2025-11-20T10:00:00.000Z' },
    });
    const status = JSON.stringify((await t.command('status acme')).body);
    expect(status).toContain('renew by <!date^');
    expect(status).not.toContain('renewal expired');
    const history = JSON.stringify((await t.command('history acme')).body);
    expect(history).toContain('<@UAGENT7> recorded a renewal of FE A4RENEWOLD001X (ch-old-jp)');
  });

  it('typed again the same day records nothing more', async () => {
    await t.command('done acme JP', { user: 'UAGENT7' });
    const audits = (await t.store.auditTrail()).length;
    t.clock.advance(60_000);
    const again = (await t.command('done acme JP', { user: 'UOTHER' })).body as { text: string };
    expect(again.text).toContain('Already recorded');
    expect((await t.store.auditTrail()).length).toBe(audits);
  });

  it('a unit still on MWS is a reauthorization, as before', async () => {
    const reply = (await t.command('done acme DE')).body as { text: string };
    expect(reply.text).toContain('is reauthorized');
    expect((await t.store.auditTrail('acme')).at(-1)).toMatchObject({ action: 'reauthorized' });
  });
});

describe('/reauth steps <account> renew', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await TestApp.start({ config: { timeZone: 'UTC' } });
    await t.store.importBatch(
      {
        accounts: [
          { id: 'acme', name: 'Acme', accountManager: 'UMANAGER1' },
          { id: 'birch', name: 'Birch' },
        ],
        channels: [
          ...channels,
          {
            id: 'ch-birch-de',
            accountId: 'birch',
            marketplace: 'DE',
            sellerId: 'A6BIRCH00001X',
            authorization: 'MWS',
          },
        ],
      },
      { id: 'test', at: t.clock.now() },
    );
  });
  afterEach(() => t.stop());

  it("gives Amazon's renewal steps for each unit on SP-API, distinct from the migration steps", async () => {
    const body = (await t.command('steps acme renew')).body as { text: string; blocks: unknown[] };
    const shown = JSON.stringify(body.blocks);
    expect(body.text).toBe('Acme: how to renew the SP-API authorization of 3 units.');
    expect(shown).toContain('*Manage Your Apps*');
    expect(shown).toContain('*Re-Authorize*');
    expect(shown).toContain("takes you to the app's site: sign in there to finish");
    expect(shown).toContain('A4RENEWOLD001X');
    expect(shown).toContain('renewal expired: needs renewal');
    expect(shown).not.toContain('A5STILLMWS001X');
    expect(shown).not.toContain('Brightpearl Apps');
    expect(shown).toContain('`/reauth done acme ch-old-jp`');
  });

  it('says there is nothing to renew for an account with no unit on SP-API', async () => {
    const body = (await t.command('steps birch renew')).body as { text: string };
    expect(body.text).toContain('has no units on MWS/SP-API yet: there is nothing to renew');
  });
});

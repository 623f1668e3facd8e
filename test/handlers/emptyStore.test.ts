import type { KnownBlock } from '@slack/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAppHome } from '../support/events.js';
import { TestApp } from '../support/harness.js';

const LOAD_THEM = 'No accounts are on record yet: load them with `npm run import -- <file.csv>`';

describe('a bot with no accounts on record', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await TestApp.start({ config: { deadline: '2026-12-31' } });
  });
  afterEach(() => t.stop());

  it('/reauth pending says there are none and how to load them, not that every account is done', async () => {
    const reply = await t.command('pending');
    const body = reply.body as { text: string; blocks: unknown[] };
    const shown = JSON.stringify(body.blocks);
    expect(body.text).toContain('No accounts are on record yet');
    expect(shown).toContain(LOAD_THEM);
    expect(`${body.text}${shown}`).not.toContain('Every account is on MWS/SP-API');
  });

  it('App Home says the same instead of totals of nothing', async () => {
    await openAppHome(t, 'UAGENT');
    const call = await t.slack.waitFor((c) => c.method === 'views.publish');
    const shown = JSON.stringify((call.body.view as { blocks: KnownBlock[] }).blocks);
    expect(shown).toContain(LOAD_THEM);
    expect(shown).not.toContain('*Totals:*');
  });
});

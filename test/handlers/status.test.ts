import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestApp } from '../support/harness.js';
import { sampleBatch } from '../support/sampleData.js';

describe('/reauth status', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await TestApp.start({ config: { deadline: '2026-12-31' } });
    await t.store.importBatch(sampleBatch(), { id: 'test', at: t.clock.now() });
  });
  afterEach(() => t.stop());

  it('answers ephemerally with each unit, the count still needed and the countdown', async () => {
    const reply = await t.command('status acme-outdoor');
    const body = reply.body as { response_type: string; text: string; blocks: unknown[] };
    expect(body.response_type).toBe('ephemeral');
    const shown = JSON.stringify(body.blocks);
    expect(shown).toContain('A1ACMEEU00001X');
    expect(shown).toContain('UK `MWS`');
    expect(shown).toContain('US `MWS/SP-API`');
    expect(shown).toContain('1 reauthorization still needed');
    expect(shown).toContain('33 days left until the deadline (2026-12-31)');
  });
});

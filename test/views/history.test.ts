import { describe, expect, it } from 'vitest';
import { describe as describeEntry } from '../../src/views/history.js';

const tick = (item: string) =>
  describeEntry({
    at: '2026-11-28T12:00:00.000Z',
    actor: 'UAGENT',
    action: 'rollback.checklist.done',
    target: 'rollback:rb-1',
    accountId: 'acme',
    details: { item },
  });

describe('history names each checklist step as the checklist does', () => {
  it('per Seller ID, per channel, and the steps of their own', () => {
    expect(tick('app-active:A1ACMEEU00001X')).toBe(
      '<@UAGENT> ticked *Seller ID `A1ACMEEU00001X`: app active* on rollback `rb-1`',
    );
    expect(tick('merchant-token:ch-acme-uk')).toContain('ticked *`ch-acme-uk`: Merchant Token*');
    expect(tick('mws-token:seller:A2ACMENA00001X')).toContain(
      'ticked *Seller ID `A2ACMENA00001X`: MWS Authorization Token*',
    );
    expect(tick('ready-to-retry')).toContain('ticked *Everything is syncing*');
    expect(tick('missed-orders')).toContain('ticked *Missed orders*');
  });
});

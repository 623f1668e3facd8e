import { describe, expect, it } from 'vitest';
import type { Channel } from '../../src/domain/accounts.js';
import {
  checklistComplete,
  checklistFor,
  checkTokens,
  decisionRefusal,
  isOpen,
  isPastExpiry,
  missedOrdersWindow,
  rollbackExpiry,
  sha256Hex,
} from '../../src/domain/rollback.js';

const hours = (n: number) => n * 3_600_000;

describe('missed-orders window', () => {
  const since = new Date('2026-11-27T08:00:00Z');

  it('puts no orders at risk when the connection is restored 20 hours after it was lost', () => {
    expect(missedOrdersWindow(since, new Date(since.getTime() + hours(20)))).toEqual({ atRisk: false });
  });

  it('puts no orders at risk at exactly 36 hours', () => {
    expect(missedOrdersWindow(since, new Date(since.getTime() + hours(36)))).toEqual({ atRisk: false });
  });

  it('at 50 hours, leaves the orders of the first 14 hours to be added by hand', () => {
    const window = missedOrdersWindow(since, new Date(since.getTime() + hours(50)));
    expect(window).toEqual({ atRisk: true, from: since, until: new Date('2026-11-27T22:00:00Z') });
  });
});

describe('who may decide a rollback', () => {
  const rollback = { requester: 'UREQUESTER' };
  const approvers = ['UAPPROVER1', 'UREQUESTER'];

  it('lets an approver who did not ask decide', () => {
    expect(decisionRefusal(rollback, 'UAPPROVER1', approvers)).toBeUndefined();
  });

  it('never lets the requester decide, even when they are an approver', () => {
    expect(decisionRefusal(rollback, 'UREQUESTER', approvers)).toMatchObject({ kind: 'requester' });
    expect(decisionRefusal(rollback, 'UREQUESTER', approvers)?.reason).toMatch(/second person/);
  });

  it('refuses anyone who is not an approver, with the reason', () => {
    const refusal = decisionRefusal(rollback, 'USOMEONE', approvers);
    expect(refusal).toMatchObject({ kind: 'not-approver' });
    expect(refusal?.reason).toMatch(/only the rollback approvers/);
  });

  it('refuses everyone when no approvers are configured, naming the setting', () => {
    expect(decisionRefusal(rollback, 'UAPPROVER1', [])?.reason).toMatch(/REAUTH_APPROVERS/);
  });
});

describe('expiry', () => {
  const requestedAt = new Date('2026-11-28T12:00:00Z');
  const expiresAt = rollbackExpiry(requestedAt, 24).toISOString();

  it('expires TTL hours after the request', () => {
    expect(expiresAt).toBe('2026-11-29T12:00:00.000Z');
  });

  it('is past expiry from the expiry moment on, only while undecided', () => {
    expect(isPastExpiry({ state: 'requested', expiresAt }, new Date('2026-11-29T11:59:59Z'))).toBe(false);
    expect(isPastExpiry({ state: 'requested', expiresAt }, new Date('2026-11-29T12:00:00Z'))).toBe(true);
    expect(isPastExpiry({ state: 'approved', expiresAt }, new Date('2026-12-29T12:00:00Z'))).toBe(false);
  });

  it('counts requested and approved rollbacks as open, the rest as closed', () => {
    expect(
      ['requested', 'approved', 'denied', 'expired', 'completed'].map((state) => isOpen({ state } as never)),
    ).toEqual([true, true, false, false, false]);
  });
});

describe('the recovery checklist', () => {
  const channels = [
    { id: 'ch-uk', sellerId: 'A1SELLER000001' },
    { id: 'ch-de', sellerId: 'A1SELLER000001' },
  ];

  it('has one app check per Seller ID, a Merchant Token and an MWS token check per channel, then the three last steps', () => {
    expect(checklistFor(channels).map((i) => i.id)).toEqual([
      'app-active:A1SELLER000001',
      'merchant-token:ch-uk',
      'merchant-token:ch-de',
      'mws-token:ch-uk',
      'mws-token:ch-de',
      'missed-orders',
      'inventory-sync',
      'ready-to-retry',
    ]);
  });

  it('is complete only when every item is done', () => {
    const items = checklistFor(channels);
    expect(checklistComplete(items)).toBe(false);
    const done = items.map((i) => ({ ...i, doneBy: 'U1', doneAt: '2026-11-28T12:00:00.000Z' }));
    expect(checklistComplete(done)).toBe(true);
    expect(checklistComplete([...done.slice(1), items[0] as (typeof items)[number]])).toBe(false);
  });
});

describe('token check', () => {
  const token = 'amzn.mws.0a1b2c3d-1111-2222-3333-444455556666';
  const channel: Pick<Channel, 'sellerId' | 'mwsAuthTokenSha256'> = {
    sellerId: 'A1SELLER000001',
    mwsAuthTokenSha256: sha256Hex(token),
  };

  it('matches the Merchant Token with the Seller ID and the MWS token by its SHA-256', () => {
    expect(checkTokens(channel, { merchantToken: ' a1seller000001 ', mwsAuthToken: ` ${token}\n` })).toEqual({
      merchantToken: 'match',
      mwsAuthToken: 'match',
      mwsAuthTokenLooksRight: true,
    });
  });

  it('reports each mismatch', () => {
    const check = checkTokens(channel, {
      merchantToken: 'A9OTHER0000001',
      mwsAuthToken: 'amzn.mws.ffffffff-1111-2222-3333-444455556666',
    });
    expect(check).toMatchObject({
      merchantToken: 'mismatch',
      mwsAuthToken: 'mismatch',
      mwsAuthTokenLooksRight: true,
    });
  });

  it('says when no MWS token hash is on record, and when a pasted token has the wrong shape', () => {
    const check = checkTokens(
      { sellerId: 'A1SELLER000001' },
      { merchantToken: 'A1SELLER000001', mwsAuthToken: 'amzn.mws.123' },
    );
    expect(check).toEqual({
      merchantToken: 'match',
      mwsAuthToken: 'no-record',
      mwsAuthTokenLooksRight: false,
    });
  });
});

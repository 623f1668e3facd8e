import { describe, expect, it } from 'vitest';
import type { Channel, ReauthorizationUnit } from '../../src/domain/accounts.js';
import { addDays, renewalOf, unitAuthorizedAt, unitRenewal } from '../../src/domain/renewal.js';

const UTC = { timeZone: 'UTC', warnDays: 30 };

function channel(id: string, over: Partial<Channel> = {}): Channel {
  return {
    id,
    accountId: 'acme',
    marketplace: 'UK',
    sellerId: 'A1B2C3D4E5F6G7',
    authorization: 'MWS/SP-API',
    ...over,
  };
}

function unit(channels: Channel[]): ReauthorizationUnit {
  return {
    region: 'EU',
    sellerId: 'A1B2C3D4E5F6G7',
    channels,
    needsReauthorization: channels.some((c) => c.authorization === 'MWS'),
  };
}

describe('a unit authorization date', () => {
  it('is the latest authorizedAt of its channels, whatever recorded it', () => {
    const u = unit([
      channel('c1', { authorizedAt: '2026-01-10T09:00:00.000Z', authorizedBy: 'import' }),
      channel('c2', { authorizedAt: '2026-03-01T09:00:00.000Z', authorizedBy: 'connector' }),
      channel('c3', {}),
    ]);
    expect(unitAuthorizedAt(u)).toBe('2026-03-01T09:00:00.000Z');
  });

  it('is none while a channel is still on MWS, or when no date is known', () => {
    expect(
      unitAuthorizedAt(
        unit([
          channel('c1', { authorizedAt: '2026-01-10T09:00:00.000Z' }),
          channel('c2', { authorization: 'MWS' }),
        ]),
      ),
    ).toBeUndefined();
    expect(unitAuthorizedAt(unit([channel('c1')]))).toBeUndefined();
    expect(unitRenewal(unit([channel('c1')]), new Date('2026-06-01T00:00:00Z'), UTC)).toBeUndefined();
  });
});

describe('the renewal due date, 365 days after the authorization day', () => {
  it('counts calendar days across leap years', () => {
    expect(addDays('2024-02-29', 365)).toBe('2025-02-28');
    expect(addDays('2026-02-28', 365)).toBe('2027-02-28');
    expect(addDays('2027-02-28', 365)).toBe('2028-02-28');
    expect(addDays('2027-03-01', 365)).toBe('2028-02-29');
    expect(addDays('2023-03-01', 365)).toBe('2024-02-29');
  });

  it('authorized on 2024-02-29: renew by 2025-02-28, expired on 2025-03-01', () => {
    const at = '2024-02-29T12:00:00.000Z';
    const onTheDay = renewalOf(at, new Date('2025-02-28T23:59:00Z'), UTC);
    expect(onTheDay).toMatchObject({ authorizedAt: '2024-02-29', renewBy: '2025-02-28', daysLeft: 0 });
    expect(onTheDay.state).toBe('due');
    const after = renewalOf(at, new Date('2025-03-01T00:00:00Z'), UTC);
    expect(after).toMatchObject({ daysLeft: -1, state: 'expired' });
  });

  it('renew by 2027-02-28: ok 31 days before, due 30 days before, expired on 2027-03-01', () => {
    const at = '2026-02-28T10:00:00.000Z';
    expect(renewalOf(at, new Date('2027-01-28T10:00:00Z'), UTC)).toMatchObject({
      renewBy: '2027-02-28',
      daysLeft: 31,
      state: 'ok',
    });
    expect(renewalOf(at, new Date('2027-01-29T10:00:00Z'), UTC)).toMatchObject({
      daysLeft: 30,
      state: 'due',
    });
    expect(renewalOf(at, new Date('2027-03-01T00:30:00Z'), UTC)).toMatchObject({
      daysLeft: -1,
      state: 'expired',
    });
  });

  it('uses the warning days configured', () => {
    const at = '2026-02-28T10:00:00.000Z';
    const now = new Date('2027-01-29T10:00:00Z');
    expect(renewalOf(at, now, { timeZone: 'UTC', warnDays: 7 }).state).toBe('ok');
    expect(renewalOf(at, now, { timeZone: 'UTC', warnDays: 45 }).state).toBe('due');
  });
});

describe('dates in the configured time zone', () => {
  // 22:30 UTC on 28 Feb 2026 is already 1 March (11:30) in Auckland (NZDT, UTC+13).
  const lateEveningUtc = '2026-02-28T22:30:00.000Z';

  it('a late evening UTC authorization falls on the next day in Pacific/Auckland', () => {
    const utc = renewalOf(lateEveningUtc, new Date('2026-06-01T00:00:00Z'), UTC);
    const auckland = renewalOf(lateEveningUtc, new Date('2026-06-01T00:00:00Z'), {
      timeZone: 'Pacific/Auckland',
      warnDays: 30,
    });
    expect(utc).toMatchObject({ authorizedAt: '2026-02-28', renewBy: '2027-02-28' });
    expect(auckland).toMatchObject({ authorizedAt: '2026-03-01', renewBy: '2027-03-01' });
  });

  it('counts days left from today in that zone', () => {
    const auckland = { timeZone: 'Pacific/Auckland', warnDays: 30 };
    // 2027-02-28 12:00 UTC is 2027-03-01 01:00 in Auckland: the renew-by day itself there.
    const now = new Date('2027-02-28T12:00:00Z');
    expect(renewalOf(lateEveningUtc, now, auckland)).toMatchObject({ daysLeft: 0, state: 'due' });
    expect(renewalOf(lateEveningUtc, now, UTC)).toMatchObject({ daysLeft: 0, state: 'due' });
    // A day later both readings are a day past.
    const later = new Date('2027-03-01T12:00:00Z');
    expect(renewalOf(lateEveningUtc, later, UTC)).toMatchObject({ daysLeft: -1, state: 'expired' });
    expect(renewalOf(lateEveningUtc, later, auckland)).toMatchObject({ daysLeft: -1, state: 'expired' });
    // 2027-03-01 10:00 UTC is still 1 March in UTC but 23:00 on 1 March in Auckland: due today there.
    const evening = new Date('2027-03-01T10:00:00Z');
    expect(renewalOf(lateEveningUtc, evening, auckland)).toMatchObject({ daysLeft: 0, state: 'due' });
    expect(renewalOf(lateEveningUtc, evening, UTC)).toMatchObject({ daysLeft: -1, state: 'expired' });
  });

  it('an authorization in Los Angeles in the evening keeps its local day', () => {
    const la = { timeZone: 'America/Los_Angeles', warnDays: 30 };
    // 2024-03-01 05:00 UTC is 2024-02-29 21:00 in Los Angeles (PST, UTC-8).
    expect(renewalOf('2024-03-01T05:00:00.000Z', new Date('2024-06-01T00:00:00Z'), la)).toMatchObject({
      authorizedAt: '2024-02-29',
      renewBy: '2025-02-28',
    });
  });
});

describe('an application role added (REAUTH_APP_ROLES_CHANGED_AT)', () => {
  const settings = { timeZone: 'UTC', warnDays: 30, rolesChangedAt: '2026-11-01' };

  it('makes every authorization before that day due now, by that day', () => {
    const r = renewalOf('2026-05-01T09:00:00.000Z', new Date('2026-11-10T09:00:00Z'), settings);
    expect(r).toMatchObject({ renewBy: '2026-11-01', state: 'due', rolesChanged: true, daysLeft: -9 });
  });

  it('leaves authorizations on or after that day alone', () => {
    const r = renewalOf('2026-11-01T09:00:00.000Z', new Date('2026-11-10T09:00:00Z'), settings);
    expect(r).toMatchObject({ renewBy: '2027-11-01', state: 'ok', rolesChanged: false });
  });

  it('does not bring back an authorization that has expired anyway', () => {
    const r = renewalOf('2025-05-01T09:00:00.000Z', new Date('2026-11-10T09:00:00Z'), settings);
    expect(r).toMatchObject({ renewBy: '2026-05-01', state: 'expired' });
  });
});

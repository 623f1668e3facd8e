import { describe, expect, it } from 'vitest';
import { buildDigest, isAllDone, managerDigest, managersWithPending } from '../../src/domain/digest.js';
import { sampleBatch } from '../support/sampleData.js';

const upcoming = { kind: 'upcoming', deadline: '2026-12-28', daysLeft: 30 } as const;
const overdue = { kind: 'overdue', deadline: '2026-11-20', daysLeft: -8 } as const;

function digestOf(deadline: Parameters<typeof buildDigest>[0]['deadline'] = upcoming) {
  const { accounts, channels } = sampleBatch();
  return buildDigest({ accounts, channels, deadline, date: '2026-11-28' });
}

describe('buildDigest', () => {
  it('counts accounts, channels, channels still on MWS and reauthorizations still needed', () => {
    expect(digestOf().totals).toEqual({
      accounts: 5,
      channels: 19,
      channelsOnMws: 16,
      pendingAccounts: 5,
      reauthorizationsNeeded: 11,
    });
  });

  it('groups pending accounts by account manager, the accounts nobody manages last', () => {
    const digest = digestOf();
    expect(digest.groups.map((g) => g.manager ?? 'none')).toEqual(['UMANAGER2', 'UMANAGER1', 'none']);
    expect(digest.groups[0]?.accounts.map((p) => p.account.id)).toEqual(['dune-traders']);
    expect(digest.groups[0]?.reauthorizationsNeeded).toBe(2);
    expect(digest.groups[2]?.accounts.map((p) => p.account.id)).toEqual([
      'borealis-books',
      'emu-gear',
      'cedar-co',
    ]);
  });

  it('lists each pending unit with its region, Seller ID and marketplaces', () => {
    const dune = digestOf().groups[0]?.accounts[0];
    expect(
      dune?.pendingUnits.map((u) => [u.region, u.sellerId, u.channels.map((c) => c.marketplace)]),
    ).toEqual([
      ['EU', 'A5DUNEEU0001XX', ['UK', 'DE']],
      ['EU', 'A5DUNEME0001XX', ['SA', 'AE']],
    ]);
  });

  it('turns into a list of customers to contact once the deadline has passed', () => {
    expect(digestOf(upcoming).toContact).toBe(false);
    expect(digestOf({ kind: 'today', deadline: '2026-11-28', daysLeft: 0 }).toContact).toBe(false);
    expect(digestOf(overdue).toContact).toBe(true);
  });

  it('has no groups at all when every channel shows MWS/SP-API', () => {
    const { accounts, channels } = sampleBatch();
    const done = channels.map((c) => ({ ...c, authorization: 'MWS/SP-API' as const }));
    const digest = buildDigest({ accounts, channels: done, deadline: upcoming, date: '2026-11-28' });
    expect(isAllDone(digest)).toBe(true);
    expect(digest.totals.reauthorizationsNeeded).toBe(0);
  });

  it('gives an account manager only their own accounts, with their own totals', () => {
    const { accounts, channels } = sampleBatch();
    const mine = managerDigest({ accounts, channels, deadline: upcoming, date: '2026-11-28' }, 'UMANAGER1');
    expect(mine.groups.flatMap((g) => g.accounts.map((p) => p.account.id))).toEqual(['acme-outdoor']);
    expect(mine.totals).toMatchObject({
      accounts: 1,
      channels: 5,
      channelsOnMws: 3,
      reauthorizationsNeeded: 1,
    });
    expect(managersWithPending(digestOf())).toEqual(['UMANAGER2', 'UMANAGER1']);
  });
});

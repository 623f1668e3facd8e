import { describe, expect, it } from 'vitest';
import {
  type Channel,
  reauthorizationsNeeded,
  reauthorizationUnits,
  selectChannel,
  sellerIdWarning,
} from '../../src/domain/accounts.js';

const ch = (
  id: string,
  marketplace: string,
  sellerId: string,
  authorization: Channel['authorization'] = 'MWS',
): Channel => ({
  id,
  accountId: 'a',
  marketplace,
  sellerId,
  authorization,
});

const summary = (channels: Channel[]) =>
  reauthorizationUnits(channels).map((u) => ({
    unit: `${u.region}:${u.sellerId}`,
    marketplaces: u.channels.map((c) => c.marketplace),
    needs: u.needsReauthorization,
  }));

describe('reauthorization units', () => {
  it('merged accounts: one Seller ID across a region is one unit covering every marketplace', () => {
    const units = summary([
      ch('1', 'DE', 'A1MERGED0000EU'),
      ch('2', 'UK', 'A1MERGED0000EU'),
      ch('3', 'FR', 'A1MERGED0000EU'),
    ]);
    expect(units).toEqual([{ unit: 'EU:A1MERGED0000EU', marketplaces: ['UK', 'FR', 'DE'], needs: true }]);
  });

  it('unmerged accounts: each Seller ID in the region is a unit of its own', () => {
    const channels = [
      ch('1', 'UK', 'A1UNMERGEDUK00'),
      ch('2', 'DE', 'A1UNMERGEDDE00'),
      ch('3', 'FR', 'A1UNMERGEDFR00'),
    ];
    expect(summary(channels).map((u) => u.unit)).toEqual([
      'EU:A1UNMERGEDDE00',
      'EU:A1UNMERGEDFR00',
      'EU:A1UNMERGEDUK00',
    ]);
    expect(reauthorizationsNeeded(reauthorizationUnits(channels))).toBe(3);
  });

  it('separate businesses in one marketplace are separate units', () => {
    const units = summary([ch('1', 'UK', 'A1BUSINESSONE0'), ch('2', 'UK', 'A1BUSINESSTWO0')]);
    expect(units).toHaveLength(2);
  });

  it('a Middle East Seller ID of its own makes a second European unit', () => {
    const units = summary([
      ch('1', 'UK', 'A1SELLEREU0000'),
      ch('2', 'AE', 'A1SELLERME0000'),
      ch('3', 'SA', 'A1SELLERME0000'),
      ch('4', 'DE', 'A1SELLEREU0000'),
    ]);
    expect(units).toEqual([
      { unit: 'EU:A1SELLEREU0000', marketplaces: ['UK', 'DE'], needs: true },
      { unit: 'EU:A1SELLERME0000', marketplaces: ['SA', 'AE'], needs: true },
    ]);
  });

  it('the same Seller ID in two regions is two units (Brazil with NA, India with EU)', () => {
    const units = summary([
      ch('1', 'BR', 'A1GLOBAL000000'),
      ch('2', 'IN', 'A1GLOBAL000000'),
      ch('3', 'US', 'A1GLOBAL000000'),
      ch('4', 'JP', 'A1GLOBAL000000'),
    ]);
    expect(units.map((u) => [u.unit, u.marketplaces])).toEqual([
      ['NA:A1GLOBAL000000', ['US', 'BR']],
      ['EU:A1GLOBAL000000', ['IN']],
      ['FE:A1GLOBAL000000', ['JP']],
    ]);
  });

  it('a unit needs reauthorization while any of its channels shows MWS', () => {
    const units = reauthorizationUnits([
      ch('1', 'UK', 'A1X00000000000', 'MWS/SP-API'),
      ch('2', 'DE', 'A1X00000000000', 'MWS'),
    ]);
    expect(units[0]?.needsReauthorization).toBe(true);
    const done = reauthorizationUnits([ch('1', 'UK', 'A1X00000000000', 'MWS/SP-API')]);
    expect(done[0]?.needsReauthorization).toBe(false);
    expect(reauthorizationsNeeded(done)).toBe(0);
  });
});

describe('choosing a channel', () => {
  const channels = [
    ch('ch-uk-1', 'UK', 'A1ONE000000000'),
    ch('ch-uk-2', 'UK', 'A1TWO000000000'),
    ch('ch-de', 'DE', 'A1ONE000000000'),
  ];
  it('by channel ID, by marketplace code, and by marketplace ID', () => {
    expect(selectChannel(channels, 'ch-de')).toMatchObject({ kind: 'found', channel: { id: 'ch-de' } });
    expect(selectChannel(channels, 'de')).toMatchObject({ kind: 'found', channel: { id: 'ch-de' } });
    expect(selectChannel(channels, 'A1PA6795UKMFR9')).toMatchObject({
      kind: 'found',
      channel: { id: 'ch-de' },
    });
  });
  it('a marketplace with two Seller IDs is ambiguous; an absent or unknown one is none', () => {
    expect(selectChannel(channels, 'GB').kind).toBe('ambiguous');
    expect(selectChannel(channels, 'FR')).toEqual({ kind: 'none', reason: 'no FR channel' });
    expect(selectChannel(channels, 'zz-top')).toEqual({ kind: 'none', reason: 'unknown' });
  });
});

describe('Seller ID shape', () => {
  it('accepts the usual shape silently and warns about others', () => {
    expect(sellerIdWarning('A1B2C3D4E5F6G7')).toBeUndefined();
    expect(sellerIdWarning('A1B2C3D4E5F6G')).toBeUndefined();
    expect(sellerIdWarning('a1b2c3d4e5f6g7')).toMatch(/does not look like/);
    expect(sellerIdWarning('SELLER-42')).toMatch(/kept as given/);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findMarketplace, MARKETPLACES } from '../../src/domain/marketplaces.js';

const tsv = readFileSync(new URL('../fixtures/amazon-marketplaces.tsv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'));

describe('marketplace table', () => {
  it('agrees row by row with the reference TSV (country, code, ID, region, host)', () => {
    expect(
      MARKETPLACES.map((m) => [m.country, m.code, m.marketplaceId, m.region, m.sellerCentralHost]),
    ).toEqual(tsv.map((row) => row.slice(0, 5)));
    expect(MARKETPLACES).toHaveLength(23);
  });

  it('finds a marketplace by code in any case, by the GB alias, and by marketplace ID', () => {
    expect(findMarketplace('uk')?.country).toBe('United Kingdom');
    expect(findMarketplace('GB')?.code).toBe('UK');
    expect(findMarketplace('A1PA6795UKMFR9')?.code).toBe('DE');
    expect(findMarketplace(' fr ')?.code).toBe('FR');
    expect(findMarketplace('XX')).toBeUndefined();
  });

  it("marks Amazon's Middle East marketplaces, Egypt included, and only them", () => {
    expect(MARKETPLACES.filter((m) => m.middleEast).map((m) => m.code)).toEqual(['EG', 'SA', 'AE']);
  });

  it('puts Brazil in North America and India in Europe', () => {
    expect(findMarketplace('BR')?.region).toBe('NA');
    expect(findMarketplace('IN')?.region).toBe('EU');
    expect(findMarketplace('JP')?.region).toBe('FE');
  });
});

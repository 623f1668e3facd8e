import { describe, expect, it } from 'vitest';
import type { Account, Channel } from '../../src/domain/accounts.js';
import { matchAccount } from '../../src/domain/lookup.js';

const accounts: Account[] = [
  { id: 'acme-outdoor', name: 'Acme Outdoor' },
  { id: 'acme-indoor', name: 'Acme Indoor' },
  { id: 'borealis-books', name: 'Borealis Books' },
];
const channels: Channel[] = [
  {
    id: 'c1',
    accountId: 'borealis-books',
    marketplace: 'UK',
    sellerId: 'A1BOREAL000000',
    authorization: 'MWS',
  },
];
const bySeller = (id: string) => channels.filter((c) => c.sellerId === id);

describe('finding the account a person means', () => {
  it('by id, by name in any case, by Seller ID, and by a unique start of the name', () => {
    expect(matchAccount('acme-outdoor', accounts, bySeller)).toMatchObject({
      kind: 'found',
      account: { id: 'acme-outdoor' },
    });
    expect(matchAccount('ACME INDOOR', accounts, bySeller)).toMatchObject({
      kind: 'found',
      account: { id: 'acme-indoor' },
    });
    expect(matchAccount('A1BOREAL000000', accounts, bySeller)).toMatchObject({
      kind: 'found',
      account: { id: 'borealis-books' },
    });
    expect(matchAccount('bor', accounts, bySeller)).toMatchObject({
      kind: 'found',
      account: { id: 'borealis-books' },
    });
  });

  it('lists every account a shared start matches', () => {
    const match = matchAccount('acme', accounts, bySeller);
    expect(match.kind).toBe('ambiguous');
    expect(match.kind === 'ambiguous' && match.accounts.map((a) => a.id).sort()).toEqual([
      'acme-indoor',
      'acme-outdoor',
    ]);
  });

  it('offers the closest names when nothing matches', () => {
    const match = matchAccount('acme outdor', accounts, bySeller);
    expect(match.kind).toBe('none');
    expect(match.kind === 'none' && match.suggestions[0]?.id).toBe('acme-outdoor');
    const nothing = matchAccount('zzzzzzzzzzzz', accounts, bySeller);
    expect(nothing).toEqual({ kind: 'none', suggestions: [] });
  });
});

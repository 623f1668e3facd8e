import { describe, expect, it } from 'vitest';
import type { Account, Channel } from '../../src/domain/accounts.js';
import { AccountIndex, matchAccount } from '../../src/domain/lookup.js';
import { levenshtein, levenshteinWithin } from '../../src/domain/text.js';
import { seededRandom } from '../support/random.js';

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

/** The lookup rules written as plain scans: what the index must agree with. */
function matchByScan(query: string, all: readonly Account[], seller: (id: string) => readonly Channel[]) {
  const q = query.trim().toLowerCase();
  if (!q) return { kind: 'none', suggestions: [] };
  const byId = all.find((a) => a.id === q);
  if (byId) return { kind: 'found', account: byId };
  const byName = all.filter((a) => a.name.toLowerCase() === q);
  if (byName.length === 1) return { kind: 'found', account: byName[0] };
  if (byName.length > 1) return { kind: 'ambiguous', accounts: byName };
  const ids = seller(query.trim().toUpperCase()).map((c) => c.accountId);
  const bySeller = all.filter((a) => ids.includes(a.id));
  if (bySeller.length === 1) return { kind: 'found', account: bySeller[0] };
  if (bySeller.length > 1) return { kind: 'ambiguous', accounts: bySeller };
  const byPrefix = all.filter((a) => a.id.startsWith(q) || a.name.toLowerCase().startsWith(q));
  if (byPrefix.length === 1) return { kind: 'found', account: byPrefix[0] };
  if (byPrefix.length > 1) return { kind: 'ambiguous', accounts: byPrefix };
  const limit = Math.max(3, Math.ceil(q.length / 2));
  const distance = (a: Account) =>
    Math.min(
      levenshtein(q, a.id),
      levenshtein(q, a.name.toLowerCase()),
      levenshtein(q, a.id.slice(0, q.length)),
      levenshtein(q, a.name.toLowerCase().slice(0, q.length)),
    );
  const suggestions = all
    .map((a) => ({ a, d: distance(a) }))
    .filter((x) => x.d <= limit)
    .sort((x, y) => x.d - y.d || x.a.id.localeCompare(y.a.id))
    .slice(0, 3)
    .map((x) => x.a);
  return { kind: 'none', suggestions };
}

describe('the account index', () => {
  it('answers every query exactly as a scan of all accounts would', () => {
    const random = seededRandom(5);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
    const words = [
      'acme',
      'acme outdoor',
      'borealis',
      'bor',
      'cedar',
      'ced',
      'dune',
      'emu',
      'zed',
      'a',
      'ac',
    ];
    const many: Account[] = Array.from({ length: 300 }, (_, i) => {
      const name = `${pick(words)} ${pick(['books', 'gear', 'outdoor', ''])} ${i % 7 === 0 ? '' : i}`.trim();
      return { id: `${name.toLowerCase().replace(/\s+/g, '-')}-${i}`, name };
    });
    many.push({ id: 'twin-a', name: 'Twin' }, { id: 'twin-b', name: 'twin' });
    const sellerChannels: Channel[] = many.slice(0, 40).map((a, i) => ({
      id: `c${i}`,
      accountId: a.id,
      marketplace: 'UK',
      sellerId: `A${String(i % 25).padStart(13, '0')}`,
      authorization: 'MWS',
    }));
    const seller = (id: string) => sellerChannels.filter((c) => c.sellerId === id);
    const index = new AccountIndex(many);
    const queries = [
      ...many
        .slice(0, 60)
        .flatMap((a) => [a.id, a.name, a.name.toUpperCase(), a.id.slice(0, 5), a.name.slice(0, 3)]),
      ...sellerChannels.map((c) => c.sellerId.toLowerCase()),
      ...Array.from(
        { length: 200 },
        () => `${pick(words)}${random() < 0.5 ? 'x' : ''} ${pick(['bokos', 'gera', ''])}`,
      ),
      'twin',
      '',
      '   ',
      'x'.repeat(5000),
    ];
    for (const q of queries) expect(index.match(q, seller), q).toEqual(matchByScan(q, many, seller));
  });

  it('bounded edit distance agrees with the full one up to the bound', () => {
    const random = seededRandom(9);
    const word = () =>
      Array.from({ length: Math.floor(random() * 12) }, () => 'abcde'[Math.floor(random() * 5)]).join('');
    for (let i = 0; i < 3000; i++) {
      const [a, b, max] = [word(), word(), Math.floor(random() * 6)];
      const full = levenshtein(a, b);
      const bounded = levenshteinWithin(a, b, max);
      if (full <= max) expect(bounded).toBe(full);
      else expect(bounded).toBeGreaterThan(max);
    }
  });
});

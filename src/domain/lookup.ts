import type { Account, Channel } from './accounts.js';
import { levenshtein } from './text.js';

export type AccountMatch =
  | { kind: 'found'; account: Account }
  | { kind: 'ambiguous'; accounts: Account[] }
  | { kind: 'none'; suggestions: Account[] };

/**
 * Finds the account a person means: its id, its name (any case), a Seller ID of one of its channels,
 * or a prefix of its id or name that only one account has. Exact matches win over prefixes.
 */
export function matchAccount(
  query: string,
  accounts: readonly Account[],
  channelsBySellerId: (sellerId: string) => readonly Channel[],
): AccountMatch {
  const q = query.trim().toLowerCase();
  if (!q) return { kind: 'none', suggestions: [] };

  const byId = accounts.find((a) => a.id === q);
  if (byId) return { kind: 'found', account: byId };

  const byName = accounts.filter((a) => a.name.toLowerCase() === q);
  if (byName.length === 1) return { kind: 'found', account: byName[0] as Account };
  if (byName.length > 1) return { kind: 'ambiguous', accounts: byName };

  const sellerChannels = channelsBySellerId(query.trim().toUpperCase());
  const sellerAccountIds = [...new Set(sellerChannels.map((c) => c.accountId))];
  const bySeller = accounts.filter((a) => sellerAccountIds.includes(a.id));
  if (bySeller.length === 1) return { kind: 'found', account: bySeller[0] as Account };
  if (bySeller.length > 1) return { kind: 'ambiguous', accounts: bySeller };

  const byPrefix = accounts.filter((a) => a.id.startsWith(q) || a.name.toLowerCase().startsWith(q));
  if (byPrefix.length === 1) return { kind: 'found', account: byPrefix[0] as Account };
  if (byPrefix.length > 1) return { kind: 'ambiguous', accounts: byPrefix };

  return { kind: 'none', suggestions: closestAccounts(q, accounts, 3) };
}

function closestAccounts(q: string, accounts: readonly Account[], count: number): Account[] {
  const limit = Math.max(3, Math.ceil(q.length / 2));
  return accounts
    .map((a) => ({
      a,
      d: Math.min(levenshtein(q, a.id), levenshtein(q, a.name.toLowerCase()), prefixDistance(q, a)),
    }))
    .filter((x) => x.d <= limit)
    .sort((x, y) => x.d - y.d || x.a.id.localeCompare(y.a.id))
    .slice(0, count)
    .map((x) => x.a);
}

/** Distance to the start of the name, so "acme outdor" still finds "Acme Outdoor Ltd". */
function prefixDistance(q: string, a: Account): number {
  return Math.min(
    levenshtein(q, a.id.slice(0, q.length)),
    levenshtein(q, a.name.toLowerCase().slice(0, q.length)),
  );
}

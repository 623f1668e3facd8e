import type { Account, Channel } from './accounts.js';
import { levenshteinWithin } from './text.js';

export type AccountMatch =
  | { kind: 'found'; account: Account }
  | { kind: 'ambiguous'; accounts: Account[] }
  | { kind: 'none'; suggestions: Account[] };

/**
 * Finds the account a person means: its id, its name (any case), a Seller ID of one of its channels,
 * or a prefix of its id or name that only one account has. Exact matches win over prefixes.
 * (Builds an index each time: for a few accounts; keep an AccountIndex for many.)
 */
export function matchAccount(
  query: string,
  accounts: readonly Account[],
  channelsBySellerId: (sellerId: string) => readonly Channel[],
): AccountMatch {
  return new AccountIndex(accounts).match(query, channelsBySellerId);
}

/**
 * The accounts indexed for `matchAccount`: exact id, name and Seller ID lookups are map lookups and
 * a prefix is a binary search, so answering costs the same for 10 accounts or 10,000. Only a query
 * that matches nothing looks at every account, for the closest names (and skips those too far off
 * in length to be close). Results keep the order of `accounts`.
 */
export class AccountIndex {
  private readonly byId = new Map<string, Account | Account[]>();
  private readonly byName = new Map<string, Account | Account[]>();
  /** Every id and lower-case name, sorted (with `owners[i]` the account of `keys[i]`), for prefix search. */
  private readonly keys: string[];
  private readonly owners: Account[];
  private position: Map<Account, number> | undefined;

  constructor(private readonly accounts: readonly Account[]) {
    const entries: [string, Account][] = [];
    for (const a of accounts) {
      const name = a.name.toLowerCase();
      add(this.byId, a.id, a);
      add(this.byName, name, a);
      entries.push([a.id, a], [name, a]);
    }
    entries.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    this.keys = entries.map((e) => e[0]);
    this.owners = entries.map((e) => e[1]);
  }

  match(query: string, channelsBySellerId: (sellerId: string) => readonly Channel[]): AccountMatch {
    const q = query.trim().toLowerCase();
    if (!q) return { kind: 'none', suggestions: [] };

    const byId = all(this.byId, q)[0];
    if (byId) return { kind: 'found', account: byId };

    const byName = all(this.byName, q);
    if (byName.length === 1) return { kind: 'found', account: byName[0] as Account };
    if (byName.length > 1) return { kind: 'ambiguous', accounts: this.inOrder(byName) };

    const sellerChannels = channelsBySellerId(query.trim().toUpperCase());
    const sellerAccountIds = new Set(sellerChannels.map((c) => c.accountId));
    const bySeller = this.inOrder([...sellerAccountIds].flatMap((id) => all(this.byId, id)));
    if (bySeller.length === 1) return { kind: 'found', account: bySeller[0] as Account };
    if (bySeller.length > 1) return { kind: 'ambiguous', accounts: bySeller };

    const byPrefix = this.withPrefix(q);
    if (byPrefix.length === 1) return { kind: 'found', account: byPrefix[0] as Account };
    if (byPrefix.length > 1) return { kind: 'ambiguous', accounts: byPrefix };

    return { kind: 'none', suggestions: this.closest(q, 3) };
  }

  private withPrefix(q: string): Account[] {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.keys[mid] as string) < q) lo = mid + 1;
      else hi = mid;
    }
    const found = new Set<Account>();
    for (let i = lo; i < this.keys.length && (this.keys[i] as string).startsWith(q); i++) {
      found.add(this.owners[i] as Account);
    }
    return this.inOrder([...found]);
  }

  private closest(q: string, count: number): Account[] {
    const limit = Math.max(3, Math.ceil(q.length / 2));
    const close: { a: Account; d: number }[] = [];
    for (const a of this.accounts) {
      const name = a.name.toLowerCase();
      // Distances past the limit are never shown, so none is computed further than that.
      const d = Math.min(
        levenshteinWithin(q, a.id, limit),
        levenshteinWithin(q, name, limit),
        levenshteinWithin(q, a.id.slice(0, q.length), limit),
        levenshteinWithin(q, name.slice(0, q.length), limit),
      );
      if (d <= limit) close.push({ a, d });
    }
    return close
      .sort((x, y) => x.d - y.d || x.a.id.localeCompare(y.a.id))
      .slice(0, count)
      .map((x) => x.a);
  }

  /** Several accounts in the order of `accounts` (the position map is built the first time it is needed). */
  private inOrder(accounts: Account[]): Account[] {
    if (accounts.length < 2) return accounts;
    if (!this.position) {
      this.position = new Map(this.accounts.map((a, i) => [a, i]));
    }
    const position = this.position;
    return accounts.sort((x, y) => (position.get(x) ?? 0) - (position.get(y) ?? 0));
  }
}

/** One account per key, a list only where a key is shared: most keys are unique, and this is 10,000 of them. */
function add(map: Map<string, Account | Account[]>, key: string, account: Account): void {
  const existing = map.get(key);
  if (existing === undefined) map.set(key, account);
  else if (Array.isArray(existing)) existing.push(account);
  else map.set(key, [existing, account]);
}

function all(map: Map<string, Account | Account[]>, key: string): Account[] {
  const found = map.get(key);
  return found === undefined ? [] : Array.isArray(found) ? found : [found];
}

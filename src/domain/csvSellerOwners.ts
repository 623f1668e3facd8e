import type { CsvProblem, ImportRow } from './csvImport.js';
import { listJoin } from './text.js';

/**
 * One Seller ID under more than one customer: a Seller ID is one Amazon business, so this is
 * usually a typing slip, but agencies and group companies exist, so it is a warning, never a
 * rejection. Said once per other customer, at that customer's first row with the Seller ID, naming
 * the earlier rows' customers (with their line) and those the store already has it under.
 * `storedOwners` are the accounts the store holds the Seller ID under, on channels the file leaves alone.
 */
export function sharedSellerIdWarnings(
  rows: readonly ImportRow[],
  storedOwners: (sellerId: string) => readonly string[],
): CsvProblem[] {
  /** Per Seller ID, its accounts in file order with the first line of each. */
  const bySeller = new Map<string, Map<string, number>>();
  for (const { line, channel } of rows) {
    const accounts = bySeller.get(channel.sellerId) ?? new Map<string, number>();
    if (!accounts.has(channel.accountId)) accounts.set(channel.accountId, line);
    bySeller.set(channel.sellerId, accounts);
  }
  const warnings: CsvProblem[] = [];
  for (const [sellerId, accounts] of bySeller) {
    const earlier: string[] = [];
    const stored = storedOwners(sellerId);
    for (const [accountId, line] of accounts) {
      const inStore = stored
        .filter((owner) => owner !== accountId && !accounts.has(owner))
        .map((owner) => `account ${owner} (in the store)`);
      const others = [...earlier, ...inStore];
      if (others.length > 0)
        warnings.push({
          line,
          column: 'seller_id',
          message:
            `Seller ID ${sellerId} is also under ${listJoin(others)}; ` +
            'a Seller ID is one Amazon business, so check which customer it belongs to; kept as given',
        });
      earlier.push(`account ${accountId} (line ${line})`);
    }
  }
  return warnings;
}

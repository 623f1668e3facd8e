import type { Channel } from '../src/domain/accounts.js';
import { findMarketplace } from '../src/domain/marketplaces.js';
import type { ImportBatch } from './store.js';

/**
 * What makes an import batch unsafe to apply: checked inside the import's write, so a batch is
 * applied whole or not at all, against the store as it is at that moment.
 */
export function importBatchProblems(
  batch: ImportBatch,
  storedChannels: readonly Channel[],
  accountStored: (id: string) => boolean,
): string[] {
  const problems: string[] = [];
  const accountIds = new Set<string>();
  for (const a of batch.accounts) {
    if (accountIds.has(a.id)) problems.push(`account ${a.id} appears twice`);
    accountIds.add(a.id);
  }
  const channelIds = new Set<string>();
  const stored = new Map(storedChannels.map((c) => [c.id, c]));
  for (const c of batch.channels) {
    if (channelIds.has(c.id)) problems.push(`channel ${c.id} appears twice`);
    channelIds.add(c.id);
    const existing = stored.get(c.id);
    if (existing && existing.accountId !== c.accountId)
      problems.push(`channel ${c.id} belongs to account ${existing.accountId}, not ${c.accountId}`);
    if (!accountIds.has(c.accountId) && !accountStored(c.accountId))
      problems.push(
        `channel ${c.id} names account ${c.accountId}, which is neither in the batch nor in the store`,
      );
    const marketplace = findMarketplace(c.marketplace);
    if (!marketplace) problems.push(`channel ${c.id} has an unknown marketplace ${c.marketplace}`);
    else if (marketplace.code !== c.marketplace)
      problems.push(
        `channel ${c.id} has marketplace ${c.marketplace}; use the canonical code (${marketplace.code})`,
      );
  }
  return problems;
}

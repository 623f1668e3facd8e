import { type Account, type Channel, reauthorizationUnits } from './accounts.js';
import { spreadsheetSafe } from './csvFields.js';
import { REQUIRED_COLUMNS, TOKEN_HASH_COLUMN } from './csvImport.js';

/**
 * The store as an accounts CSV in the import's own format, so an export can be edited and imported
 * again. Kept beside the import so the two cannot drift apart.
 */
export interface AccountsExport {
  columns: string[];
  /**
   * One record per channel, values in `columns` order, in the order the store holds the channels;
   * each value spreadsheet-safe (`spreadsheetSafe`: a formula-like value behind a quote).
   */
  records: string[][];
  /** Accounts with no channel: a CSV row is a channel, so the format cannot carry them. */
  accountsWithoutChannels: Account[];
}

/**
 * `pendingOnly`: only the reauthorization units still needing one, each unit whole (its channels
 * already on MWS/SP-API too), since one reauthorization covers them all; other channels are left
 * out, and an import of the file leaves them as they are (an import never deletes).
 */
export function accountsExport(
  accounts: readonly Account[],
  channels: readonly Channel[],
  options: { pendingOnly?: boolean } = {},
): AccountsExport {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const chosen = options.pendingOnly ? channelsOfPendingUnits(channels) : [...channels];
  const withHash = chosen.some((c) => c.mwsAuthTokenSha256);
  const columns: string[] = [...REQUIRED_COLUMNS, ...(withHash ? [TOKEN_HASH_COLUMN] : [])];
  const records = chosen.map((channel) => {
    const account = byId.get(channel.accountId);
    if (!account)
      throw new Error(`Channel ${channel.id} names account ${channel.accountId}, which is missing`);
    const record = [
      account.id,
      account.name,
      account.accountManager ?? '',
      channel.id,
      channel.marketplace,
      channel.sellerId,
      channel.authorization,
      channel.authorizedAt ?? '',
    ];
    if (withHash) record.push(channel.mwsAuthTokenSha256 ?? '');
    return record.map(spreadsheetSafe);
  });
  const withChannels = new Set(channels.map((c) => c.accountId));
  const accountsWithoutChannels = options.pendingOnly ? [] : accounts.filter((a) => !withChannels.has(a.id));
  return { columns, records, accountsWithoutChannels };
}

/** Units are per account: two customers sharing a Seller ID are still reauthorized separately. */
function channelsOfPendingUnits(channels: readonly Channel[]): Channel[] {
  const byAccount = new Map<string, Channel[]>();
  for (const c of channels) {
    const list = byAccount.get(c.accountId);
    if (list) list.push(c);
    else byAccount.set(c.accountId, [c]);
  }
  const pending = new Set<string>();
  for (const list of byAccount.values())
    for (const unit of reauthorizationUnits(list))
      if (unit.needsReauthorization) for (const c of unit.channels) pending.add(c.id);
  return channels.filter((c) => pending.has(c.id));
}

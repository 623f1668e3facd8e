import { type Account, type Channel, type ReauthorizationUnit, reauthorizationUnits } from './accounts.js';

export interface PendingAccount {
  account: Account;
  reauthorizationsNeeded: number;
  pendingUnits: ReauthorizationUnit[];
}

/** Accounts with at least one unit still on MWS: most reauthorizations first, then by name. */
export function pendingAccounts(
  accounts: readonly Account[],
  channels: readonly Channel[],
): PendingAccount[] {
  return pendingAmong(accounts, channelsByAccount(channels)).sort(byMostPending);
}

export function channelsByAccount(channels: readonly Channel[]): Map<string, Channel[]> {
  const byAccount = new Map<string, Channel[]>();
  for (const c of channels) {
    const list = byAccount.get(c.accountId);
    if (list) list.push(c);
    else byAccount.set(c.accountId, [c]);
  }
  return byAccount;
}

/**
 * The pending ones among `accounts`, in their order. Callers over a big store work through the
 * accounts a slice at a time and sort the whole with `byMostPending`.
 */
export function pendingAmong(
  accounts: readonly Account[],
  channelsOf: ReadonlyMap<string, readonly Channel[]>,
): PendingAccount[] {
  const pending: PendingAccount[] = [];
  for (const account of accounts) {
    const units = reauthorizationUnits(channelsOf.get(account.id) ?? []);
    const pendingUnits = units.filter((u) => u.needsReauthorization);
    if (pendingUnits.length > 0)
      pending.push({ account, reauthorizationsNeeded: pendingUnits.length, pendingUnits });
  }
  return pending;
}

/** Most reauthorizations first, then by name. */
export function byMostPending(a: PendingAccount, b: PendingAccount): number {
  return b.reauthorizationsNeeded - a.reauthorizationsNeeded || a.account.name.localeCompare(b.account.name);
}

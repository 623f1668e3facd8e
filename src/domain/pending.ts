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
  const byAccount = new Map<string, Channel[]>();
  for (const c of channels) {
    const list = byAccount.get(c.accountId);
    if (list) list.push(c);
    else byAccount.set(c.accountId, [c]);
  }
  const pending: PendingAccount[] = [];
  for (const account of accounts) {
    const units = reauthorizationUnits(byAccount.get(account.id) ?? []);
    const pendingUnits = units.filter((u) => u.needsReauthorization);
    if (pendingUnits.length > 0)
      pending.push({ account, reauthorizationsNeeded: pendingUnits.length, pendingUnits });
  }
  return pending.sort(
    (a, b) =>
      b.reauthorizationsNeeded - a.reauthorizationsNeeded || a.account.name.localeCompare(b.account.name),
  );
}

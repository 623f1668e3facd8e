import { type Account, type Channel, type ReauthorizationUnit, reauthorizationUnits } from './accounts.js';
import { channelsByAccount } from './pending.js';
import { type RenewalSettings, renewalWithin, type UnitRenewal, unitRenewal } from './renewal.js';

/** One unit whose renewal is due within the days asked, or has expired. */
export interface RenewalDue {
  account: Account;
  unit: ReauthorizationUnit;
  renewal: UnitRenewal;
}

/** The units due within `days` or expired, soonest (most overdue) first, then by account name. */
export function renewalsDue(
  accounts: readonly Account[],
  channels: readonly Channel[],
  now: Date,
  settings: RenewalSettings,
  days: number,
): RenewalDue[] {
  const channelsOf = channelsByAccount(channels);
  const due: RenewalDue[] = [];
  for (const account of accounts) {
    for (const unit of reauthorizationUnits(channelsOf.get(account.id) ?? [])) {
      const renewal = unitRenewal(unit, now, settings);
      if (renewal && renewalWithin(renewal, days)) due.push({ account, unit, renewal });
    }
  }
  return due.sort(
    (a, b) => a.renewal.daysLeft - b.renewal.daysLeft || a.account.name.localeCompare(b.account.name),
  );
}

/** The same, grouped by account manager (Slack user ID; undefined for accounts without one), managers in order of their soonest. */
export function byAccountManager(due: readonly RenewalDue[]): { manager?: string; due: RenewalDue[] }[] {
  const groups = new Map<string | undefined, RenewalDue[]>();
  for (const entry of due) {
    const key = entry.account.accountManager;
    const list = groups.get(key);
    if (list) list.push(entry);
    else groups.set(key, [entry]);
  }
  const withManager = [...groups].filter(([m]) => m !== undefined);
  const without = groups.get(undefined);
  return [
    ...withManager.map(([manager, list]) => ({ manager, due: list })),
    ...(without ? [{ due: without }] : []),
  ];
}

/** The `renewals --json` shape, kept stable for scripts. */
export interface RenewalJson {
  accountId: string;
  region: string;
  sellerId: string;
  authorizedAt: string;
  renewBy: string;
  daysLeft: number;
}

export function renewalsJson(due: readonly RenewalDue[]): RenewalJson[] {
  return due.map(({ account, unit, renewal }) => ({
    accountId: account.id,
    region: unit.region,
    sellerId: unit.sellerId,
    authorizedAt: renewal.authorizedAt,
    renewBy: renewal.renewBy,
    daysLeft: renewal.daysLeft,
  }));
}

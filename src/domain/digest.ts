import type { Account, Channel } from './accounts.js';
import type { DeadlineStatus } from './deadline.js';
import { type PendingAccount, pendingAccounts } from './pending.js';

export interface DigestTotals {
  accounts: number;
  channels: number;
  channelsOnMws: number;
  /** Accounts with at least one unit still on MWS. */
  pendingAccounts: number;
  reauthorizationsNeeded: number;
}

/** One account manager's accounts still pending, or (no `manager`) the accounts nobody manages. */
export interface DigestGroup {
  manager?: string;
  accounts: PendingAccount[];
  reauthorizationsNeeded: number;
}

export interface Digest {
  /** The calendar date the digest is about, in the configured time zone. */
  date: string;
  deadline: DeadlineStatus;
  /**
   * The deadline has passed: what is still pending is no longer a reminder but a list of
   * customers to contact, and that list leads the digest.
   */
  toContact: boolean;
  totals: DigestTotals;
  /** Account managers with pending accounts (most reauthorizations first), then the unmanaged accounts. */
  groups: DigestGroup[];
}

export interface DigestInput {
  accounts: readonly Account[];
  channels: readonly Channel[];
  deadline: DeadlineStatus;
  date: string;
}

/**
 * The digest's content: everything still to do, by who should chase it. Empty `groups`: all done.
 * `pending` is `pendingAccounts(input.accounts, input.channels)`, when the caller worked it out already.
 */
export function buildDigest(
  input: DigestInput,
  pending: readonly PendingAccount[] = pendingAccounts(input.accounts, input.channels),
): Digest {
  const byManager = new Map<string | undefined, PendingAccount[]>();
  for (const p of pending) {
    const key = p.account.accountManager || undefined;
    const list = byManager.get(key);
    if (list) list.push(p);
    else byManager.set(key, [p]);
  }
  const groups: DigestGroup[] = [...byManager].map(([manager, accounts]) => ({
    ...(manager ? { manager } : {}),
    accounts,
    reauthorizationsNeeded: sumNeeded(accounts),
  }));
  groups.sort(
    (a, b) =>
      Number(a.manager === undefined) - Number(b.manager === undefined) ||
      b.reauthorizationsNeeded - a.reauthorizationsNeeded ||
      compare(a.manager ?? '', b.manager ?? ''),
  );
  return {
    date: input.date,
    deadline: input.deadline,
    toContact: input.deadline.kind === 'overdue',
    totals: {
      accounts: input.accounts.length,
      channels: input.channels.length,
      channelsOnMws: input.channels.filter((c) => c.authorization === 'MWS').length,
      pendingAccounts: pending.length,
      reauthorizationsNeeded: sumNeeded(pending),
    },
    groups,
  };
}

/** One account manager's own digest: only their accounts, totals over their accounts only. */
export function managerDigest(input: DigestInput, manager: string): Digest {
  const accounts = input.accounts.filter((a) => a.accountManager === manager);
  const ids = new Set(accounts.map((a) => a.id));
  return buildDigest({ ...input, accounts, channels: input.channels.filter((c) => ids.has(c.accountId)) });
}

/** Account managers who have accounts still pending, in digest order. */
export function managersWithPending(digest: Digest): string[] {
  return digest.groups.flatMap((g) => (g.manager ? [g.manager] : []));
}

export function isAllDone(digest: Digest): boolean {
  return digest.groups.length === 0;
}

function sumNeeded(accounts: readonly PendingAccount[]): number {
  return accounts.reduce((n, p) => n + p.reauthorizationsNeeded, 0);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

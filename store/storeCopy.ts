import { createHash } from 'node:crypto';
import type { AuditEntry } from '../src/domain/audit.js';
import { emptyState, type Store, type StoreState } from './store.js';

/*
 * `reauth store copy`: everything one store holds, read through the Store interface, loaded whole
 * into an empty store of either kind, and checked afterwards table by table.
 */

/** A store that can be filled, in one write, from another store's whole state. */
export interface LoadsState {
  /** Loads `state` into this store, which must hold nothing (StoreNotEmptyError otherwise). */
  loadState(state: StoreState): Promise<void>;
  /** The connector's lists, which the Store interface does not read: processed event ids, removed channels. */
  connectorLists(): Promise<Pick<StoreState, 'connectorEvents' | 'removedChannels'>>;
}

export function loadsState(store: Store): store is Store & LoadsState {
  return typeof (store as Partial<LoadsState>).loadState === 'function';
}

export class StoreNotEmptyError extends Error {
  constructor(
    readonly label: string,
    readonly counts: TableCounts,
  ) {
    super(
      `${label} is not empty (${describeCounts(counts)}): a copy goes only into an empty store, so nothing is mixed or lost. ` +
        'Copy into a new file or database, or empty this one first.',
    );
    this.name = 'StoreNotEmptyError';
  }
}

export const TABLES = [
  'accounts',
  'channels',
  'audit',
  'digests',
  'rollbacks',
  'connectorEvents',
  'removedChannels',
] as const;
export type Table = (typeof TABLES)[number];
export type TableCounts = Record<Table, number>;

/** Everything the store holds. Rollbacks are gathered account by account (the Store has no list of all). */
export async function readState(store: Store): Promise<StoreState> {
  const accounts = await store.listAccounts();
  const rollbacks = [];
  for (const account of accounts) rollbacks.push(...(await store.rollbacksOfAccount(account.id)));
  return {
    ...emptyState(),
    accounts,
    channels: await store.allChannels(),
    audit: await store.auditTrail(),
    digests: await store.digests(),
    rollbacks,
    ...(loadsState(store) ? await store.connectorLists() : {}),
  };
}

/**
 * The file store's load: `data` (the live state) must be empty; the copied audit trail goes in
 * through `audit`, which is what makes the write one that the file store persists.
 */
export function fillEmpty(data: StoreState, state: StoreState, audit: (entry: AuditEntry) => void): void {
  if (!isEmptyState(data)) throw new StoreNotEmptyError('The target store', countsOf(data));
  data.accounts.push(...structuredClone(state.accounts));
  data.channels.push(...structuredClone(state.channels));
  data.digests.push(...structuredClone(state.digests));
  data.rollbacks.push(...structuredClone(state.rollbacks));
  data.connectorEvents.push(...structuredClone(state.connectorEvents));
  data.removedChannels.push(...structuredClone(state.removedChannels));
  for (const entry of structuredClone(state.audit)) audit(entry);
}

export function countsOf(state: StoreState): TableCounts {
  return {
    accounts: state.accounts.length,
    channels: state.channels.length,
    audit: state.audit.length,
    digests: state.digests.length,
    rollbacks: state.rollbacks.length,
    connectorEvents: state.connectorEvents.length,
    removedChannels: state.removedChannels.length,
  };
}

export function isEmptyState(state: StoreState): boolean {
  return TABLES.every((t) => state[t].length === 0);
}

/** What each table is called in what people read. */
export const TABLE_NAMES: Record<Table, string> = {
  accounts: 'accounts',
  channels: 'channels',
  audit: 'audit',
  digests: 'digests',
  rollbacks: 'rollbacks',
  connectorEvents: 'connector events',
  removedChannels: 'removed channels',
};

export function describeCounts(counts: TableCounts): string {
  return TABLES.map((t) => `${TABLE_NAMES[t]} ${counts[t]}`).join(', ');
}

/**
 * A SHA-256 per table over its rows as canonical JSON (keys sorted), rows in id order (the audit
 * trail in its own order): equal checksums mean equal contents, whatever order each backend keeps.
 */
export function checksums(state: StoreState): Record<Table, string> {
  const byId = <T extends { id: string }>(rows: readonly T[]) =>
    [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rows: Record<Table, readonly unknown[]> = {
    accounts: byId(state.accounts),
    channels: byId(state.channels),
    audit: state.audit,
    digests: byId(state.digests),
    rollbacks: byId(state.rollbacks),
    connectorEvents: state.connectorEvents,
    removedChannels: byId(state.removedChannels),
  };
  const result = {} as Record<Table, string>;
  for (const t of TABLES) {
    const hash = createHash('sha256');
    for (const row of rows[t]) hash.update(`${canonical(row)}\n`);
    result[t] = hash.digest('hex');
  }
  return result;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

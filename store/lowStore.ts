import type { Low } from 'lowdb';
import { type Account, type Channel, PROVENANCE_FIELDS, regionOf } from '../src/domain/accounts.js';
import type { AuditEntry } from '../src/domain/audit.js';
import { accountChanges, channelChanges, updatedNote } from '../src/domain/changes.js';
import type { BatchOutcome, ConnectorEvent } from '../src/domain/connectorEvents.js';
import type { DigestClosing, DigestDelivery, DigestRecord } from '../src/domain/digestRecord.js';
import { AccountIndex, type AccountMatch } from '../src/domain/lookup.js';
import type { Region } from '../src/domain/marketplaces.js';
import type {
  ChecklistOutcome,
  CreateRollbackOutcome,
  DecideRollbackOutcome,
  Rollback,
  RollbackMessageSlot,
  SlackMessageRef,
} from '../src/domain/rollback.js';
import * as connectorChanges from './connectorChanges.js';
import * as digestChanges from './digestChanges.js';
import { importBatchProblems } from './importChecks.js';
import * as rollbackChanges from './rollbackChanges.js';
import {
  type Actor,
  type ChangeCounts,
  type ConfirmSellerOutcome,
  type ImportBatch,
  ImportRejectedError,
  type ImportSummary,
  type NewRollback,
  type Store,
  type StoreState,
} from './store.js';
import { fillEmpty } from './storeCopy.js';

/**
 * The Store over a lowdb database; the adapter decides where the JSON lives (memory or a durable
 * file). Writes are serialised: each one changes the data, appends its audit entries and waits for
 * the adapter to persist, so a write is never reported before it is on disk. A write that fails (or
 * whose change throws) puts back the state as it was before it, which is what the disk holds, so
 * memory never claims what the disk does not hold.
 */
export class LowStore implements Store {
  private queue: Promise<unknown> = Promise.resolve();
  private accountsById = new Map<string, Account>();
  private channelsByAccount = new Map<string, Channel[]>();
  private channelsBySeller = new Map<string, Channel[]>();
  private closed = false;

  constructor(
    private readonly db: Low<StoreState>,
    private readonly options: { readOnly?: boolean; onClose?: () => void | Promise<void> } = {},
  ) {
    this.reindex();
  }

  private get data(): StoreState {
    return this.db.data;
  }

  private reindex(): void {
    this.accountsChanged();
    this.accountsById = new Map(this.data.accounts.map((a) => [a.id, a]));
    this.channelsByAccount = new Map();
    this.channelsBySeller = new Map();
    for (const c of this.data.channels) this.indexChannel(c);
  }

  private indexChannel(c: Channel): void {
    push(this.channelsByAccount, c.accountId, c);
    push(this.channelsBySeller, c.sellerId, c);
  }

  async listAccounts(): Promise<Account[]> {
    return this.data.accounts.map((a) => ({ ...a }));
  }

  async getAccount(id: string): Promise<Account | undefined> {
    const a = this.accountsById.get(id);
    return a && { ...a };
  }

  async channelsOfAccount(accountId: string): Promise<Channel[]> {
    return (this.channelsByAccount.get(accountId) ?? []).map((c) => ({ ...c }));
  }

  async channelsBySellerId(sellerId: string): Promise<Channel[]> {
    return (this.channelsBySeller.get(sellerId) ?? []).map((c) => ({ ...c }));
  }

  async allChannels(): Promise<Channel[]> {
    return this.data.channels.map((c) => ({ ...c }));
  }

  async auditTrail(accountId?: string): Promise<AuditEntry[]> {
    const entries = accountId ? this.data.audit.filter((e) => e.accountId === accountId) : this.data.audit;
    // Details hold lists: a shallow copy would let a caller edit the trail.
    return entries.map((e) => structuredClone(e));
  }

  async importBatch(batch: ImportBatch, actor: Actor): Promise<ImportSummary> {
    return this.write((data, audit) => {
      const problems = importBatchProblems(batch, this.data.channels, (id) => this.accountsById.has(id));
      if (problems.length > 0) throw new ImportRejectedError(problems);
      const summary: ImportSummary = { accounts: counts(), channels: counts() };
      const at = actor.at.toISOString();
      const changesByAccount = new Map<string, string[]>();
      const note = (accountId: string, change: string) => push(changesByAccount, accountId, change);

      for (const incoming of batch.accounts) {
        const existing = this.accountsById.get(incoming.id);
        if (!existing) {
          const account = { ...incoming };
          data.accounts.push(account);
          this.accountsById.set(account.id, account);
          this.accountsChanged();
          summary.accounts.added++;
          note(account.id, 'account added');
        } else if (existing.name !== incoming.name || existing.accountManager !== incoming.accountManager) {
          const changes = accountChanges(existing, incoming);
          existing.name = incoming.name;
          this.accountsChanged();
          if (incoming.accountManager) existing.accountManager = incoming.accountManager;
          else delete existing.accountManager;
          summary.accounts.updated++;
          note(existing.id, updatedNote('account', changes));
        } else {
          summary.accounts.unchanged++;
        }
      }

      const channelsById = new Map(data.channels.map((c) => [c.id, c]));
      let reindex = false;
      for (const incoming of batch.channels) {
        const existing = channelsById.get(incoming.id);
        if (!existing) {
          const channel: Channel = { ...incoming, stateSource: 'import', stateAt: at };
          data.channels.push(channel);
          channelsById.set(channel.id, channel);
          this.indexChannel(channel);
          summary.channels.added++;
          note(channel.accountId, `channel ${channel.id} added`);
        } else if (!sameChannel(existing, incoming)) {
          reindex ||= existing.sellerId !== incoming.sellerId;
          const changes = channelChanges(existing, incoming);
          for (const key of Object.keys(existing) as (keyof Channel)[]) delete existing[key];
          Object.assign(existing, incoming, { stateSource: 'import', stateAt: at });
          summary.channels.updated++;
          note(existing.accountId, updatedNote(`channel ${existing.id}`, changes));
        } else {
          summary.channels.unchanged++;
        }
      }
      if (reindex) this.reindex();

      for (const [accountId, changes] of changesByAccount) {
        audit({
          at,
          actor: actor.id,
          action: 'import',
          target: `account:${accountId}`,
          accountId,
          details: { changes },
        });
      }
      return summary;
    });
  }

  /** Checked before anything changes, so a refused batch leaves no trace. */

  async recordReauthorization(
    unit: { accountId: string; region: Region; sellerId: string },
    actor: Actor,
  ): Promise<Channel[]> {
    return this.write((_data, audit) => {
      const at = actor.at.toISOString();
      const channels = (this.channelsByAccount.get(unit.accountId) ?? []).filter(
        (c) => c.sellerId === unit.sellerId && regionOf(c) === unit.region,
      );
      const changed = channels.filter((c) => c.authorization !== 'MWS/SP-API');
      for (const c of changed) {
        c.authorization = 'MWS/SP-API';
        c.authorizedAt = at;
        c.authorizedBy = actor.id;
        c.stateSource = 'slack';
        c.stateAt = at;
      }
      if (changed.length > 0) {
        audit({
          at,
          actor: actor.id,
          action: 'reauthorized',
          target: `unit:${unit.accountId}:${unit.region}:${unit.sellerId}`,
          accountId: unit.accountId,
          details: { channels: changed.map((c) => c.id) },
        });
      }
      return changed.map((c) => ({ ...c }));
    });
  }

  async recordRenewal(
    unit: { accountId: string; region: Region; sellerId: string },
    actor: Actor,
  ): Promise<Channel[]> {
    return this.write((data, audit) => {
      const at = actor.at.toISOString();
      const channels = (this.channelsByAccount.get(unit.accountId) ?? []).filter(
        (c) => c.sellerId === unit.sellerId && regionOf(c) === unit.region,
      );
      // With a rollback request waiting, the customer authorizing again is a reauthorization the
      // approver must be shown (recordReauthorization), not a renewal: nothing here.
      const awaitingRollback = data.rollbacks.some(
        (r) =>
          r.state === 'requested' &&
          r.accountId === unit.accountId &&
          r.unit.region === unit.region &&
          r.unit.sellerId === unit.sellerId,
      );
      if (awaitingRollback) return [];
      if (channels.length === 0 || channels.some((c) => c.authorization !== 'MWS/SP-API')) return [];
      const previous = channels
        .map((c) => c.authorizedAt ?? '')
        .filter(Boolean)
        .sort()
        .at(-1);
      for (const c of channels) {
        c.authorizedAt = at;
        c.authorizedBy = actor.id;
      }
      audit({
        at,
        actor: actor.id,
        action: 'renewed',
        target: `unit:${unit.accountId}:${unit.region}:${unit.sellerId}`,
        accountId: unit.accountId,
        details: { channels: channels.map((c) => c.id), ...(previous ? { previous } : {}) },
      });
      return channels.map((c) => ({ ...c }));
    });
  }

  /** Fills this empty store with a whole store, in one write (reauth store copy; see fillEmpty). */
  async loadState(state: StoreState): Promise<void> {
    await this.write((data, audit) => {
      fillEmpty(data, state, audit);
      this.reindex();
    });
  }

  async connectorLists(): Promise<Pick<StoreState, 'connectorEvents' | 'removedChannels'>> {
    return structuredClone({
      connectorEvents: this.data.connectorEvents,
      removedChannels: this.data.removedChannels,
    });
  }

  isOpen(): boolean {
    return !this.closed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.catch(() => undefined);
    await this.options.onClose?.();
  }

  /**
   * Runs one change: `change` must be synchronous (it sees and edits the live data), then the whole
   * state is persisted. Changes run one at a time, in call order.
   */
  protected write<T>(change: (data: StoreState, audit: (entry: AuditEntry) => void) => T): Promise<T> {
    if (this.options.readOnly) return Promise.reject(new Error('This store was opened read-only'));
    if (this.closed) return Promise.reject(new Error('The store is closed'));
    const run = async (): Promise<T> => {
      // What the disk holds now (every earlier write has been persisted or put back), to put back if
      // this change throws, audits nothing or fails to persist. The file adapter keeps a copy of what
      // is on disk anyway and puts back only what differs; for others, a whole copy is taken first.
      const keeper = persistedCopyOf(this.db.adapter);
      const before = keeper ? undefined : structuredClone(this.data);
      const restore = async () => {
        if (before) {
          this.db.data = before;
          this.reindex();
          return;
        }
        const restored = await keeper?.restorePersisted(this.data);
        if (restored === undefined) {
          await this.db.read();
          this.reindex();
        } else if (restored > 0) {
          this.reindex();
        }
      };
      let audited = 0;
      let result: T;
      try {
        result = change(this.data, (entry) => {
          this.data.audit.push(entry);
          audited++;
        });
      } catch (error) {
        await restore();
        throw error;
      }
      if (audited === 0) {
        // Unaudited changes are never persisted, so they must not linger in memory either.
        await restore();
        return result;
      }
      try {
        await this.db.write();
      } catch (error) {
        await restore();
        throw error;
      }
      return result;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  // --- connector ---

  async applyConnectorEvents(events: readonly ConnectorEvent[], actor: Actor): Promise<BatchOutcome> {
    return this.write((data, audit) => {
      const result = connectorChanges.applyConnectorEvents(data, events, actor, audit);
      if (result.applied > 0) this.reindex();
      return result;
    });
  }

  async confirmSellerId(channelId: string, actor: Actor): Promise<ConfirmSellerOutcome> {
    return this.write((data, audit) => {
      const outcome = connectorChanges.confirmSellerId(data, channelId, actor, audit);
      if (outcome.kind === 'confirmed') this.reindex();
      return outcome;
    });
  }

  // --- digests ---

  async digests(): Promise<DigestRecord[]> {
    return this.data.digests.map(digestChanges.copyDigest);
  }

  async recordDigestSlot(
    record: DigestRecord,
    actor: Actor,
  ): Promise<{ record: DigestRecord; created: boolean }> {
    return this.write((data, audit) => digestChanges.recordSlot(data, record, actor, audit));
  }

  async recordDigestDelivery(id: string, delivery: DigestDelivery, actor: Actor): Promise<DigestRecord> {
    return this.write((data, audit) => digestChanges.recordDelivery(data, id, delivery, actor, audit));
  }

  async closeDigest(id: string, closing: DigestClosing, actor: Actor): Promise<DigestRecord> {
    return this.write((data, audit) => digestChanges.closeDigest(data, id, closing, actor, audit));
  }

  // --- rollbacks ---

  async getRollback(id: string): Promise<Rollback | undefined> {
    const rollback = this.data.rollbacks.find((r) => r.id === id);
    return rollback && rollbackChanges.copyRollback(rollback);
  }

  async undecidedRollbacks(): Promise<Rollback[]> {
    return this.data.rollbacks.filter((r) => r.state === 'requested').map(rollbackChanges.copyRollback);
  }

  async rollbacksOfAccount(accountId: string): Promise<Rollback[]> {
    return this.data.rollbacks.filter((r) => r.accountId === accountId).map(rollbackChanges.copyRollback);
  }

  async createRollback(request: NewRollback, actor: Actor): Promise<CreateRollbackOutcome> {
    return this.write((data, audit) =>
      rollbackChanges.createRollback(
        data,
        this.channelsByAccount.get(request.accountId) ?? [],
        request,
        actor,
        audit,
      ),
    );
  }

  async decideRollback(
    id: string,
    decision: { approve: boolean; reason?: string; approvers: readonly string[]; seenUnit?: string },
    actor: Actor,
  ): Promise<DecideRollbackOutcome> {
    return this.write((data, audit) => {
      const accountId = data.rollbacks.find((r) => r.id === id)?.accountId;
      const channels = (accountId && this.channelsByAccount.get(accountId)) || [];
      return rollbackChanges.decideRollback(data, channels, id, decision, actor, audit);
    });
  }

  async expireDueRollbacks(now: Date): Promise<Rollback[]> {
    return this.write((data, audit) => rollbackChanges.expireDue(data, now, audit));
  }

  untickChecklistItem: Store['untickChecklistItem'] = (...args) =>
    this.write((data, audit) => rollbackChanges.untickChecklistItem(data, ...args, audit));
  async completeChecklistItem(id: string, itemId: string, actor: Actor): Promise<ChecklistOutcome> {
    return this.write((data, audit) => rollbackChanges.completeChecklistItem(data, id, itemId, actor, audit));
  }

  async attachRollbackMessage(
    id: string,
    which: RollbackMessageSlot,
    ref: SlackMessageRef,
    actor: Actor,
  ): Promise<Rollback | undefined> {
    return this.write((data, audit) => rollbackChanges.attachMessage(data, id, which, ref, actor, audit));
  }

  // --- lookup ---
  private accountIndex: AccountIndex | undefined;

  /** Call after changing any account's id or name, so lookups see it. */
  protected accountsChanged(): void {
    this.accountIndex = undefined;
  }

  async matchAccount(query: string): Promise<AccountMatch> {
    this.accountIndex ??= new AccountIndex(this.data.accounts);
    const match = this.accountIndex.match(query, (sellerId) => this.channelsBySeller.get(sellerId) ?? []);
    switch (match.kind) {
      case 'found':
        return { kind: 'found', account: { ...match.account } };
      case 'ambiguous':
        return { kind: 'ambiguous', accounts: match.accounts.map((a) => ({ ...a })) };
      default:
        return { kind: 'none', suggestions: match.suggestions.map((a) => ({ ...a })) };
    }
  }
}

/** An adapter that keeps a copy of what is on disk (JournaledJsonFile), so a change can be undone cheaply. */
interface KeepsPersistedCopy {
  canRestore(): boolean;
  restorePersisted(data: StoreState): Promise<number | undefined>;
}

function persistedCopyOf(adapter: unknown): KeepsPersistedCopy | undefined {
  const keeper = adapter as Partial<KeepsPersistedCopy>;
  return typeof keeper.canRestore === 'function' && keeper.canRestore()
    ? (keeper as KeepsPersistedCopy)
    : undefined;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function counts(): ChangeCounts {
  return { added: 0, updated: 0, unchanged: 0 };
}

/** Same state, wherever each came from. */
function sameChannel(a: Channel, b: Channel): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof Channel)[]);
  for (const k of PROVENANCE_FIELDS) keys.delete(k);
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}

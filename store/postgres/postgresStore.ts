import type { Account, Channel } from '../../src/domain/accounts.js';
import type { AuditEntry } from '../../src/domain/audit.js';
import type { BatchOutcome, ConnectorEvent } from '../../src/domain/connectorEvents.js';
import type { DigestClosing, DigestDelivery, DigestRecord } from '../../src/domain/digestRecord.js';
import type { AccountMatch } from '../../src/domain/lookup.js';
import type { Region } from '../../src/domain/marketplaces.js';
import type {
  ChecklistOutcome,
  CreateRollbackOutcome,
  DecideRollbackOutcome,
  Rollback,
  RollbackMessageSlot,
  SlackMessageRef,
  UntickOutcome,
} from '../../src/domain/rollback.js';
import type {
  Actor,
  ConfirmSellerOutcome,
  ImportBatch,
  ImportSummary,
  NewRollback,
  Store,
  StoreState,
} from '../store.js';
import type { LoadsState } from '../storeCopy.js';
import * as accountWrites from './accountWrites.js';
import * as connectorWrites from './connectorWrites.js';
import { type Database, inTransaction, type Sql } from './database.js';
import * as digestWrites from './digestWrites.js';
import { loadState } from './loadState.js';
import { matchAccount } from './lookup.js';
import { migrate, PostgresStoreError } from './migrations.js';
import * as rollbackWrites from './rollbackWrites.js';
import {
  ACCOUNT_COLUMNS,
  AUDIT_COLUMNS,
  accountOf,
  auditOf,
  CHANNEL_COLUMNS,
  channelOf,
  channelsOfAccount,
} from './rows.js';

export interface PostgresStoreOptions {
  /** Refuse every write (status and export need no more). */
  readOnly?: boolean;
  /** Run when the store closes, after the database is ended (tests keep a shared engine open). */
  onClose?: () => void | Promise<void>;
}

/**
 * The Store over PostgreSQL. Each write is one transaction holding its change and its audit entries
 * (committed, so durable, before it resolves); several instances may share the database, and what
 * the file store gets from running one write at a time comes from row locks here (see
 * rollbackWrites.ts and accountWrites.ts). Reads use the indexes of the first migration.
 */
export class PostgresStore implements Store, LoadsState {
  private closed = false;
  private readonly writing = new Set<Promise<unknown>>();

  constructor(
    readonly db: Database,
    private readonly options: PostgresStoreOptions = {},
  ) {}

  async listAccounts(): Promise<Account[]> {
    return (await this.db.query(`SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY position`)).rows.map(
      accountOf,
    );
  }

  async getAccount(id: string): Promise<Account | undefined> {
    const { rows } = await this.db.query(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = $1`, [id]);
    return rows[0] && accountOf(rows[0]);
  }

  channelsOfAccount(accountId: string): Promise<Channel[]> {
    return channelsOfAccount(this.db, accountId);
  }

  async channelsBySellerId(sellerId: string): Promise<Channel[]> {
    const { rows } = await this.db.query(
      `SELECT ${CHANNEL_COLUMNS} FROM channels WHERE seller_id = $1 ORDER BY position`,
      [sellerId],
    );
    return rows.map(channelOf);
  }

  async allChannels(): Promise<Channel[]> {
    return (await this.db.query(`SELECT ${CHANNEL_COLUMNS} FROM channels ORDER BY position`)).rows.map(
      channelOf,
    );
  }

  async auditTrail(accountId?: string): Promise<AuditEntry[]> {
    const { rows } = accountId
      ? await this.db.query(`SELECT ${AUDIT_COLUMNS} FROM audit WHERE account_id = $1 ORDER BY seq`, [
          accountId,
        ])
      : await this.db.query(`SELECT ${AUDIT_COLUMNS} FROM audit ORDER BY seq`);
    return rows.map(auditOf);
  }

  importBatch(batch: ImportBatch, actor: Actor): Promise<ImportSummary> {
    // The batch is copied first: the caller may change it while the transaction runs.
    const copy = structuredClone(batch);
    return this.write((sql) => accountWrites.importBatch(sql, copy, actor));
  }

  recordReauthorization(
    unit: { accountId: string; region: Region; sellerId: string },
    actor: Actor,
  ): Promise<Channel[]> {
    return this.write((sql) => accountWrites.recordReauthorization(sql, unit, actor));
  }

  recordRenewal(
    unit: { accountId: string; region: Region; sellerId: string },
    actor: Actor,
  ): Promise<Channel[]> {
    return this.write((sql) => accountWrites.recordRenewal(sql, unit, actor));
  }

  // --- connector ---

  applyConnectorEvents(events: readonly ConnectorEvent[], actor: Actor): Promise<BatchOutcome> {
    const copy = structuredClone(events);
    return this.write((sql) => connectorWrites.applyConnectorEvents(sql, copy, actor));
  }

  confirmSellerId(channelId: string, actor: Actor): Promise<ConfirmSellerOutcome> {
    return this.write((sql) => connectorWrites.confirmSellerId(sql, channelId, actor));
  }

  // --- digests ---

  async digests(): Promise<DigestRecord[]> {
    const { rows } = await this.db.query<{ record: DigestRecord }>(
      'SELECT record FROM digests ORDER BY position',
    );
    return rows.map((r) => r.record);
  }

  recordDigestSlot(record: DigestRecord, actor: Actor): Promise<{ record: DigestRecord; created: boolean }> {
    const copy = structuredClone(record);
    return this.write((sql) => digestWrites.recordSlot(sql, copy, actor));
  }

  recordDigestDelivery(id: string, delivery: DigestDelivery, actor: Actor): Promise<DigestRecord> {
    return this.write((sql) => digestWrites.recordDelivery(sql, id, delivery, actor));
  }

  closeDigest(id: string, closing: DigestClosing, actor: Actor): Promise<DigestRecord> {
    return this.write((sql) => digestWrites.closeDigest(sql, id, closing, actor));
  }

  // --- rollbacks ---

  async getRollback(id: string): Promise<Rollback | undefined> {
    const { rows } = await this.db.query<{ record: Rollback }>('SELECT record FROM rollbacks WHERE id = $1', [
      id,
    ]);
    return rows[0]?.record;
  }

  async undecidedRollbacks(): Promise<Rollback[]> {
    const { rows } = await this.db.query<{ record: Rollback }>(
      `SELECT record FROM rollbacks WHERE state = 'requested' ORDER BY position`,
    );
    return rows.map((r) => r.record);
  }

  async rollbacksOfAccount(accountId: string): Promise<Rollback[]> {
    const { rows } = await this.db.query<{ record: Rollback }>(
      'SELECT record FROM rollbacks WHERE account_id = $1 ORDER BY position',
      [accountId],
    );
    return rows.map((r) => r.record);
  }

  createRollback(request: NewRollback, actor: Actor): Promise<CreateRollbackOutcome> {
    const copy = structuredClone(request);
    return this.write((sql) => rollbackWrites.createRollback(sql, copy, actor));
  }

  decideRollback(
    id: string,
    decision: { approve: boolean; reason?: string; approvers: readonly string[]; seenUnit?: string },
    actor: Actor,
  ): Promise<DecideRollbackOutcome> {
    return this.write((sql) => rollbackWrites.decideRollback(sql, id, decision, actor));
  }

  expireDueRollbacks(now: Date): Promise<Rollback[]> {
    return this.write((sql) => rollbackWrites.expireDue(sql, now));
  }

  completeChecklistItem(id: string, itemId: string, actor: Actor): Promise<ChecklistOutcome> {
    return this.write((sql) => rollbackWrites.completeChecklistItem(sql, id, itemId, actor));
  }

  untickChecklistItem(
    id: string,
    itemId: string,
    actor: Actor,
    approvers: readonly string[],
  ): Promise<UntickOutcome> {
    const copy = [...approvers];
    return this.write((sql) => rollbackWrites.untickChecklistItem(sql, id, itemId, actor, copy));
  }

  attachRollbackMessage(
    id: string,
    which: RollbackMessageSlot,
    ref: SlackMessageRef,
    actor: Actor,
  ): Promise<Rollback | undefined> {
    return this.write((sql) => rollbackWrites.attachMessage(sql, id, which, ref, actor));
  }

  // --- lookup ---

  matchAccount(query: string): Promise<AccountMatch> {
    return matchAccount(this.db, query);
  }

  /** Fills this empty database with a whole store (reauth store copy), in one transaction. */
  loadState(state: StoreState): Promise<void> {
    return this.write((sql) => loadState(sql, this.db.label, state));
  }

  async connectorLists(): Promise<Pick<StoreState, 'connectorEvents' | 'removedChannels'>> {
    const events = await this.db.query<{ id: string; at: string }>(
      'SELECT id, at FROM connector_events ORDER BY position',
    );
    const removed = await this.db.query<{ id: string; account_id: string; at: string }>(
      'SELECT id, account_id, at FROM removed_channels ORDER BY position',
    );
    return {
      connectorEvents: events.rows.map((r) => ({ id: r.id, at: r.at })),
      removedChannels: removed.rows.map((r) => ({ id: r.id, accountId: r.account_id, at: r.at })),
    };
  }

  isOpen(): boolean {
    return !this.closed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.writing]);
    try {
      await this.db.end();
    } finally {
      await this.options.onClose?.();
    }
  }

  /** One write: one transaction, committed before the promise resolves; closing waits for it. */
  private write<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    if (this.options.readOnly) return Promise.reject(new Error('This store was opened read-only'));
    if (this.closed) return Promise.reject(new Error('The store is closed'));
    const running = inTransaction(this.db, work);
    this.writing.add(running);
    const forget = () => this.writing.delete(running);
    running.then(forget, forget);
    return running;
  }
}

/** Opens the store over `db`, first bringing an empty or older schema up to date (a newer one is refused). */
export async function openPostgresStore(
  db: Database,
  options: PostgresStoreOptions = {},
): Promise<PostgresStore> {
  try {
    await migrate(db);
  } catch (error) {
    await db.end().catch(() => undefined);
    if (error instanceof PostgresStoreError) throw error;
    throw new PostgresStoreError(db.label, `it could not be reached or read (${(error as Error).message})`);
  }
  return new PostgresStore(db, options);
}

import type { Account, Channel } from '../src/domain/accounts.js';
import type { AuditEntry } from '../src/domain/audit.js';
import type { BatchOutcome, ConnectorEvent, ConnectorProblem } from '../src/domain/connectorEvents.js';
import type { DigestClosing, DigestDelivery, DigestRecord } from '../src/domain/digestRecord.js';
import type { AccountMatch } from '../src/domain/lookup.js';
import type { Region } from '../src/domain/marketplaces.js';
import type {
  ChecklistOutcome,
  CreateRollbackOutcome,
  DecideRollbackOutcome,
  Rollback,
  RollbackMessageSlot,
  SlackMessageRef,
  UntickOutcome,
  WindowStartSource,
} from '../src/domain/rollback.js';

export const SCHEMA_VERSION = 1;

/** Everything the bot keeps, as plain data; what a file backend writes as JSON. */
export interface StoreState {
  schemaVersion: number;
  accounts: Account[];
  channels: Channel[];
  audit: AuditEntry[];
  /** One record per digest slot: planned, being posted, posted or skipped. */
  digests: DigestRecord[];
  rollbacks: Rollback[];
  /** Connector event ids already processed, oldest first; bounded (see connectorChanges.ts). */
  connectorEvents: ProcessedConnectorEvent[];
  /** Channels the connector removed, kept so an older event arriving late cannot bring one back. */
  removedChannels: RemovedChannel[];
}

export function emptyState(): StoreState {
  return {
    schemaVersion: SCHEMA_VERSION,
    accounts: [],
    channels: [],
    audit: [],
    digests: [],
    rollbacks: [],
    connectorEvents: [],
    removedChannels: [],
  };
}

export interface ProcessedConnectorEvent {
  id: string;
  /** ISO date-time the bot processed it. */
  at: string;
}

export interface RemovedChannel {
  id: string;
  accountId: string;
  /** ISO date-time the removal happened (the event's occurredAt). */
  at: string;
}

/** A connector batch that cannot be applied as a whole (unknown account, a channel changing account); nothing changed. */
export class ConnectorBatchRejectedError extends Error {
  constructor(readonly problems: ConnectorProblem[]) {
    super(
      `The connector batch was refused, nothing was changed: ${problems.map((p) => p.message).join('; ')}`,
    );
    this.name = 'ConnectorBatchRejectedError';
  }
}

export interface ImportBatch {
  accounts: Account[];
  channels: Channel[];
}

export interface ChangeCounts {
  added: number;
  updated: number;
  unchanged: number;
}

export interface ImportSummary {
  accounts: ChangeCounts;
  channels: ChangeCounts;
}

/** An import batch that would break the store's invariants; nothing was changed. */
export class ImportRejectedError extends Error {
  constructor(readonly problems: string[]) {
    super(`The import was refused, nothing was changed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ImportRejectedError';
  }
}

export interface Actor {
  /** Slack user ID, or a name such as `import` for the command line. */
  id: string;
  at: Date;
}

/**
 * The bot's storage, in domain terms. Every write resolves only once the change and its audit
 * entry are durable; reads return copies the caller may keep.
 */
export interface Store {
  listAccounts(): Promise<Account[]>;
  getAccount(id: string): Promise<Account | undefined>;
  channelsOfAccount(accountId: string): Promise<Channel[]>;
  channelsBySellerId(sellerId: string): Promise<Channel[]>;
  allChannels(): Promise<Channel[]>;
  /** Audit entries, oldest first; with an account, only those about it. */
  auditTrail(accountId?: string): Promise<AuditEntry[]>;

  /**
   * Adds or updates accounts and channels; an identical batch changes nothing and audits nothing.
   * Rejects with ImportRejectedError, changing nothing, a batch that repeats an id, moves a channel
   * to another account, or names an unknown account or a non-canonical marketplace code.
   */
  importBatch(batch: ImportBatch, actor: Actor): Promise<ImportSummary>;
  /**
   * Marks every channel of the unit (account, region, Seller ID) `MWS/SP-API`. Returns the channels
   * that changed; none when the unit was already done.
   */
  recordReauthorization(
    unit: { accountId: string; region: Region; sellerId: string },
    actor: Actor,
  ): Promise<Channel[]>;

  close(): Promise<void>;
  /** False once closed: nothing more can be written (readiness reports it). */
  isOpen(): boolean;

  // --- connector ---
  /**
   * Applies a checked connector batch in ONE audited write, all or nothing: account events first,
   * then channel events, each oldest first. A processed id again is a duplicate (no change, no
   * audit); an event older than the state on record for its channel or account is superseded
   * (audited, no change). Applied events set the state's source to `connector` and its time to the
   * event's occurredAt. Rejects with ConnectorBatchRejectedError, changing nothing, when a channel
   * event names an account not on record (nor upserted in the batch) or moves a channel to another
   * account. Processed ids are remembered (bounded) so a resend is counted as a duplicate.
   * A channel event reporting another Seller ID (or a region not matching the marketplace) for a
   * channel on record keeps the Seller ID on record and holds the reported one as unconfirmed
   * (`unconfirmedSellerId`...); the outcome lists each one newly held, for the alert.
   */
  applyConnectorEvents(events: readonly ConnectorEvent[], actor: Actor): Promise<BatchOutcome>;
  /**
   * A person says the unconfirmed Seller ID of a channel is right: it becomes the one on record
   * (with its marketplace), audited. Nothing held back (any more): nothing changes.
   */
  confirmSellerId(channelId: string, actor: Actor): Promise<ConfirmSellerOutcome>;

  // --- digests ---
  /** Every digest slot on record, in the order they were recorded. */
  digests(): Promise<DigestRecord[]>;
  /**
   * Records a slot (planned with all its messages, or skipped) unless a record with its id exists,
   * in which case that one is returned: two callers can never both own a slot.
   */
  recordDigestSlot(record: DigestRecord, actor: Actor): Promise<{ record: DigestRecord; created: boolean }>;
  /** Notes one message as posted (its ts), or a DM Slack refused for good. Already noted: no change. */
  recordDigestDelivery(id: string, delivery: DigestDelivery, actor: Actor): Promise<DigestRecord>;
  /** Ends a slot: posted (its planned messages are dropped, the ts kept) or skipped with a reason. */
  closeDigest(id: string, closing: DigestClosing, actor: Actor): Promise<DigestRecord>;

  // --- rollbacks ---
  getRollback(id: string): Promise<Rollback | undefined>;
  /** Requests still waiting for a decision, across all accounts. */
  undecidedRollbacks(): Promise<Rollback[]>;
  /** Rollbacks of one account, oldest first. */
  rollbacksOfAccount(accountId: string): Promise<Rollback[]>;
  /**
   * Records a rollback request by `actor` for one unit. Refused while the unit has another open
   * request (an expired-but-unswept one is expired first), and when every channel already shows MWS.
   */
  createRollback(request: NewRollback, actor: Actor): Promise<CreateRollbackOutcome>;
  /**
   * Approves or denies; exactly one decision ever wins. Approval sets the channels back to MWS and
   * keeps what they were before. Who may decide is checked here, against `approvers`.
   */
  decideRollback(
    id: string,
    /** `seenUnit`: the unit's fingerprint its approver was shown, to approve a unit that changed. */
    decision: { approve: boolean; reason?: string; approvers: readonly string[]; seenUnit?: string },
    actor: Actor,
  ): Promise<DecideRollbackOutcome>;
  /** Expires every request still undecided at `now` past its expiry; returns those it expired. */
  expireDueRollbacks(now: Date): Promise<Rollback[]>;
  /** Ticks one checklist item of an approved rollback; the last one completes the rollback. */
  completeChecklistItem(id: string, itemId: string, actor: Actor): Promise<ChecklistOutcome>;
  /** Unticks an item, by whoever ticked it or one of `approvers`, while the checklist is not complete; audited. */
  untickChecklistItem(
    id: string,
    itemId: string,
    actor: Actor,
    approvers: readonly string[],
  ): Promise<UntickOutcome>;
  /** Remembers where the rollback's Slack messages are, to update them and recognise clicks on them. */
  attachRollbackMessage(
    id: string,
    which: RollbackMessageSlot,
    ref: SlackMessageRef,
    actor: Actor,
  ): Promise<Rollback | undefined>;

  // --- lookup ---
  /** The account a person means, by id, name, Seller ID or unique prefix (rules: src/domain/lookup.ts), from indexes. */
  matchAccount(query: string): Promise<AccountMatch>;
}

export type ConfirmSellerOutcome =
  | { kind: 'confirmed'; channel: Channel; previousSellerId: string }
  | { kind: 'nothing-unconfirmed'; channel: Channel }
  | { kind: 'no-channel' };

/** What a rollback request brings; the store adds the unit's channels, the checklist, who and when. */
export interface NewRollback {
  id: string;
  accountId: string;
  unit: { region: Region; sellerId: string };
  reason: string;
  /** ISO date-time the wrong account was authorized; absent when the requester does not know. */
  since?: string;
  /** Who said when it started; absent only where a caller predates asking (tests, old tools). */
  sinceSource?: WindowStartSource;
  /** ISO date-time. */
  expiresAt: string;
}

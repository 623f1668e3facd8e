import type { Account, Channel } from '../src/domain/accounts.js';
import type { AuditEntry } from '../src/domain/audit.js';
import type { Region } from '../src/domain/marketplaces.js';
import type {
  ChecklistOutcome,
  CreateRollbackOutcome,
  DecideRollbackOutcome,
  Rollback,
  SlackMessageRef,
} from '../src/domain/rollback.js';

export const SCHEMA_VERSION = 1;

/** Everything the bot keeps, as plain data; what a file backend writes as JSON. */
export interface StoreState {
  schemaVersion: number;
  accounts: Account[];
  channels: Channel[];
  audit: AuditEntry[];
  rollbacks: Rollback[];
}

export function emptyState(): StoreState {
  return { schemaVersion: SCHEMA_VERSION, accounts: [], channels: [], audit: [], rollbacks: [] };
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

  /** Adds or updates accounts and channels; an identical batch changes nothing and audits nothing. */
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

  // --- rollbacks ---
  getRollback(id: string): Promise<Rollback | undefined>;
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
    decision: { approve: boolean; reason?: string; approvers: readonly string[] },
    actor: Actor,
  ): Promise<DecideRollbackOutcome>;
  /** Expires every request still undecided at `now` past its expiry; returns those it expired. */
  expireDueRollbacks(now: Date): Promise<Rollback[]>;
  /** Ticks one checklist item of an approved rollback; the last one completes the rollback. */
  completeChecklistItem(id: string, itemId: string, actor: Actor): Promise<ChecklistOutcome>;
  /** Remembers where the rollback's Slack messages are, to update them and recognise clicks on them. */
  attachRollbackMessage(
    id: string,
    which: 'parent' | 'checklist',
    ref: SlackMessageRef,
    actor: Actor,
  ): Promise<Rollback | undefined>;
}

/** What a rollback request brings; the store adds the unit's channels, the checklist, who and when. */
export interface NewRollback {
  id: string;
  accountId: string;
  unit: { region: Region; sellerId: string };
  reason: string;
  /** ISO date-time. */
  since: string;
  /** ISO date-time. */
  expiresAt: string;
}

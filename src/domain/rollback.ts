import { createHash } from 'node:crypto';
import { addHours, subHours } from 'date-fns';
import type { Authorization, Channel } from './accounts.js';
import type { Region } from './marketplaces.js';

/**
 * A temporary rollback: a customer authorized the wrong Amazon account, so support puts the unit's
 * channels back on MWS, with a second person's approval, and walks the customer through recovery.
 */
export type RollbackState = 'requested' | 'approved' | 'denied' | 'expired' | 'completed';

/** Where a Slack message lives, so it can be updated in place and clicks on it recognised. */
/** Which of a rollback's messages is on record. */
export type RollbackMessageSlot = 'parent' | 'checklist' | 'note';

export interface SlackMessageRef {
  channel: string;
  ts: string;
}

export interface RollbackDecision {
  /** Slack user ID of the approver who decided. */
  by: string;
  /** ISO date-time. */
  at: string;
  /** Why it was denied. */
  reason?: string;
}

/** A channel's authorization as it was just before the rollback set it back to MWS. */
export interface PreviousAuthorization {
  channelId: string;
  authorization: Authorization;
  authorizedAt?: string;
  authorizedBy?: string;
}

export type ChecklistItemKind =
  | 'app-active'
  | 'merchant-token'
  | 'mws-token'
  | 'missed-orders'
  | 'inventory-sync'
  | 'ready-to-retry';

export interface ChecklistItem {
  /** Stable within its rollback: `app-active:<sellerId>`, `merchant-token:<channelId>`, `missed-orders`, ... */
  id: string;
  kind: ChecklistItemKind;
  sellerId?: string;
  channelId?: string;
  doneBy?: string;
  doneAt?: string;
}

export interface Rollback {
  /** Short and unguessable enough: `rb-` and 8 hex digits. */
  id: string;
  accountId: string;
  unit: { region: Region; sellerId: string };
  /** The unit's channels when the rollback was requested. */
  channelIds: string[];
  /** Slack user ID of the person who asked. */
  requester: string;
  reason: string;
  /** ISO date-time from which the connection is believed lost: the start of the missed-orders window. */
  since: string;
  requestedAt: string;
  expiresAt: string;
  state: RollbackState;
  decision?: RollbackDecision;
  /** Filled when the rollback is approved. */
  previous: PreviousAuthorization[];
  checklist: ChecklistItem[];
  /**
   * Where its messages are: the request (thread parent), the recovery checklist, and the note telling
   * the outcome (recorded so it is posted once, even when asked again while it is being posted).
   */
  messages: { parent?: SlackMessageRef; checklist?: SlackMessageRef; note?: SlackMessageRef };
  completedAt?: string;
}

export const DEFAULT_ROLLBACK_TTL_HOURS = 24;

/**
 * Amazon only hands over orders the connector missed if the connection is restored within this many
 * hours; anything older has to be entered by hand.
 */
export const ORDER_REDOWNLOAD_HOURS = 36;

/**
 * The earliest start a missed-orders window may have: SP-API reauthorizations began long after, so
 * an earlier date is a typing mistake (2002 for 2026), not the time a wrong account was authorized.
 */
export const EARLIEST_SINCE = '2020-01-01';

/** Why a window start cannot be right, or undefined when it can: before 2020, or after now. */
export function sinceProblem(
  since: Date,
  now: Date,
  earliest: Date,
):
  | { kind: 'since-too-early'; since: Date; earliest: Date }
  | { kind: 'since-future'; since: Date; now: Date }
  | undefined {
  if (since.getTime() < earliest.getTime()) return { kind: 'since-too-early', since, earliest };
  if (since.getTime() > now.getTime()) return { kind: 'since-future', since, now };
  return undefined;
}

export function isOpen(rollback: Pick<Rollback, 'state'>): boolean {
  return rollback.state === 'requested' || rollback.state === 'approved';
}

export function rollbackExpiry(requestedAt: Date, ttlHours: number): Date {
  return addHours(requestedAt, ttlHours);
}

/** A request nobody decided in time: it may no longer be approved. */
export function isPastExpiry(rollback: Pick<Rollback, 'state' | 'expiresAt'>, now: Date): boolean {
  return rollback.state === 'requested' && now.getTime() >= Date.parse(rollback.expiresAt);
}

export type DecisionRefusal =
  | { kind: 'no-approvers'; reason: string }
  | { kind: 'requester'; reason: string }
  | { kind: 'not-approver'; reason: string };

/**
 * Who may approve or deny: one of the configured approvers, and never the person who asked, so every
 * rollback has been seen by two people. Undefined when `userId` may decide.
 */
export function decisionRefusal(
  rollback: Pick<Rollback, 'requester'>,
  userId: string,
  approvers: readonly string[],
): DecisionRefusal | undefined {
  if (approvers.length === 0) {
    return {
      kind: 'no-approvers',
      reason: 'no rollback approvers are configured (REAUTH_APPROVERS), so nobody can decide',
    };
  }
  if (userId === rollback.requester) {
    return {
      kind: 'requester',
      reason: 'you asked for this rollback, and a rollback needs a second person to decide it',
    };
  }
  if (!approvers.includes(userId)) {
    return { kind: 'not-approver', reason: 'only the rollback approvers can decide' };
  }
  return undefined;
}

export type MissedOrdersWindow = { atRisk: false } | { atRisk: true; from: Date; until: Date };

/**
 * Orders placed while the connection is down are downloaded once it is back, but only if it comes
 * back within 36 hours of the order; so the orders placed from `since` until 36 hours before the
 * restore must be added by hand. A restore within 36 hours of `since` puts none at risk.
 */
export function missedOrdersWindow(since: Date, restoredAt: Date): MissedOrdersWindow {
  const until = subHours(restoredAt, ORDER_REDOWNLOAD_HOURS);
  if (until.getTime() <= since.getTime()) return { atRisk: false };
  return { atRisk: true, from: since, until };
}

/**
 * The recovery steps after a rollback, in the order the customer does them: each Seller ID's app is
 * active in Seller Central; each channel's Merchant Token and MWS Authorization Token are right;
 * missed orders added; inventory re-synced; ready to try the reauthorization again.
 */
export function checklistFor(channels: readonly Pick<Channel, 'id' | 'sellerId'>[]): ChecklistItem[] {
  const sellerIds = [...new Set(channels.map((c) => c.sellerId))];
  return [
    ...sellerIds.map(
      (sellerId): ChecklistItem => ({ id: `app-active:${sellerId}`, kind: 'app-active', sellerId }),
    ),
    ...channels.map(
      (c): ChecklistItem => ({ id: `merchant-token:${c.id}`, kind: 'merchant-token', channelId: c.id }),
    ),
    ...channels.map((c): ChecklistItem => ({ id: `mws-token:${c.id}`, kind: 'mws-token', channelId: c.id })),
    { id: 'missed-orders', kind: 'missed-orders' },
    { id: 'inventory-sync', kind: 'inventory-sync' },
    { id: 'ready-to-retry', kind: 'ready-to-retry' },
  ];
}

export function checklistComplete(items: readonly ChecklistItem[]): boolean {
  return items.length > 0 && items.every((i) => i.doneAt !== undefined);
}

/** When the unit was last recorded as authorized: the default start of the missed-orders window. */
export function lastAuthorizedAt(channels: readonly Pick<Channel, 'authorizedAt'>[]): string | undefined {
  let latest: string | undefined;
  for (const c of channels) {
    if (c.authorizedAt && (!latest || Date.parse(c.authorizedAt) > Date.parse(latest)))
      latest = c.authorizedAt;
  }
  return latest;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const MWS_AUTH_TOKEN_SHAPE = /^amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TokenCheck {
  /** The Merchant Token is the Seller ID under another name. */
  merchantToken: 'match' | 'mismatch';
  /** Compared by SHA-256, since only the hash of the channel's token is on record. */
  mwsAuthToken: 'match' | 'mismatch' | 'no-record';
  /** False when the pasted token is not `amzn.mws.` and a UUID: probably copied incompletely. */
  mwsAuthTokenLooksRight: boolean;
}

/**
 * Compares what the customer sees in Seller Central with the channel on record. The pasted values
 * are only compared here; nothing about them but the verdict leaves this function.
 */
export function checkTokens(
  channel: Pick<Channel, 'sellerId' | 'mwsAuthTokenSha256'>,
  pasted: { merchantToken: string; mwsAuthToken: string },
): TokenCheck {
  const merchantToken = pasted.merchantToken.trim().toUpperCase();
  const mwsAuthToken = pasted.mwsAuthToken.trim();
  const recorded = channel.mwsAuthTokenSha256?.trim().toLowerCase();
  return {
    merchantToken: merchantToken === channel.sellerId.trim().toUpperCase() ? 'match' : 'mismatch',
    mwsAuthToken: !recorded ? 'no-record' : sha256Hex(mwsAuthToken) === recorded ? 'match' : 'mismatch',
    mwsAuthTokenLooksRight: MWS_AUTH_TOKEN_SHAPE.test(mwsAuthToken),
  };
}

// Outcomes of the store's rollback changes: each is decided inside one write, so they are final.

export type CreateRollbackOutcome =
  /** `expired`: an earlier request for the unit found past its expiry and expired in the same change. */
  | { kind: 'created'; rollback: Rollback; expired: Rollback[] }
  | { kind: 'open-exists'; rollback: Rollback }
  | { kind: 'nothing-to-roll-back'; channels: Channel[] }
  | { kind: 'no-channels' };

export type DecideRollbackOutcome =
  | { kind: 'not-found' }
  | { kind: 'already-decided'; rollback: Rollback }
  /** `justExpired`: this click found it past its expiry and expired it. */
  | { kind: 'expired'; rollback: Rollback; justExpired: boolean }
  | { kind: 'refused'; rollback: Rollback; refusal: DecisionRefusal }
  | { kind: 'decided'; rollback: Rollback; channels: Channel[] };

export type ChecklistOutcome =
  | { kind: 'not-found' }
  | { kind: 'not-approved'; rollback: Rollback }
  | { kind: 'unknown-item'; rollback: Rollback }
  | { kind: 'already-done'; rollback: Rollback; item: ChecklistItem }
  | { kind: 'done'; rollback: Rollback; item: ChecklistItem; completed: boolean };

/**
 * The requests this user could decide now: still undecided, not past their expiry, and theirs to
 * decide (an approver, and not the requester). Oldest first.
 */
export function awaitingDecisionBy(
  rollbacks: readonly Rollback[],
  userId: string,
  approvers: readonly string[],
  now: Date,
): Rollback[] {
  return rollbacks
    .filter(
      (r) =>
        r.state === 'requested' &&
        !isPastExpiry(r, now) &&
        decisionRefusal(r, userId, approvers) === undefined,
    )
    .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
}

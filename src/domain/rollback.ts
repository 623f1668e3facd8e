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
  /**
   * ISO date-time the wrong account was authorized, as the requester said: the start of the
   * missed-orders window. Absent when they said they do not know.
   */
  since?: string;
  /** Who said when it started, and how; absent on requests recorded before the bot asked. */
  sinceSource?: WindowStartSource;
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
  /**
   * The bot had no record of the unit's reauthorization (the customer did it on their own); the
   * request recorded it, as reported, in the same write.
   */
  reauthorizationReported?: true;
  /**
   * The unit's channels as they were when the request was made: an approval of a unit that changed
   * since (reauthorized again with `/reauth done`) must be confirmed by someone who saw the change.
   * Absent on requests recorded before the bot kept it.
   */
  unitAtRequest?: PreviousAuthorization[];
}

/**
 * Where the start of the missed-orders window came from. Only the person asking knows when the
 * wrong account was authorized, so the bot never assumes it: they type `--since`, pick it in the
 * request form, or say they do not know.
 */
export type WindowStartSource =
  | { kind: 'command'; by: string }
  | { kind: 'form'; by: string }
  | { kind: 'unknown'; by: string };

/** What the person asking said about the start, before it is checked. */
export type SinceAnswer =
  | { kind: 'command'; text: string }
  | { kind: 'form'; at: Date }
  | { kind: 'unknown' };

export const DEFAULT_ROLLBACK_TTL_HOURS = 24;

/**
 * The help page's rule: orders missed while the wrong account was authorized and not downloaded
 * within this many hours must be added by hand.
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
 * Orders missed while the connection is down and not downloaded within 36 hours must be added by
 * hand (the help page); the connector downloads the others once orders flow again. So when they
 * flow again at `flowingAt`, the orders placed from `since` until 36 hours before that are the ones
 * to add; none if they flow again within 36 hours of `since`.
 */
export function missedOrdersWindow(since: Date, flowingAt: Date): MissedOrdersWindow {
  const until = subHours(flowingAt, ORDER_REDOWNLOAD_HOURS);
  if (until.getTime() <= since.getTime()) return { atRisk: false };
  return { atRisk: true, from: since, until };
}

/** Orders flowing again by this time means none need adding by hand. */
export function noneMissedIfFlowingBy(since: Date): Date {
  return addHours(since, ORDER_REDOWNLOAD_HOURS);
}

/**
 * The checklist's last item says everything is syncing to and from Amazon again: the end of the
 * outage, so of the missed-orders window. Undefined while it is not ticked.
 */
export function ordersFlowingAgainAt(rollback: Pick<Rollback, 'checklist'>): string | undefined {
  return rollback.checklist.find((i) => i.kind === 'ready-to-retry')?.doneAt;
}

/**
 * The recovery steps after a rollback, in the order the customer does them. The help page asks for
 * the Manage Your Apps and token checks "for all Amazon accounts you connect", so they cover every
 * Seller ID of the customer, the rolled-back unit's first: each Seller ID's app is active in Seller
 * Central; each of the unit's channels has the right Merchant Token and MWS Authorization Token, and
 * so does every channel of each other Seller ID (one item per Seller ID, so any customer's checklist
 * fits one message); then missed orders added, inventory re-synced, everything syncing.
 */
export function checklistFor(
  unitChannels: readonly Pick<Channel, 'id' | 'sellerId'>[],
  accountChannels: readonly Pick<Channel, 'id' | 'sellerId'>[] = unitChannels,
): ChecklistItem[] {
  const inUnit = new Set(unitChannels.map((c) => c.id));
  const sellerIds = [...new Set([...unitChannels, ...accountChannels].map((c) => c.sellerId))];
  const othersOf = (sellerId: string) =>
    accountChannels.some((c) => c.sellerId === sellerId && !inUnit.has(c.id));
  const tokenItems = (kind: 'merchant-token' | 'mws-token'): ChecklistItem[] => [
    ...unitChannels.map((c): ChecklistItem => ({ id: `${kind}:${c.id}`, kind, channelId: c.id })),
    ...sellerIds
      .filter(othersOf)
      .map((sellerId): ChecklistItem => ({ id: `${kind}:seller:${sellerId}`, kind, sellerId })),
  ];
  return [
    ...sellerIds.map(
      (sellerId): ChecklistItem => ({ id: `app-active:${sellerId}`, kind: 'app-active', sellerId }),
    ),
    ...tokenItems('merchant-token'),
    ...tokenItems('mws-token'),
    { id: 'missed-orders', kind: 'missed-orders' },
    { id: 'inventory-sync', kind: 'inventory-sync' },
    { id: 'ready-to-retry', kind: 'ready-to-retry' },
  ];
}

export function checklistComplete(items: readonly ChecklistItem[]): boolean {
  return items.length > 0 && items.every((i) => i.doneAt !== undefined);
}

/** A channel's authorization as the unit shows it, for comparing a unit then and now. */
export function authorizationOf(channel: Channel): PreviousAuthorization {
  return {
    channelId: channel.id,
    authorization: channel.authorization,
    ...(channel.authorizedAt ? { authorizedAt: channel.authorizedAt } : {}),
    ...(channel.authorizedBy ? { authorizedBy: channel.authorizedBy } : {}),
  };
}

/** One channel of a unit that is not as it was at the request; `now` absent when it is gone. */
export interface UnitChange {
  channelId: string;
  before: PreviousAuthorization;
  now?: PreviousAuthorization;
}

/** What changed in the unit since the request, channel by channel; empty when nothing did. */
export function unitChanges(before: readonly PreviousAuthorization[], now: readonly Channel[]): UnitChange[] {
  const changes: UnitChange[] = [];
  for (const then of before) {
    const channel = now.find((c) => c.id === then.channelId);
    const current = channel && authorizationOf(channel);
    const same =
      current &&
      current.authorization === then.authorization &&
      current.authorizedAt === then.authorizedAt &&
      current.authorizedBy === then.authorizedBy;
    if (!same)
      changes.push({ channelId: then.channelId, before: then, ...(current ? { now: current } : {}) });
  }
  return changes;
}

/**
 * A short name for the unit's state now, carried by "Approve anyway": it approves only the state
 * its presser was shown, so a further change asks again.
 */
export function unitFingerprint(now: readonly Channel[]): string {
  return sha256Hex(JSON.stringify(now.map(authorizationOf))).slice(0, 16);
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
  | { kind: 'no-channels' };

export type DecideRollbackOutcome =
  | { kind: 'not-found' }
  | { kind: 'already-decided'; rollback: Rollback }
  /** `justExpired`: this click found it past its expiry and expired it. */
  | { kind: 'expired'; rollback: Rollback; justExpired: boolean }
  | { kind: 'refused'; rollback: Rollback; refusal: DecisionRefusal }
  /** Approving was asked for, but the unit changed since the request: shown, and asked again. */
  | { kind: 'unit-changed'; rollback: Rollback; changes: UnitChange[]; fingerprint: string }
  | { kind: 'decided'; rollback: Rollback; channels: Channel[] };

export type ChecklistOutcome =
  | { kind: 'not-found' }
  | { kind: 'not-approved'; rollback: Rollback }
  | { kind: 'unknown-item'; rollback: Rollback }
  | { kind: 'already-done'; rollback: Rollback; item: ChecklistItem }
  | { kind: 'done'; rollback: Rollback; item: ChecklistItem; completed: boolean };

export type UntickOutcome =
  | { kind: 'not-found' }
  | { kind: 'not-approved'; rollback: Rollback }
  | { kind: 'unknown-item'; rollback: Rollback }
  /** Not ticked (any more): someone unticked it first. */
  | { kind: 'not-done'; rollback: Rollback; item: ChecklistItem }
  /** The checklist is complete, so the rollback is over: nothing on it changes any more. */
  | { kind: 'completed'; rollback: Rollback }
  | { kind: 'not-yours'; rollback: Rollback; item: ChecklistItem }
  | { kind: 'unticked'; rollback: Rollback; item: ChecklistItem };

/** A ticked item may be unticked by whoever ticked it, or by an approver. */
export function mayUntick(item: ChecklistItem, userId: string, approvers: readonly string[]): boolean {
  return item.doneBy === userId || approvers.includes(userId);
}

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

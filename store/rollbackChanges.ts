import { type Channel, regionOf } from '../src/domain/accounts.js';
import type { AuditEntry } from '../src/domain/audit.js';
import {
  authorizationOf,
  type ChecklistOutcome,
  type CreateRollbackOutcome,
  checklistComplete,
  checklistFor,
  type DecideRollbackOutcome,
  decisionRefusal,
  isOpen,
  isPastExpiry,
  mayUntick,
  type Rollback,
  type RollbackMessageSlot,
  type SlackMessageRef,
  type UntickOutcome,
  unitChanges,
  unitFingerprint,
} from '../src/domain/rollback.js';
import type { Actor, NewRollback, StoreState } from './store.js';

/*
 * The rollback changes, each run by LowStore inside ONE synchronous write over the live data: the
 * check and the change cannot be interleaved with another write, which is what makes "one open
 * request per unit" and "exactly one decision" hold under concurrent clicks.
 */

type Audit = (entry: AuditEntry) => void;

/** A reauthorization the bot had no record of, recorded as the requester reported it. */
export const REAUTHORIZATION_REPORTED = 'rollback.reauthorization-reported';

export function copyRollback(rollback: Rollback): Rollback {
  return structuredClone(rollback);
}

function target(rollback: Rollback): string {
  return `rollback:${rollback.id}`;
}

function unitLabel(rollback: Rollback): string {
  return `${rollback.unit.region} ${rollback.unit.sellerId}`;
}

export function createRollback(
  data: StoreState,
  accountChannels: readonly Channel[],
  request: NewRollback,
  actor: Actor,
  audit: Audit,
): CreateRollbackOutcome {
  if (data.rollbacks.some((r) => r.id === request.id)) {
    throw new Error(`A rollback with id ${request.id} already exists`);
  }
  const channels = accountChannels.filter(
    (c) => c.sellerId === request.unit.sellerId && regionOf(c) === request.unit.region,
  );
  if (channels.length === 0) return { kind: 'no-channels' };

  const sameUnit = data.rollbacks.filter(
    (r) =>
      r.accountId === request.accountId &&
      r.unit.region === request.unit.region &&
      r.unit.sellerId === request.unit.sellerId &&
      isOpen(r),
  );
  const expired: Rollback[] = [];
  for (const open of sameUnit) {
    if (isPastExpiry(open, actor.at)) {
      expire(open, actor.at, audit);
      expired.push(copyRollback(open));
    } else {
      return { kind: 'open-exists', rollback: copyRollback(open) };
    }
  }
  // The customer reauthorized (the wrong account) without the bot being told, as the help page
  // lets them: recorded now, in this same write, so the rollback has something to undo.
  const unrecorded = channels.every((c) => c.authorization === 'MWS');
  if (unrecorded) {
    for (const c of channels) {
      c.authorization = 'MWS/SP-API';
      c.authorizedBy = actor.id;
      if (request.since) c.authorizedAt = request.since;
      else delete c.authorizedAt;
    }
    audit({
      at: actor.at.toISOString(),
      actor: actor.id,
      action: REAUTHORIZATION_REPORTED,
      target: `unit:${request.accountId}:${request.unit.region}:${request.unit.sellerId}`,
      accountId: request.accountId,
      details: {
        unit: `${request.unit.region} ${request.unit.sellerId}`,
        channels: channels.map((c) => c.id),
        since: request.since ?? 'unknown',
        rollback: request.id,
      },
    });
  }

  const rollback: Rollback = {
    id: request.id,
    accountId: request.accountId,
    unit: { ...request.unit },
    channelIds: channels.map((c) => c.id),
    requester: actor.id,
    reason: request.reason,
    ...(request.since !== undefined ? { since: request.since } : {}),
    ...(request.sinceSource ? { sinceSource: { ...request.sinceSource } } : {}),
    requestedAt: actor.at.toISOString(),
    expiresAt: request.expiresAt,
    state: 'requested',
    previous: [],
    checklist: checklistFor(channels, accountChannels),
    messages: {},
    ...(unrecorded ? { reauthorizationReported: true } : {}),
    unitAtRequest: channels.map(authorizationOf),
  };
  data.rollbacks.push(rollback);
  audit({
    at: rollback.requestedAt,
    actor: actor.id,
    action: 'rollback.requested',
    target: target(rollback),
    accountId: rollback.accountId,
    details: {
      unit: unitLabel(rollback),
      channels: rollback.channelIds,
      reason: rollback.reason,
      since: rollback.since ?? 'unknown',
      sinceFrom: `${rollback.sinceSource?.kind ?? 'default'} by ${rollback.sinceSource?.by ?? 'nobody'}`,
      expiresAt: rollback.expiresAt,
    },
  });
  return { kind: 'created', rollback: copyRollback(rollback), expired };
}

export function decideRollback(
  data: StoreState,
  accountChannels: readonly Channel[],
  id: string,
  decision: { approve: boolean; reason?: string; approvers: readonly string[]; seenUnit?: string },
  actor: Actor,
  audit: Audit,
): DecideRollbackOutcome {
  const rollback = data.rollbacks.find((r) => r.id === id);
  if (!rollback) return { kind: 'not-found' };
  if (rollback.state === 'expired')
    return { kind: 'expired', rollback: copyRollback(rollback), justExpired: false };
  if (rollback.state !== 'requested') return { kind: 'already-decided', rollback: copyRollback(rollback) };
  if (isPastExpiry(rollback, actor.at)) {
    expire(rollback, actor.at, audit);
    return { kind: 'expired', rollback: copyRollback(rollback), justExpired: true };
  }
  const refusal = decisionRefusal(rollback, actor.id, decision.approvers);
  if (refusal) return { kind: 'refused', rollback: copyRollback(rollback), refusal };

  if (decision.approve && rollback.unitAtRequest) {
    // Reauthorized again since the request: approving would undo that, so only on a second look.
    const current = accountChannels.filter((c) => rollback.channelIds.includes(c.id));
    const changes = unitChanges(rollback.unitAtRequest, current);
    const fingerprint = unitFingerprint(current);
    if (changes.length > 0 && decision.seenUnit !== fingerprint)
      return { kind: 'unit-changed', rollback: copyRollback(rollback), changes, fingerprint };
  }

  const at = actor.at.toISOString();
  const reason = decision.reason?.trim();
  rollback.decision = { by: actor.id, at, ...(reason ? { reason } : {}) };
  if (!decision.approve) {
    rollback.state = 'denied';
    audit({
      at,
      actor: actor.id,
      action: 'rollback.denied',
      target: target(rollback),
      accountId: rollback.accountId,
      details: { unit: unitLabel(rollback), reason: reason ?? '' },
    });
    return { kind: 'decided', rollback: copyRollback(rollback), channels: [] };
  }

  rollback.state = 'approved';
  const channels = accountChannels.filter((c) => rollback.channelIds.includes(c.id));
  rollback.previous = channels.map((c) => ({
    channelId: c.id,
    authorization: c.authorization,
    ...(c.authorizedAt ? { authorizedAt: c.authorizedAt } : {}),
    ...(c.authorizedBy ? { authorizedBy: c.authorizedBy } : {}),
  }));
  for (const c of channels) {
    // The approver's decision is what restored the MWS authorization, so it is the latest one.
    c.authorization = 'MWS';
    c.authorizedAt = at;
    c.authorizedBy = actor.id;
    c.stateSource = 'slack';
    c.stateAt = at;
  }
  audit({
    at,
    actor: actor.id,
    action: 'rollback.approved',
    target: target(rollback),
    accountId: rollback.accountId,
    details: {
      unit: unitLabel(rollback),
      channels: channels.map((c) => c.id),
      previous: rollback.previous.map((p) => `${p.channelId}: ${p.authorization}`),
    },
  });
  return { kind: 'decided', rollback: copyRollback(rollback), channels: channels.map((c) => ({ ...c })) };
}

export function expireDue(data: StoreState, now: Date, audit: Audit): Rollback[] {
  const due = data.rollbacks.filter((r) => isPastExpiry(r, now));
  for (const r of due) expire(r, now, audit);
  return due.map(copyRollback);
}

function expire(rollback: Rollback, now: Date, audit: Audit): void {
  rollback.state = 'expired';
  audit({
    at: now.toISOString(),
    actor: 'system',
    action: 'rollback.expired',
    target: target(rollback),
    accountId: rollback.accountId,
    details: { unit: unitLabel(rollback), expiresAt: rollback.expiresAt },
  });
}

export function completeChecklistItem(
  data: StoreState,
  id: string,
  itemId: string,
  actor: Actor,
  audit: Audit,
): ChecklistOutcome {
  const rollback = data.rollbacks.find((r) => r.id === id);
  if (!rollback) return { kind: 'not-found' };
  if (rollback.state !== 'approved' && rollback.state !== 'completed') {
    return { kind: 'not-approved', rollback: copyRollback(rollback) };
  }
  const item = rollback.checklist.find((i) => i.id === itemId);
  if (!item) return { kind: 'unknown-item', rollback: copyRollback(rollback) };
  if (item.doneAt) return { kind: 'already-done', rollback: copyRollback(rollback), item: { ...item } };

  const at = actor.at.toISOString();
  item.doneBy = actor.id;
  item.doneAt = at;
  audit({
    at,
    actor: actor.id,
    action: 'rollback.checklist.done',
    target: target(rollback),
    accountId: rollback.accountId,
    details: { item: item.id },
  });
  const completed = checklistComplete(rollback.checklist);
  if (completed) {
    rollback.state = 'completed';
    rollback.completedAt = at;
    audit({
      at,
      actor: actor.id,
      action: 'rollback.completed',
      target: target(rollback),
      accountId: rollback.accountId,
      details: { unit: unitLabel(rollback) },
    });
  }
  return { kind: 'done', rollback: copyRollback(rollback), item: { ...item }, completed };
}

export function untickChecklistItem(
  data: StoreState,
  id: string,
  itemId: string,
  actor: Actor,
  approvers: readonly string[],
  audit: Audit,
): UntickOutcome {
  const rollback = data.rollbacks.find((r) => r.id === id);
  if (!rollback) return { kind: 'not-found' };
  if (rollback.state === 'completed') return { kind: 'completed', rollback: copyRollback(rollback) };
  if (rollback.state !== 'approved') return { kind: 'not-approved', rollback: copyRollback(rollback) };
  const item = rollback.checklist.find((i) => i.id === itemId);
  if (!item) return { kind: 'unknown-item', rollback: copyRollback(rollback) };
  if (!item.doneAt) return { kind: 'not-done', rollback: copyRollback(rollback), item: { ...item } };
  if (!mayUntick(item, actor.id, approvers))
    return { kind: 'not-yours', rollback: copyRollback(rollback), item: { ...item } };
  const was = { doneBy: item.doneBy, doneAt: item.doneAt };
  delete item.doneBy;
  delete item.doneAt;
  audit({
    at: actor.at.toISOString(),
    actor: actor.id,
    action: 'rollback.checklist.undone',
    target: target(rollback),
    accountId: rollback.accountId,
    details: { item: item.id, ...(was.doneBy ? { tickedBy: was.doneBy } : {}), tickedAt: was.doneAt },
  });
  return { kind: 'unticked', rollback: copyRollback(rollback), item: { ...item } };
}

export function attachMessage(
  data: StoreState,
  id: string,
  which: RollbackMessageSlot,
  ref: SlackMessageRef,
  actor: Actor,
  audit: Audit,
): Rollback | undefined {
  const rollback = data.rollbacks.find((r) => r.id === id);
  if (!rollback) return undefined;
  rollback.messages[which] = { channel: ref.channel, ts: ref.ts };
  audit({
    at: actor.at.toISOString(),
    actor: actor.id,
    action: 'rollback.message',
    target: target(rollback),
    accountId: rollback.accountId,
    details: { which, channel: ref.channel, ts: ref.ts },
  });
  return copyRollback(rollback);
}

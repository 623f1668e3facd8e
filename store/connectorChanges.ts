import type { Account, Channel } from '../src/domain/accounts.js';
import type { AuditEntry } from '../src/domain/audit.js';
import {
  type AccountClosedEvent,
  type AccountUpsertedEvent,
  type BatchOutcome,
  type ChannelRemovedEvent,
  type ChannelStateEvent,
  type ConnectorEvent,
  type ConnectorProblem,
  isOtherSeller,
  orderingKey,
  type PlannedEvent,
  planBatch,
  type UnconfirmedSeller,
} from '../src/domain/connectorEvents.js';
import {
  type Actor,
  type ConfirmSellerOutcome,
  ConnectorBatchRejectedError,
  type StoreState,
} from './store.js';

/*
 * A connector batch, run by LowStore inside ONE synchronous write over the live data: planned
 * (src/domain/connectorEvents.ts), checked whole, then applied; any problem throws before the write
 * is persisted, so a batch is never half applied.
 */

type Audit = (entry: AuditEntry) => void;

/**
 * How many processed event ids are remembered. Past the limit the oldest are forgotten down to
 * REMEMBERED_AFTER_TRIM in one go (one rewrite of the list per 10,000 events, not one per batch).
 * A forgotten id sent again is still harmless: its event is no newer than the state it produced,
 * so the ordering rule counts it superseded (or, at the very same time, applies the same state again).
 */
export const MAX_REMEMBERED_EVENT_IDS = 100_000;
export const REMEMBERED_AFTER_TRIM = 90_000;

export const CONNECTOR_ACTOR = 'connector';

export function applyConnectorEvents(
  data: StoreState,
  events: readonly ConnectorEvent[],
  actor: Actor,
  audit: Audit,
): BatchOutcome {
  const processed = new Set(data.connectorEvents.map((e) => e.id));
  const accounts = new Map(data.accounts.map((a) => [a.id, a]));
  const channels = new Map(data.channels.map((c) => [c.id, c]));
  const removed = new Map(data.removedChannels.map((r) => [r.id, r]));
  const plan = planBatch(events, {
    processed: (id) => processed.has(id),
    stateAt: (key) => {
      const [kind, id] = splitKey(key);
      if (kind === 'account') return accounts.get(id)?.stateAt;
      return latest(channels.get(id)?.stateAt, removed.get(id)?.at);
    },
  });

  const problems: ConnectorProblem[] = [];
  const now = actor.at.toISOString();
  const result: BatchOutcome = { applied: 0, duplicates: 0, superseded: 0, unconfirmed: [] };
  const entry = (planned: PlannedEvent, action: string, details: AuditEntry['details']) =>
    audit({
      at: now,
      actor: CONNECTOR_ACTOR,
      action,
      target: orderingKey(planned.event),
      accountId: planned.event.accountId,
      details: {
        event: planned.event.id,
        type: planned.event.type,
        occurredAt: planned.event.occurredAt,
        ...details,
      },
    });

  for (const planned of plan) {
    const { event } = planned;
    if (planned.outcome === 'duplicate') {
      result.duplicates++;
      continue;
    }
    data.connectorEvents.push({ id: event.id, at: now });
    if (planned.outcome === 'superseded') {
      result.superseded++;
      entry(planned, 'connector event superseded', { reason: 'older than the state on record' });
      continue;
    }
    result.applied++;
    const live = { data, accounts, channels, removed, unconfirmed: result.unconfirmed };
    const changes = applyOne(event, planned.index, live, problems);
    entry(planned, `connector ${event.type}`, { changes: changes.length > 0 ? changes : ['no change'] });
  }
  if (problems.length > 0) throw new ConnectorBatchRejectedError(problems.sort((a, b) => a.index - b.index));

  data.channels = data.channels.filter((c) => channels.get(c.id) === c);
  data.removedChannels = [...removed.values()];
  if (data.connectorEvents.length > MAX_REMEMBERED_EVENT_IDS)
    data.connectorEvents = data.connectorEvents.slice(-REMEMBERED_AFTER_TRIM);
  return result;
}

interface Live {
  data: StoreState;
  accounts: Map<string, Account>;
  channels: Map<string, Channel>;
  removed: Map<string, { id: string; accountId: string; at: string }>;
  /** Seller IDs newly held back in this batch, for the alert. */
  unconfirmed: UnconfirmedSeller[];
}

function applyOne(event: ConnectorEvent, index: number, live: Live, problems: ConnectorProblem[]): string[] {
  switch (event.type) {
    case 'account.upserted':
      return upsertAccount(event, live);
    case 'account.closed':
      return closeAccount(event, live);
    case 'channel.removed':
      return removeChannel(event, index, live, problems);
    default:
      return upsertChannel(event, index, live, problems);
  }
}

function upsertAccount(event: AccountUpsertedEvent, live: Live): string[] {
  const existing = live.accounts.get(event.accountId);
  if (!existing) {
    const account: Account = { id: event.accountId, name: event.name, stateAt: event.occurredAt };
    if (event.accountManager) account.accountManager = event.accountManager;
    if (event.slackChannel) account.slackChannel = event.slackChannel;
    live.data.accounts.push(account);
    live.accounts.set(account.id, account);
    return ['account added'];
  }
  const changes: string[] = [];
  if (existing.name !== event.name) changes.push(`name "${existing.name}" -> "${event.name}"`);
  existing.name = event.name;
  for (const field of ['accountManager', 'slackChannel'] as const) {
    const value = event[field];
    if (existing[field] !== value)
      changes.push(`${field} ${existing[field] ?? 'none'} -> ${value ?? 'none'}`);
    if (value) existing[field] = value;
    else delete existing[field];
  }
  if (existing.closedAt) {
    changes.push('reopened');
    delete existing.closedAt;
  }
  existing.stateAt = event.occurredAt;
  return changes;
}

function closeAccount(event: AccountClosedEvent, live: Live): string[] {
  const existing = live.accounts.get(event.accountId);
  if (!existing) return ['account not on record'];
  existing.stateAt = event.occurredAt;
  if (existing.closedAt) return [];
  existing.closedAt = event.occurredAt;
  return ['account closed'];
}

function removeChannel(
  event: ChannelRemovedEvent,
  index: number,
  live: Live,
  problems: ConnectorProblem[],
): string[] {
  const existing = live.channels.get(event.channelId);
  if (existing && existing.accountId !== event.accountId) {
    problems.push(movedProblem(index, existing));
    return [];
  }
  live.removed.set(event.channelId, {
    id: event.channelId,
    accountId: event.accountId,
    at: event.occurredAt,
  });
  if (!existing) return ['channel not on record'];
  live.channels.delete(event.channelId);
  return [`channel ${existing.marketplace} ${existing.sellerId} ${existing.authorization} removed`];
}

function upsertChannel(
  event: ChannelStateEvent,
  index: number,
  live: Live,
  problems: ConnectorProblem[],
): string[] {
  const existing = live.channels.get(event.channelId);
  if (existing && existing.accountId !== event.accountId) {
    problems.push(movedProblem(index, existing));
    return [];
  }
  if (!live.accounts.has(event.accountId)) {
    problems.push({
      index,
      field: 'accountId',
      message: `account "${event.accountId}" is not on record: send an account.upserted event for it first (in this batch or an earlier one)`,
    });
    return [];
  }
  live.removed.delete(event.channelId);
  const channel: Channel = existing ?? {
    id: event.channelId,
    accountId: event.accountId,
    marketplace: event.marketplace,
    sellerId: event.sellerId,
    authorization: event.authorization,
  };
  const changes: string[] = existing ? [] : ['channel added'];
  if (existing && isOtherSeller(existing, event)) {
    holdBack(existing, event, live, changes);
  } else {
    for (const field of ['marketplace', 'sellerId'] as const) {
      if (channel[field] !== event[field]) changes.push(`${field} ${channel[field]} -> ${event[field]}`);
    }
    channel.marketplace = event.marketplace;
    channel.sellerId = event.sellerId;
    if (channel.unconfirmedSellerId) {
      changes.push(
        `unconfirmed Seller ID ${channel.unconfirmedSellerId} dropped: the one on record was reported again`,
      );
      clearUnconfirmed(channel);
    }
  }
  if (channel.authorization !== event.authorization)
    changes.push(`authorization ${channel.authorization} -> ${event.authorization}`);
  if (event.authorization === 'MWS/SP-API' && (channel.authorization !== 'MWS/SP-API' || !existing)) {
    channel.authorizedAt = event.occurredAt;
    channel.authorizedBy = CONNECTOR_ACTOR;
  }
  channel.authorization = event.authorization;
  channel.stateSource = 'connector';
  channel.stateAt = event.occurredAt;
  if (!existing) {
    live.data.channels.push(channel);
    live.channels.set(channel.id, channel);
  }
  return changes;
}

/**
 * Another Seller ID (or region) for a channel on record is not taken silently: the record keeps its
 * Seller ID, the reported one is held as unconfirmed, and a person is alerted (once per reported value).
 */
function holdBack(channel: Channel, event: ChannelStateEvent, live: Live, changes: string[]): void {
  const already =
    channel.unconfirmedSellerId === event.sellerId && channel.unconfirmedMarketplace === event.marketplace;
  channel.unconfirmedSellerId = event.sellerId;
  channel.unconfirmedMarketplace = event.marketplace;
  channel.unconfirmedAt = event.occurredAt;
  changes.push(
    `unconfirmed Seller ID ${event.sellerId} (${event.marketplace}) reported; ${channel.sellerId} (${channel.marketplace}) kept on record`,
  );
  if (already) return;
  live.unconfirmed.push({
    accountId: channel.accountId,
    channelId: channel.id,
    marketplace: channel.marketplace,
    sellerId: channel.sellerId,
    reportedMarketplace: event.marketplace,
    reportedSellerId: event.sellerId,
    authorization: event.authorization,
    eventId: event.id,
    occurredAt: event.occurredAt,
  });
}

export function clearUnconfirmed(channel: Channel): void {
  delete channel.unconfirmedSellerId;
  delete channel.unconfirmedMarketplace;
  delete channel.unconfirmedAt;
}

function movedProblem(index: number, existing: Channel): ConnectorProblem {
  return {
    index,
    field: 'accountId',
    message: `channel "${existing.id}" belongs to account "${existing.accountId}"; a channel cannot move to another account`,
  };
}

function splitKey(key: string): [string, string] {
  const at = key.indexOf(':');
  return [key.slice(0, at), key.slice(at + 1)];
}

function latest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

export function confirmSellerId(
  data: StoreState,
  channelId: string,
  actor: Actor,
  audit: Audit,
): ConfirmSellerOutcome {
  const channel = data.channels.find((c) => c.id === channelId);
  if (!channel) return { kind: 'no-channel' };
  const reported = channel.unconfirmedSellerId;
  if (!reported) return { kind: 'nothing-unconfirmed', channel: { ...channel } };
  const previousSellerId = channel.sellerId;
  const previousMarketplace = channel.marketplace;
  const at = actor.at.toISOString();
  channel.sellerId = reported;
  channel.marketplace = channel.unconfirmedMarketplace ?? channel.marketplace;
  clearUnconfirmed(channel);
  channel.stateSource = 'slack';
  channel.stateAt = at;
  audit({
    at,
    actor: actor.id,
    action: 'seller-id.confirmed',
    target: `channel:${channel.id}`,
    accountId: channel.accountId,
    details: {
      from: `${previousSellerId} (${previousMarketplace})`,
      to: `${channel.sellerId} (${channel.marketplace})`,
    },
  });
  return { kind: 'confirmed', channel: { ...channel }, previousSellerId };
}

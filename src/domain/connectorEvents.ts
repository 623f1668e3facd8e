import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import type { Authorization } from './accounts.js';
import { findMarketplace } from './marketplaces.js';

/*
 * The connector's events (docs/connector-openapi.yaml is their one definition: its schemas are
 * compiled here, so the contract and the check cannot drift apart) and the rules for applying a
 * batch: oldest first per channel or account, a repeated id is a duplicate, an event older than the
 * state on record is superseded.
 */

interface EventBase {
  /** Idempotency key. */
  id: string;
  /** ISO 8601 with an offset. */
  occurredAt: string;
  accountId: string;
}

export interface ChannelStateEvent extends EventBase {
  type: 'channel.authorization_changed' | 'channel.upserted';
  channelId: string;
  /** Canonical code once checked (`UK`, never `GB` or a marketplace ID). */
  marketplace: string;
  sellerId: string;
  authorization: Authorization;
}

export interface ChannelRemovedEvent extends EventBase {
  type: 'channel.removed';
  channelId: string;
}

export interface AccountUpsertedEvent extends EventBase {
  type: 'account.upserted';
  name: string;
  accountManager?: string;
  slackChannel?: string;
}

export interface AccountClosedEvent extends EventBase {
  type: 'account.closed';
}

export type ConnectorEvent =
  | ChannelStateEvent
  | ChannelRemovedEvent
  | AccountUpsertedEvent
  | AccountClosedEvent;
export type ChannelEvent = ChannelStateEvent | ChannelRemovedEvent;

export const MAX_EVENTS_PER_BATCH = 1000;

/** One thing wrong with a batch: which event (-1: the body as a whole), which field, and why. */
export interface ConnectorProblem {
  index: number;
  field: string;
  message: string;
}

export type BatchCheck = { ok: true; events: ConnectorEvent[] } | { ok: false; errors: ConnectorProblem[] };

/** The part of an OpenAPI document the checker reads. */
export interface OpenApiDocument {
  components: { schemas: Record<string, unknown> };
}

const DOCUMENT_ID = 'reauth-connector-openapi';
const EVENT_TYPES = [
  'channel.authorization_changed',
  'channel.upserted',
  'channel.removed',
  'account.upserted',
  'account.closed',
];

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = ((addFormatsPlugin as { default?: unknown }).default ?? addFormatsPlugin) as unknown as (
  ajv: Ajv2020,
) => Ajv2020;

/**
 * Compiles the batch schema of `document` once; the returned function checks a parsed body and
 * returns every problem (never just the first), or the events with marketplaces made canonical.
 */
export function connectorBatchChecker(document: OpenApiDocument): (body: unknown) => BatchCheck {
  const ajv = new Ajv2020({ allErrors: true, discriminator: true, strict: true });
  addFormats(ajv);
  // OpenAPI's own words beside JSON Schema: known, and meaning nothing to validation.
  ajv.addVocabulary(['components', 'example', 'externalDocs', 'xml']);
  ajv.addSchema({ $id: DOCUMENT_ID, components: document.components });
  const validate = ajv.getSchema(`${DOCUMENT_ID}#/components/schemas/EventBatch`);
  if (!validate) throw new Error('The connector OpenAPI document has no EventBatch schema');

  return (body) => {
    const valid = validate(body);
    const errors = valid ? [] : problemsOf(validate.errors ?? []);
    const raw = (body as { events?: unknown } | null)?.events;
    const events = Array.isArray(raw) ? raw.map((e) => (isRecord(e) ? { ...e } : e)) : [];
    events.forEach((event, index) => {
      // Checked even when the schema failed, so one answer names every problem.
      if (!isRecord(event) || typeof event.marketplace !== 'string') return;
      if (event.type !== 'channel.authorization_changed' && event.type !== 'channel.upserted') return;
      const marketplace = findMarketplace(event.marketplace);
      if (marketplace) event.marketplace = marketplace.code;
      else
        errors.push({
          index,
          field: 'marketplace',
          message: `"${event.marketplace}" is not an Amazon marketplace code or ID (such as UK, DE or US)`,
        });
    });
    if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.index - b.index) };
    return { ok: true, events: events as ConnectorEvent[] };
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const FIELD_HINTS: Record<string, string> = {
  occurredAt: 'must be an ISO 8601 date-time with an offset, such as 2026-11-28T12:00:00Z',
  accountId: "must be the connector's account ID: lowercase letters, digits and dashes",
  sellerId: 'must be a Seller ID: letters and digits only',
  authorization: 'must be MWS, MWS/SP-API or none',
  accountManager: 'must be a Slack user ID such as U0123ABCD',
  slackChannel: 'must be a Slack channel ID such as C0123ABCD',
  id: 'must be a string of 1 to 200 characters',
};

/** ajv's errors as {index, field, message}, one per field (a bad date breaks its pattern and its format). */
function problemsOf(errors: readonly ErrorObject[]): ConnectorProblem[] {
  const out: ConnectorProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const problem = problemOf(error);
    const key = `${problem.index}:${problem.field}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return out;
}

function problemOf(error: ErrorObject): ConnectorProblem {
  const path = error.instancePath.split('/').slice(1);
  if (path[0] !== 'events') {
    if (error.keyword === 'required')
      return { index: -1, field: 'events', message: 'is missing: the body must be {"events": [...]}' };
    if (error.keyword === 'additionalProperties')
      return {
        index: -1,
        field: String(error.params.additionalProperty),
        message: 'is not allowed: the body has only "events"',
      };
    return { index: -1, field: 'body', message: 'must be a JSON object: {"events": [...]}' };
  }
  if (path.length === 1) {
    const message =
      error.keyword === 'minItems' || error.keyword === 'maxItems'
        ? `must hold 1 to ${MAX_EVENTS_PER_BATCH} events`
        : 'must be a list of events';
    return { index: -1, field: 'events', message };
  }
  const index = Number(path[1]);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { index, field: String(params.missingProperty), message: 'is missing' };
    case 'additionalProperties':
      return {
        index,
        field: String(params.additionalProperty),
        message: 'is not a field of this event type',
      };
    case 'discriminator':
      return { index, field: 'type', message: `must be one of ${EVENT_TYPES.join(', ')}` };
  }
  if (path.length === 2) return { index, field: 'event', message: 'must be a JSON object' };
  const field = path.slice(2).join('.');
  return { index, field, message: FIELD_HINTS[field] ?? (error.message as string) };
}

// --- ordering ---

export type EventOutcome = 'apply' | 'duplicate' | 'superseded';

export interface PlannedEvent {
  /** Position in the batch as sent. */
  index: number;
  event: ConnectorEvent;
  outcome: EventOutcome;
}

export function isChannelEvent(event: ConnectorEvent): event is ChannelEvent {
  return event.type.startsWith('channel.');
}

/** What an event's ordering is kept per: its channel, or its account for account events. */
export function orderingKey(event: ConnectorEvent): string {
  return isChannelEvent(event) ? `channel:${event.channelId}` : `account:${event.accountId}`;
}

export interface KnownState {
  /** True for an event id already processed. */
  processed(id: string): boolean;
  /** When the state on record for an ordering key was true (ISO), if known. */
  stateAt(key: string): string | undefined;
}

/**
 * The order to apply a batch in and what becomes of each event: account events first (a channel
 * event may name an account upserted in the same batch), each group oldest first (ties in the order
 * sent); an id seen before, or earlier in the batch, is a duplicate; an event older than the state
 * held for its channel or account (on record, or from an event applied just before) is superseded.
 */
export function planBatch(events: readonly ConnectorEvent[], known: KnownState): PlannedEvent[] {
  const order = events
    .map((event, index) => ({ event, index, at: Date.parse(event.occurredAt) }))
    .sort(
      (a, b) =>
        Number(isChannelEvent(a.event)) - Number(isChannelEvent(b.event)) || a.at - b.at || a.index - b.index,
    );
  const ids = new Set<string>();
  const latest = new Map<string, number>();
  const plan: PlannedEvent[] = [];
  for (const { event, index, at } of order) {
    if (ids.has(event.id) || known.processed(event.id)) {
      plan.push({ index, event, outcome: 'duplicate' });
      continue;
    }
    ids.add(event.id);
    const key = orderingKey(event);
    const onRecord = known.stateAt(key);
    const current = latest.get(key) ?? (onRecord === undefined ? undefined : Date.parse(onRecord));
    if (current !== undefined && at < current) {
      plan.push({ index, event, outcome: 'superseded' });
      continue;
    }
    latest.set(key, at);
    plan.push({ index, event, outcome: 'apply' });
  }
  return plan;
}

export interface BatchResult {
  applied: number;
  duplicates: number;
  superseded: number;
}

/** A channel for which the connector reported another Seller ID (or a region that does not match). */
export interface UnconfirmedSeller {
  accountId: string;
  channelId: string;
  /** On record. */
  marketplace: string;
  sellerId: string;
  /** Reported. */
  reportedMarketplace: string;
  reportedSellerId: string;
  authorization: Authorization;
  eventId: string;
  occurredAt: string;
}

/** What a batch did: the counts the connector is answered, and the Seller IDs held back for a person. */
export interface BatchOutcome extends BatchResult {
  unconfirmed: UnconfirmedSeller[];
}

/**
 * True when an authorization for `reported` (marketplace, Seller ID) is not plainly the channel on
 * record: another Seller ID, or a marketplace in another region (one Seller ID never spans regions'
 * records here). A marketplace change within the region is taken as it comes.
 */
export function isOtherSeller(
  onRecord: { marketplace: string; sellerId: string },
  reported: { marketplace: string; sellerId: string },
): boolean {
  if (onRecord.sellerId !== reported.sellerId) return true;
  const before = findMarketplace(onRecord.marketplace)?.region;
  const after = findMarketplace(reported.marketplace)?.region;
  return before !== undefined && after !== undefined && before !== after;
}

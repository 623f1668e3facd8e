import { describe, expect, it } from 'vitest';
import { loadConnectorOpenApi } from '../../src/connectorContract.js';
import { type ConnectorEvent, connectorBatchChecker, planBatch } from '../../src/domain/connectorEvents.js';

const check = connectorBatchChecker(loadConnectorOpenApi());

function upserted(
  id: string,
  occurredAt: string,
  more: Partial<Record<string, string>> = {},
): ConnectorEvent {
  return {
    id,
    type: 'channel.upserted',
    occurredAt,
    accountId: 'acme',
    channelId: 'c1',
    marketplace: 'UK',
    sellerId: 'A1SELLER',
    authorization: 'MWS',
    ...more,
  } as ConnectorEvent;
}

describe('connector batch check (compiled from docs/connector-openapi.yaml)', () => {
  it('accepts every event type, with marketplaces made canonical (GB and IDs become codes)', () => {
    const result = check({
      events: [
        upserted('1', '2026-11-28T12:00:00Z', { marketplace: 'gb' }),
        {
          ...upserted('2', '2026-11-28T12:00:00+05:30'),
          type: 'channel.authorization_changed',
          marketplace: 'A1PA6795UKMFR9',
        },
        {
          id: '3',
          type: 'channel.removed',
          occurredAt: '2026-11-28T12:00:00Z',
          accountId: 'acme',
          channelId: 'c1',
        },
        {
          id: '4',
          type: 'account.upserted',
          occurredAt: '2026-11-28T12:00:00Z',
          accountId: 'acme',
          name: 'Acme',
          accountManager: 'U0123ABCD',
          slackChannel: 'C0123ABCD',
        },
        { id: '5', type: 'account.closed', occurredAt: '2026-11-28T12:00:00Z', accountId: 'acme' },
      ],
    });
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.events.slice(0, 2).map((e) => (e as { marketplace: string }).marketplace)).toEqual([
        'UK',
        'DE',
      ]);
  });

  it('names every problem by event index and field', () => {
    const result = check({
      events: [
        {
          id: '1',
          type: 'account.upserted',
          occurredAt: 'yesterday',
          accountId: 'Acme Ltd',
          accountManager: 'bob',
        },
        { ...upserted('2', '2026-11-28T12:00:00Z'), colour: 'blue' },
        'not an event',
      ],
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { index: 0, field: 'name', message: 'is missing' },
        {
          index: 0,
          field: 'occurredAt',
          message: 'must be an ISO 8601 date-time with an offset, such as 2026-11-28T12:00:00Z',
        },
        {
          index: 0,
          field: 'accountId',
          message: "must be the connector's account ID: lowercase letters, digits and dashes",
        },
        { index: 0, field: 'accountManager', message: 'must be a Slack user ID such as U0123ABCD' },
        { index: 1, field: 'colour', message: 'is not a field of this event type' },
        { index: 2, field: 'event', message: 'must be a JSON object' },
      ],
    });
  });

  it('refuses an empty batch, a missing list and a body that is not an object', () => {
    expect(check({ events: [] })).toEqual({
      ok: false,
      errors: [{ index: -1, field: 'events', message: 'must hold 1 to 1000 events' }],
    });
    expect(check({})).toMatchObject({ ok: false, errors: [{ index: -1, field: 'events' }] });
    expect(check('events')).toMatchObject({ ok: false, errors: [{ index: -1, field: 'body' }] });
  });
});

describe('planBatch', () => {
  const nothingKnown = { processed: () => false, stateAt: () => undefined };

  it('puts account events first, then each group oldest first (ties as sent)', () => {
    const plan = planBatch(
      [
        upserted('late', '2026-11-28T12:10:00Z'),
        upserted('early', '2026-11-28T13:00:00+02:00'),
        {
          id: 'acct',
          type: 'account.upserted',
          occurredAt: '2026-11-28T13:00:00Z',
          accountId: 'acme',
          name: 'Acme',
        },
        upserted('tie', '2026-11-28T12:10:00Z', { channelId: 'c2' }),
      ],
      nothingKnown,
    );
    expect(plan.map((p) => [p.event.id, p.outcome])).toEqual([
      ['acct', 'apply'],
      ['early', 'apply'],
      ['late', 'apply'],
      ['tie', 'apply'],
    ]);
  });

  it('marks ids seen before or earlier in the batch as duplicates, and older-than-state events superseded', () => {
    const plan = planBatch(
      [
        upserted('seen', '2026-11-28T12:00:00Z'),
        upserted('new', '2026-11-28T12:05:00Z'),
        upserted('new', '2026-11-28T12:06:00Z'),
        upserted('stale', '2026-11-28T11:00:00Z', { channelId: 'c2' }),
        upserted('same-time', '2026-11-28T11:30:00Z', { channelId: 'c2' }),
      ],
      {
        processed: (id) => id === 'seen',
        stateAt: (key) => (key === 'channel:c2' ? '2026-11-28T11:30:00Z' : undefined),
      },
    );
    expect(Object.fromEntries(plan.map((p) => [`${p.index}:${p.event.id}`, p.outcome]))).toEqual({
      '0:seen': 'duplicate',
      '1:new': 'apply',
      '2:new': 'duplicate',
      '3:stale': 'superseded',
      '4:same-time': 'apply',
    });
  });
});

import { describe, expect, it } from 'vitest';
import {
  applyConnectorEvents,
  MAX_REMEMBERED_EVENT_IDS,
  REMEMBERED_AFTER_TRIM,
} from '../../store/connectorChanges.js';
import { emptyState } from '../../store/store.js';

describe('remembered connector event ids', () => {
  it('are bounded: past the limit the oldest are forgotten down to the trim size, the newest kept', () => {
    const data = emptyState();
    data.accounts.push({ id: 'acme', name: 'Acme' });
    for (let i = 0; i < MAX_REMEMBERED_EVENT_IDS; i++)
      data.connectorEvents.push({ id: `old-${i}`, at: '2026-11-01T00:00:00Z' });
    const audit: unknown[] = [];
    const result = applyConnectorEvents(
      data,
      [
        {
          id: 'fresh',
          type: 'account.upserted',
          occurredAt: '2026-11-28T12:00:00Z',
          accountId: 'acme',
          name: 'Acme Ltd',
        },
      ],
      { id: 'connector', at: new Date('2026-11-28T12:00:01Z') },
      (e) => audit.push(e),
    );
    expect(result).toMatchObject({ applied: 1, duplicates: 0, superseded: 0 });
    expect(data.connectorEvents).toHaveLength(REMEMBERED_AFTER_TRIM);
    expect(data.connectorEvents.at(-1)?.id).toBe('fresh');
    expect(data.connectorEvents[0]?.id).toBe(`old-${MAX_REMEMBERED_EVENT_IDS - REMEMBERED_AFTER_TRIM + 1}`);
    expect(audit).toHaveLength(1);
  });
});

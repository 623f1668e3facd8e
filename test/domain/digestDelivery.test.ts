import { describe, expect, it } from 'vitest';
import { DIGEST_PART_EVENT, partKey, partLookup, partMetadata } from '../../src/domain/digestDelivery.js';
import { findMessageTs, lookupOldest, mayHaveActed } from '../../src/domain/slackDelivery.js';

const DIGEST = 'scheduled:2026-11-30T09:00:00.000Z';

describe('digest part metadata', () => {
  it('names a channel part and a DM part', () => {
    expect(partKey({ target: 'channel', part: 3 })).toBe('channel:3');
    expect(partKey({ target: 'dm', user: 'U123', part: 0 })).toBe('dm:U123:0');
    expect(partMetadata(DIGEST, { target: 'dm', user: 'U123', part: 1 })).toEqual({
      event_type: DIGEST_PART_EVENT,
      event_payload: { digest: DIGEST, part: 'dm:U123:1' },
    });
  });
});

describe('finding a posted part among the messages Slack lists', () => {
  const wanted = partMetadata(DIGEST, { target: 'channel', part: 1 });
  const tagged = (digest: string, part: string, ts: string) => ({
    ts,
    metadata: { event_type: DIGEST_PART_EVENT, event_payload: { digest, part } },
  });

  it('finds the message with the same digest and part', () => {
    const messages = [{ ts: '1.1' }, tagged(DIGEST, 'channel:0', '1.2'), tagged(DIGEST, 'channel:1', '1.3')];
    expect(findMessageTs(messages, wanted)).toBe('1.3');
  });

  it('ignores the same part of another digest, another event type, and messages without metadata', () => {
    const messages = [
      { ts: '2.1', text: 'hello' },
      tagged('extra:2026-11-30T10:00:00.000Z:abcd', 'channel:1', '2.2'),
      {
        ts: '2.3',
        metadata: { event_type: 'other_app', event_payload: { digest: DIGEST, part: 'channel:1' } },
      },
      tagged(DIGEST, 'dm:U1:1', '2.4'),
    ];
    expect(findMessageTs(messages, wanted)).toBeUndefined();
  });
});

describe('where a part is looked for', () => {
  it('a first message in the conversation history, from a few minutes before its record was made', () => {
    expect(lookupOldest('2026-11-30T09:00:00.000Z')).toBe(`${Date.UTC(2026, 10, 30, 8, 55) / 1000}.000000`);
    expect(partLookup({ target: 'channel', part: 0 }, 'C1', '2026-11-30T09:00:00.000Z', undefined)).toEqual({
      kind: 'history',
      channel: 'C1',
      oldest: lookupOldest('2026-11-30T09:00:00.000Z'),
    });
  });

  it("a reply in its parent's thread", () => {
    expect(
      partLookup({ target: 'dm', user: 'U1', part: 2 }, 'DU1', '2026-11-30T09:00:00.000Z', '9.9'),
    ).toEqual({
      kind: 'replies',
      channel: 'DU1',
      threadTs: '9.9',
    });
  });
});

describe('which failures may have posted the message', () => {
  it('no answer at all and 5xx: maybe', () => {
    expect(mayHaveActed({ kind: 'no-answer' })).toBe(true);
    expect(mayHaveActed({ kind: 'http', status: 500 })).toBe(true);
    expect(mayHaveActed({ kind: 'http', status: 504 })).toBe(true);
  });

  it('a refusal, a 429 or another 4xx: Slack did not act', () => {
    expect(mayHaveActed({ kind: 'refused' })).toBe(false);
    expect(mayHaveActed({ kind: 'rate-limited' })).toBe(false);
    expect(mayHaveActed({ kind: 'http', status: 404 })).toBe(false);
  });
});

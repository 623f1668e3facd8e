import { describe, expect, it } from 'vitest';
import {
  afterUncertainPost,
  MAX_POST_ATTEMPTS,
  ROLLBACK_MESSAGE_EVENT,
  rollbackMessageLookup,
  rollbackMessageMetadata,
} from '../../src/domain/rollbackDelivery.js';
import { findMessageTs } from '../../src/domain/slackDelivery.js';

const rollback = {
  id: 'rb-1',
  requestedAt: '2026-11-28T12:00:00.000Z',
  messages: { parent: { channel: 'CROLLBACKS', ts: '1700000000.000100' } },
};

describe('rollback message metadata', () => {
  it('names the rollback and which of its messages it is', () => {
    expect(rollbackMessageMetadata('rb-1', 'checklist')).toEqual({
      event_type: ROLLBACK_MESSAGE_EVENT,
      event_payload: { rollback: 'rb-1', message: 'checklist' },
    });
  });

  it('finds only the message of that rollback and that kind', () => {
    const messages = [
      {
        ts: '1',
        metadata: {
          event_type: ROLLBACK_MESSAGE_EVENT,
          event_payload: { rollback: 'rb-2', message: 'note' },
        },
      },
      {
        ts: '2',
        metadata: { event_type: 'reauth_digest_part', event_payload: { rollback: 'rb-1', message: 'note' } },
      },
      {
        ts: '3',
        metadata: {
          event_type: ROLLBACK_MESSAGE_EVENT,
          event_payload: { rollback: 'rb-1', message: 'checklist' },
        },
      },
      { ts: '4' },
      {
        ts: '5',
        metadata: {
          event_type: ROLLBACK_MESSAGE_EVENT,
          event_payload: { rollback: 'rb-1', message: 'note' },
        },
      },
    ];
    expect(findMessageTs(messages, rollbackMessageMetadata('rb-1', 'note'))).toBe('5');
    expect(findMessageTs(messages, rollbackMessageMetadata('rb-1', 'checklist'))).toBe('3');
    expect(findMessageTs(messages, rollbackMessageMetadata('rb-1', 'complete'))).toBeUndefined();
  });
});

describe('where a rollback message is looked for', () => {
  it('the request: the channel history from five minutes before it was requested', () => {
    expect(rollbackMessageLookup(rollback, 'request', 'CROLLBACKS')).toEqual({
      kind: 'history',
      channel: 'CROLLBACKS',
      oldest: `${Date.parse('2026-11-28T11:55:00Z') / 1000}.000000`,
    });
  });

  it('the note and the checklist: the request thread', () => {
    for (const kind of ['note', 'checklist', 'complete'] as const) {
      expect(rollbackMessageLookup(rollback, kind, 'CELSEWHERE')).toEqual({
        kind: 'replies',
        channel: 'CROLLBACKS',
        threadTs: '1700000000.000100',
      });
    }
  });

  it('a thread message of a rollback whose request was never posted has nowhere to go', () => {
    expect(() => rollbackMessageLookup({ ...rollback, messages: {} }, 'note', 'CROLLBACKS')).toThrow(
      /no request message/,
    );
  });
});

describe('after a post Slack may have acted on', () => {
  it('adopts the message found, posts again when none is, and stops after the last attempt', () => {
    expect(afterUncertainPost('17.1', 1)).toEqual({ kind: 'adopt', ts: '17.1' });
    expect(afterUncertainPost('17.1', MAX_POST_ATTEMPTS)).toEqual({ kind: 'adopt', ts: '17.1' });
    expect(afterUncertainPost(undefined, 1)).toEqual({ kind: 'post-again' });
    expect(afterUncertainPost(undefined, MAX_POST_ATTEMPTS)).toEqual({ kind: 'give-up' });
  });
});

import { describe, expect, it } from 'vitest';
import type { DigestRecord } from '../../src/domain/digestRecord.js';
import { digestPostOutcomeMessage, digestPostOutcomeText } from '../../src/views/digestCommand.js';

const record: DigestRecord = {
  id: 'extra:2026-11-28T12:00:00.000Z:abcd',
  kind: 'extra',
  slot: '2026-11-28T12:00:00.000Z',
  channel: 'CDIGEST',
  status: 'posting',
  requestedBy: 'UAPPROVER',
  createdAt: '2026-11-28T12:00:00.000Z',
  parts: [],
  dms: [],
};

describe('the answer to a repeated /reauth digest post', () => {
  it('in Slack: when the first was asked for, as a date token whose fallback is in REAUTH_TIMEZONE', () => {
    const { text } = digestPostOutcomeMessage({ kind: 'repeated', record }, 'Europe/London');
    expect(text).toContain(
      'asked for by <@UAPPROVER> at <!date^1795867200^{date_short_pretty} {time}|Sat 28 Nov 2026 12:00 Europe/London>.',
    );
    expect(text).toContain('posted once in 10 minutes');
  });

  it('in a terminal: the time in the configured zone', () => {
    expect(digestPostOutcomeText({ kind: 'repeated', record }, 'Europe/London')).toContain(
      'asked for by UAPPROVER at Sat 28 Nov 2026 12:00 Europe/London.',
    );
  });
});

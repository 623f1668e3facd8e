import { describe, expect, it } from 'vitest';
import { formatDateTime, parseDateTime } from '../../src/domain/time.js';

describe('times shown to people', () => {
  it('are shown in the configured zone, and name it', () => {
    const at = new Date('2026-07-01T12:00:00Z');
    expect(formatDateTime(at, 'Europe/London')).toBe('Wed 1 Jul 2026 13:00 Europe/London');
    expect(formatDateTime(at.toISOString(), 'America/New_York')).toBe(
      'Wed 1 Jul 2026 08:00 America/New_York',
    );
  });
});

describe('date-times typed by people', () => {
  it('are read in the configured zone when they have no offset', () => {
    expect(parseDateTime('2026-07-01T09:30', 'Europe/London')?.toISOString()).toBe(
      '2026-07-01T08:30:00.000Z',
    );
    expect(parseDateTime('2026-07-01', 'Europe/London')?.toISOString()).toBe('2026-06-30T23:00:00.000Z');
  });

  it('keep their own offset or Z', () => {
    expect(parseDateTime('2026-07-01T09:30Z', 'Europe/London')?.toISOString()).toBe(
      '2026-07-01T09:30:00.000Z',
    );
    expect(parseDateTime('2026-07-01T09:30+02:00', 'Europe/London')?.toISOString()).toBe(
      '2026-07-01T07:30:00.000Z',
    );
  });

  it('are refused when they are not ISO date-times or not real dates', () => {
    for (const text of ['yesterday', '2026-13-01T09:30', '2026-02-30', '01/07/2026', '2026-07-01 09:30', ''])
      expect(parseDateTime(text, 'UTC'), text).toBeUndefined();
  });
});

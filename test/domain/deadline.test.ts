import { describe, expect, it } from 'vitest';
import { deadlineStatus, describeDeadline, localDate } from '../../src/domain/deadline.js';

describe('deadline countdown', () => {
  it('counts calendar days in the configured zone, not in UTC', () => {
    // 23:30 UTC on 30 Nov is already 1 Dec in Tokyo and still 30 Nov in Los Angeles.
    const now = new Date('2026-11-30T23:30:00Z');
    expect(deadlineStatus('2026-12-31', now, 'Asia/Tokyo')).toEqual({
      kind: 'upcoming',
      deadline: '2026-12-31',
      daysLeft: 30,
    });
    expect(deadlineStatus('2026-12-31', now, 'America/Los_Angeles')).toMatchObject({ daysLeft: 31 });
    expect(deadlineStatus('2026-12-31', now, 'UTC')).toMatchObject({ daysLeft: 31 });
  });

  it('is due today on the deadline day in the zone, and overdue the day after', () => {
    expect(deadlineStatus('2026-12-01', new Date('2026-11-30T16:00:00Z'), 'Asia/Tokyo').kind).toBe('today');
    expect(deadlineStatus('2026-12-01', new Date('2026-11-30T16:00:00Z'), 'UTC').kind).toBe('upcoming');
    const overdue = deadlineStatus('2026-12-01', new Date('2026-12-03T09:00:00Z'), 'Europe/London');
    expect(overdue).toEqual({ kind: 'overdue', deadline: '2026-12-01', daysLeft: -2 });
    expect(describeDeadline(overdue)).toBe('The deadline (2026-12-01) passed 2 days ago: overdue.');
  });

  it('crosses a daylight-saving change without losing or gaining a day', () => {
    const now = new Date('2027-03-27T12:00:00Z');
    expect(deadlineStatus('2027-03-29', now, 'Europe/London')).toMatchObject({ daysLeft: 2 });
  });

  it('moves to the next local date the moment midnight passes in the zone, asked again and again', () => {
    const berlin = (iso: string) => localDate(new Date(iso), 'Europe/Berlin');
    expect(berlin('2026-11-30T22:59:30Z')).toBe('2026-11-30');
    expect(berlin('2026-11-30T22:59:59.999Z')).toBe('2026-11-30');
    expect(berlin('2026-11-30T23:00:00Z')).toBe('2026-12-01');
    expect(localDate(new Date('2026-11-30T23:00:00Z'), 'UTC')).toBe('2026-11-30');
    expect(berlin('2026-11-30T22:59:59Z')).toBe('2026-11-30');
  });

  it('says so when no deadline is set', () => {
    const none = deadlineStatus(undefined, new Date(), 'UTC');
    expect(none).toEqual({ kind: 'none' });
    expect(describeDeadline(none)).toMatch(/No reauthorization deadline is set/);
  });

  it('speaks in singular for one day left', () => {
    expect(describeDeadline(deadlineStatus('2026-12-02', new Date('2026-12-01T10:00:00Z'), 'UTC'))).toBe(
      '1 day left until the deadline (2026-12-02).',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { cronProblem, latestSlot, nextSlot, planSlots } from '../../src/domain/digestSchedule.js';

const weekdays9London = { cron: '0 9 * * 1-5', timeZone: 'Europe/London' };
const at = (iso: string) => new Date(iso);

describe('digest slots', () => {
  it('reads the cron expression in the configured time zone, summer time included', () => {
    // 2026-07-01 is a Wednesday: 09:00 in London is 08:00 UTC.
    expect(latestSlot(weekdays9London, at('2026-07-01T08:00:00Z'))?.toISOString()).toBe(
      '2026-07-01T08:00:00.000Z',
    );
    expect(nextSlot(weekdays9London, at('2026-07-01T08:00:00Z'))?.toISOString()).toBe(
      '2026-07-02T08:00:00.000Z',
    );
    expect(
      nextSlot(
        { cron: '0 9 * * 1-5', timeZone: 'America/New_York' },
        at('2026-11-30T00:00:00Z'),
      )?.toISOString(),
    ).toBe('2026-11-30T14:00:00.000Z');
  });

  it('makes a slot due from its very minute, and only once', () => {
    const monday9 = at('2026-11-30T09:00:00Z');
    expect(
      planSlots(weekdays9London, at('2026-11-30T08:59:59Z'), at('2026-11-27T09:00:00Z')).due,
    ).toBeUndefined();
    expect(planSlots(weekdays9London, monday9, at('2026-11-27T09:00:00Z')).due).toEqual(monday9);
    expect(planSlots(weekdays9London, at('2026-11-30T09:00:30Z'), monday9).due).toBeUndefined();
  });

  it('has nothing due at the weekend for a weekday schedule, and skips nothing', () => {
    const plan = planSlots(weekdays9London, at('2026-11-28T12:00:00Z'), at('2026-11-27T09:00:00Z'));
    expect(plan).toEqual({ skipped: [], alsoMissed: 0 });
  });

  it('posts a slot missed earlier the same day once, late', () => {
    const plan = planSlots(weekdays9London, at('2026-11-30T15:00:00Z'), at('2026-11-27T09:00:00Z'));
    expect(plan.due).toEqual(at('2026-11-30T09:00:00Z'));
    expect(plan.skipped).toEqual([]);
  });

  it('skips a slot missed on an earlier day, and still posts the one of today', () => {
    const before9 = planSlots(weekdays9London, at('2026-12-01T08:00:00Z'), at('2026-11-27T09:00:00Z'));
    expect(before9.due).toBeUndefined();
    expect(before9.skipped).toEqual([at('2026-11-30T09:00:00Z')]);

    const after9 = planSlots(weekdays9London, at('2026-12-01T10:00:00Z'), at('2026-11-27T09:00:00Z'));
    expect(after9.due).toEqual(at('2026-12-01T09:00:00Z'));
    expect(after9.skipped).toEqual([at('2026-11-30T09:00:00Z')]);
  });

  it('posts only the latest of several slots missed today', () => {
    const hourly = { cron: '0 * * * *', timeZone: 'UTC' };
    const plan = planSlots(hourly, at('2026-11-30T12:10:00Z'), at('2026-11-30T08:00:00Z'));
    expect(plan.due).toEqual(at('2026-11-30T12:00:00Z'));
    expect(plan.skipped).toEqual([]);
    expect(plan.alsoMissed).toBe(3);
  });

  it('records at most 20 missed slots one by one and counts the rest', () => {
    const hourly = { cron: '0 * * * *', timeZone: 'UTC' };
    const plan = planSlots(hourly, at('2026-11-30T00:30:00Z'), at('2026-11-27T00:00:00Z'));
    expect(plan.due).toEqual(at('2026-11-30T00:00:00Z'));
    expect(plan.skipped).toHaveLength(20);
    expect(plan.skipped[0]).toEqual(at('2026-11-29T23:00:00Z'));
    expect(plan.skipped.length + plan.alsoMissed).toBe(71);
  });

  it('on a first start, posts today’s slot if it has passed and never skips earlier days', () => {
    expect(planSlots(weekdays9London, at('2026-11-30T15:00:00Z'), undefined).due).toEqual(
      at('2026-11-30T09:00:00Z'),
    );
    expect(planSlots(weekdays9London, at('2026-12-01T08:00:00Z'), undefined)).toEqual({
      skipped: [],
      alsoMissed: 0,
    });
  });

  it('names what is wrong with an unusable cron expression, in words of its own', () => {
    expect(cronProblem('0 9 * * 1-5', 'Europe/London')).toBeUndefined();
    expect(cronProblem('0 9 * * MON-FRI', 'UTC')).toBeUndefined();
    expect(cronProblem('soon', 'UTC')).toBe('has 1 field');
    expect(cronProblem('every day', 'UTC')).toBe('has 2 fields');
    expect(cronProblem('*/10 * * * * *', 'UTC')).toBe('has 6 fields');
    expect(cronProblem('@daily', 'UTC')).toBe('has 1 field');
    expect(cronProblem('0 25 * * *', 'UTC')).toBe('has an hour field "25" outside 0-23');
    expect(cronProblem('0 9 * * 1-8', 'UTC')).toBe('has a weekday field "1-8" outside 0-7 (or SUN-SAT)');
    expect(cronProblem('0 9 * 13 *', 'UTC')).toBe('has a month field "13" outside 1-12 (or JAN-DEC)');
    expect(cronProblem('0 0 30 2 *', 'UTC')).toBe('never matches a date');
  });
});

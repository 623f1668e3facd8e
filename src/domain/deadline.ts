import { tz } from '@date-fns/tz';
import { differenceInCalendarDays, format } from 'date-fns';

export type DeadlineStatus =
  | { kind: 'none' }
  | { kind: 'upcoming'; deadline: string; daysLeft: number }
  | { kind: 'today'; deadline: string; daysLeft: 0 }
  | { kind: 'overdue'; deadline: string; daysLeft: number };

/** The calendar date (YYYY-MM-DD) that `now` falls on in `timeZone`. */
export function localDate(now: Date, timeZone: string): string {
  return format(now, 'yyyy-MM-dd', { in: tz(timeZone) });
}

/**
 * Days left are counted in calendar days in the configured zone: the deadline day itself is
 * "due today", the day after it is 1 day overdue (daysLeft -1).
 */
export function deadlineStatus(deadline: string | undefined, now: Date, timeZone: string): DeadlineStatus {
  if (!deadline) return { kind: 'none' };
  const daysLeft = daysBetween(localDate(now, timeZone), deadline);
  if (daysLeft === 0) return { kind: 'today', deadline, daysLeft: 0 };
  if (daysLeft < 0) return { kind: 'overdue', deadline, daysLeft };
  return { kind: 'upcoming', deadline, daysLeft };
}

function daysBetween(fromIsoDate: string, toIsoDate: string): number {
  return differenceInCalendarDays(new Date(`${toIsoDate}T00:00:00Z`), new Date(`${fromIsoDate}T00:00:00Z`), {
    in: tz('UTC'),
  });
}

export function describeDeadline(status: DeadlineStatus): string {
  switch (status.kind) {
    case 'none':
      return 'No reauthorization deadline is set (REAUTH_DEADLINE).';
    case 'today':
      return `The deadline is today (${status.deadline}).`;
    case 'overdue': {
      const days = -status.daysLeft;
      return `The deadline (${status.deadline}) passed ${days} day${days === 1 ? '' : 's'} ago: overdue.`;
    }
    case 'upcoming':
      return `${status.daysLeft} day${status.daysLeft === 1 ? '' : 's'} left until the deadline (${status.deadline}).`;
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

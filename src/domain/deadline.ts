import { plural } from './text.js';

export type DeadlineStatus =
  | { kind: 'none' }
  | { kind: 'upcoming'; deadline: string; daysLeft: number }
  | { kind: 'today'; deadline: string; daysLeft: 0 }
  | { kind: 'overdue'; deadline: string; daysLeft: number };

/** One formatter per zone: building one is what makes a zone conversion slow, using it is cheap. */
const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** The last answer per zone, by minute: every command asks, and zone offsets are whole minutes. */
const lastDates = new Map<string, { minute: number; date: string }>();

/** The calendar date (YYYY-MM-DD) that `now` falls on in `timeZone`. */
export function localDate(now: Date, timeZone: string): string {
  const minute = Math.floor(now.getTime() / 60_000);
  const last = lastDates.get(timeZone);
  if (last?.minute === minute) return last.date;
  const date = formatLocalDate(now, timeZone);
  lastDates.set(timeZone, { minute, date });
  return date;
}

function formatLocalDate(now: Date, timeZone: string): string {
  let formatter = dateFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
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

/** Whole days between two calendar dates (UTC midnights are exactly a day apart). */
function daysBetween(fromIsoDate: string, toIsoDate: string): number {
  return Math.round(
    (Date.parse(`${toIsoDate}T00:00:00Z`) - Date.parse(`${fromIsoDate}T00:00:00Z`)) / 86_400_000,
  );
}

export function describeDeadline(status: DeadlineStatus): string {
  switch (status.kind) {
    case 'none':
      return 'No reauthorization deadline is set (REAUTH_DEADLINE).';
    case 'today':
      return `The deadline is today (${status.deadline}).`;
    case 'overdue': {
      const days = -status.daysLeft;
      return `The deadline (${status.deadline}) passed ${plural(days, 'day')} ago: overdue.`;
    }
    case 'upcoming':
      return `${plural(status.daysLeft, 'day')} left until the deadline (${status.deadline}).`;
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

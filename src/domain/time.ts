import { tz } from '@date-fns/tz';
import { format, parseISO } from 'date-fns';

/**
 * A moment as people in the team read it: weekday, date and 24-hour time in the configured zone,
 * with the zone named so nobody has to guess (`Sat 28 Nov 2026 12:00 Europe/London`).
 */
export function formatDateTime(moment: Date | string, timeZone: string): string {
  const date = typeof moment === 'string' ? new Date(moment) : moment;
  return `${format(date, 'EEE d MMM yyyy HH:mm', { in: tz(timeZone) })} ${timeZone}`;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/i;

/**
 * An ISO 8601 date-time typed by a person. Without an offset it is read in `timeZone`, which is how
 * the team talks about times; a bare date means its midnight there. Undefined when it is not one.
 */
export function parseDateTime(text: string, timeZone: string): Date | undefined {
  const trimmed = text.trim();
  if (!ISO_DATE_TIME.test(trimmed)) return undefined;
  const parsed = parseISO(trimmed.toUpperCase(), { in: tz(timeZone) });
  if (Number.isNaN(parsed.getTime())) return undefined;
  return new Date(parsed.getTime());
}

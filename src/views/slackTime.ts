import { TZDate, tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { formatDateTime } from '../domain/time.js';

/**
 * A moment in a Slack message, as a Slack date token: each reader sees it in their own time zone
 * ("Today at 10:00 AM"); clients that cannot render the token show the fallback, the moment in the
 * team's zone with the zone named. Text renderers (CLI, shell) show that fallback too.
 */
export function slackTime(moment: Date | string, timeZone: string): string {
  const date = typeof moment === 'string' ? new Date(moment) : moment;
  // Stored times are the bot's own ISO strings; anything else is shown as it is rather than lost.
  if (Number.isNaN(date.getTime())) return String(moment).replace(/[&<>]/g, '');
  const unix = Math.floor(date.getTime() / 1000);
  return `<!date^${unix}^{date_short_pretty} {time}|${formatDateTime(date, timeZone)}>`;
}

/**
 * A calendar date (YYYY-MM-DD, a day in the team's zone) as a Slack date token showing the date alone;
 * the token's moment is noon there, so readers a few hours either side still see that day. The
 * fallback, which text renderers show, is the date as the team reads it (`14 Mar 2027`).
 */
export function slackCalendarDate(isoDate: string, timeZone: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const noon = new TZDate(year, month - 1, day, 12, 0, 0, timeZone);
  const unix = Math.floor(noon.getTime() / 1000);
  return `<!date^${unix}^{date_short}|${formatDate(isoDate)}>`;
}

/** `2027-03-14` as `14 Mar 2027`. */
export function formatDate(isoDate: string): string {
  return format(new Date(`${isoDate}T12:00:00Z`), 'd MMM yyyy', { in: tz('UTC') });
}

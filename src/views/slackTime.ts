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

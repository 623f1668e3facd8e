import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import type { Channel } from '../domain/accounts.js';
import { listJoin } from '../domain/text.js';

/**
 * A moment as a Slack date token: each reader sees it in their own time zone and words
 * (`{ago}`: "4 minutes ago"; `{date_short_pretty}`: "yesterday", "Nov 2, 2026"). The fallback,
 * in UTC, is what clients that cannot render tokens (and the command line) show.
 */
export function slackDate(iso: string, format: '{ago}' | '{date_short_pretty}'): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const when = new Date(ms);
  const fallback =
    format === '{ago}' ? `${formatUtc(when, 'd MMM yyyy HH:mm')} UTC` : formatUtc(when, 'd MMM yyyy');
  return `<!date^${Math.floor(ms / 1000)}^${format}|${fallback}>`;
}

function formatUtc(when: Date, pattern: string): string {
  return format(when, pattern, { in: tz('UTC') });
}

/** Where a channel's state came from and when: "from the connector, 4 minutes ago". */
export function provenanceOf(channel: Channel): string | undefined {
  const at = channel.stateAt;
  if (!channel.stateSource || !at) return undefined;
  switch (channel.stateSource) {
    case 'connector':
      return `from the connector, ${slackDate(at, '{ago}')}`;
    case 'import':
      return `from an import on ${slackDate(at, '{date_short_pretty}')}`;
    case 'slack': {
      const who =
        channel.authorizedBy && /^[UW][A-Z0-9]{2,}$/.test(channel.authorizedBy)
          ? ` by <@${channel.authorizedBy}>`
          : '';
      return `recorded in Slack${who} on ${slackDate(at, '{date_short_pretty}')}`;
    }
  }
}

/**
 * One line for a unit's channels: a single phrase when they share it (merged accounts usually do),
 * otherwise each phrase with its marketplaces. Undefined when nothing is known.
 */
export function unitProvenanceLine(channels: readonly Channel[]): string | undefined {
  const groups = new Map<string, string[]>();
  for (const c of channels) {
    const phrase = provenanceOf(c) ?? 'source not recorded';
    groups.set(phrase, [...(groups.get(phrase) ?? []), c.marketplace]);
  }
  if (groups.size === 1) {
    const [phrase] = groups.keys();
    return phrase === 'source not recorded' ? undefined : capitalise(phrase as string);
  }
  return [...groups].map(([phrase, codes]) => `${listJoin(codes)} ${phrase}`).join('; ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

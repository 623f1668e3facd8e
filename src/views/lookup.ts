import type { Account, Channel } from '../domain/accounts.js';
import { escapeMrkdwn } from '../domain/text.js';
import { type Message, section } from './blocks.js';

export function accountNotFound(query: string, suggestions: readonly Account[]): Message {
  const q = escapeMrkdwn(query.trim());
  const lines = [
    `No account matches *${q}*. Look it up by account id, name (a unique start is enough) or Seller ID.`,
  ];
  if (suggestions.length > 0) {
    lines.push(`Did you mean: ${suggestions.map(accountLabel).join(', ')}?`);
  }
  return { text: `No account matches ${q}.`, blocks: [section(lines.join('\n'))] };
}

export function accountAmbiguous(query: string, accounts: readonly Account[]): Message {
  const q = escapeMrkdwn(query.trim());
  const shown = accounts.slice(0, 20);
  const lines = [
    `*${q}* matches ${accounts.length} accounts. Say which one, by its id:`,
    ...shown.map((a) => `• ${accountLabel(a)}`),
  ];
  if (accounts.length > shown.length)
    lines.push(`…and ${accounts.length - shown.length} more; type more of the name.`);
  return { text: `${q} matches ${accounts.length} accounts.`, blocks: [section(lines.join('\n'))] };
}

export function accountLabel(a: Account): string {
  return `${escapeMrkdwn(a.name)} (\`${escapeMrkdwn(a.id)}\`)`;
}

/**
 * Why the marketplace code or channel ID a person typed (`what`) picks none of the account's
 * channels, and which channels it has: "*XX* is neither a marketplace code nor …. Its channels: …".
 */
export function noChannelText(channels: readonly Channel[], what: string, reason: string): string {
  const known = channels.map((c) => `${c.marketplace} (\`${escapeMrkdwn(c.id)}\`)`).join(', ') || 'none';
  const why =
    reason === 'unknown'
      ? `*${escapeMrkdwn(what)}* is neither a marketplace code nor one of its channel IDs`
      : `it has ${escapeMrkdwn(reason)}`;
  return `${why}. Its channels: ${known}`;
}

/** The account (`label`) has several channels where one was meant: the person names one by its ID. */
export function severalChannelsText(label: string, channels: readonly Channel[]): string {
  return (
    `${label} has several channels in that marketplace, under different Seller IDs. Name the channel instead: ` +
    channels.map((c) => `\`${escapeMrkdwn(c.id)}\` (Seller ID \`${escapeMrkdwn(c.sellerId)}\`)`).join(', ')
  );
}

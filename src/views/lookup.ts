import type { Account } from '../domain/accounts.js';
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

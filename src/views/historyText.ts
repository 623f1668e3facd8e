import { plural, withoutControls } from '../domain/text.js';
import { formatDateTime } from '../domain/time.js';
import type { AccountHistory } from '../services/historyService.js';
import { describe, HIDDEN_ACTIONS } from './history.js';
import { DEFAULT_STYLE, mrkdwnToPlain } from './plainText.js';

/**
 * An account's audit trail for a terminal: the same lines as `/reauth history`, but every entry,
 * since a terminal has no message size to respect.
 */
export function historyText(history: AccountHistory, timeZone: string): string {
  // For a terminal: names and reasons from outside show their escapes rather than run them.
  return withoutControls(trail(history, timeZone), { keep: '\n', escape: true });
}

function trail(history: AccountHistory, timeZone: string): string {
  const { account } = history;
  const entries = history.entries.filter((e) => !HIDDEN_ACTIONS.has(e.action));
  const title = DEFAULT_STYLE.heading(`${account.name} (${account.id}): history`);
  if (entries.length === 0) return `${title}\nNothing is recorded for this account yet.\n`;
  const lines = entries.map((e) => `${formatDateTime(e.at, timeZone)}  ${mrkdwnToPlain(describe(e))}`);
  const footer = `Newest first; times in ${timeZone}. ${plural(entries.length, 'entry', 'entries')} in all.`;
  return `${title}\n${lines.join('\n')}\n\n${footer}\n`;
}

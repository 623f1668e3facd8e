import type { RenewalDue } from '../domain/renewalList.js';
import { byAccountManager } from '../domain/renewalList.js';
import { plural } from '../domain/text.js';
import { context, header, type Message, section, sectionsOf } from './blocks.js';
import { accountLabel } from './lookup.js';
import { unitSummary } from './pending.js';
import { renewalVerdict } from './status.js';

/** Enough to act on in one message; the rest are counted, never silently dropped. */
export const RENEWALS_SHOWN = 100;

/** `/reauth renewals [days]`: the units due within `days` or expired, grouped by account manager. */
export function renewalsMessage(due: readonly RenewalDue[], days: number, timeZone: string): Message {
  const within = `within ${plural(days, 'day')}`;
  if (due.length === 0) {
    const text = `No SP-API authorization is due for renewal ${within}, and none has expired.`;
    return { text, blocks: [section(`:white_check_mark: ${text}`)] };
  }
  const expired = due.filter((d) => d.renewal.state === 'expired').length;
  const summary = `${plural(due.length, 'renewal')} due ${within} or expired${expired > 0 ? ` (${expired} expired)` : ''}.`;
  const shown = due.slice(0, RENEWALS_SHOWN);
  const lines: string[] = [];
  for (const group of byAccountManager(shown)) {
    lines.push(group.manager ? `*<@${group.manager}>*` : '*No account manager*');
    for (const { account, unit, renewal } of group.due)
      lines.push(`• ${accountLabel(account)}: ${unitSummary(unit)} ${renewalVerdict(renewal, timeZone)}`);
  }
  if (due.length > shown.length)
    lines.push(`…and ${plural(due.length - shown.length, 'more renewal')} (latest last).`);
  return {
    text: summary,
    blocks: [
      header('SP-API renewals'),
      section(summary),
      ...sectionsOf(lines).slice(0, 45),
      context('Each customer renews in Seller Central: `/reauth steps <account> renew` gives the steps.'),
    ],
  };
}

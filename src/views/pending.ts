import type { ReauthorizationUnit } from '../domain/accounts.js';
import type { DeadlineStatus } from '../domain/deadline.js';
import { escapeMrkdwn, inflect, plural } from '../domain/text.js';
import type { PendingList } from '../services/accountService.js';
import { context, header, type Message, section, sectionsOf } from './blocks.js';
import { accountLabel } from './lookup.js';
import { deadlineLine } from './status.js';

/** Enough to act on in one message; the rest are counted, never silently dropped. */
export const PENDING_SHOWN = 100;

/** What every answer about all accounts says when the store holds none. */
export const NO_ACCOUNTS_YET =
  'No accounts are on record yet: load them with `npm run import -- <file.csv>`.';

export function pendingMessage(list: PendingList, deadline: DeadlineStatus): Message {
  const { pending } = list;
  if (list.accountsOnRecord === 0) {
    return { text: NO_ACCOUNTS_YET, blocks: [section(NO_ACCOUNTS_YET), context(deadlineLine(deadline))] };
  }
  if (pending.length === 0) {
    return {
      text: 'Every account is on MWS/SP-API.',
      blocks: [
        section(':tada: Every account is on MWS/SP-API: nothing left to reauthorize.'),
        context(deadlineLine(deadline)),
      ],
    };
  }
  const total = pending.reduce((n, p) => n + p.reauthorizationsNeeded, 0);
  const shown = pending.slice(0, PENDING_SHOWN);
  const lines = shown.map(
    (p) =>
      `• ${accountLabel(p.account)}: *${p.reauthorizationsNeeded}*  ${p.pendingUnits.map(unitSummary).join('; ')}`,
  );
  if (pending.length > shown.length) {
    lines.push(`…and ${plural(pending.length - shown.length, 'more account')} (fewest pending last).`);
  }
  return {
    text: `${plural(pending.length, 'account')} still ${inflect(pending.length, 'needs', 'need')} ${plural(total, 'reauthorization')}.`,
    blocks: [
      header('Accounts still on MWS'),
      section(`${plural(pending.length, 'account')}, ${plural(total, 'reauthorization')} still needed.`),
      ...sectionsOf(lines).slice(0, 45),
      context(deadlineLine(deadline)),
    ],
  };
}

export function unitSummary(unit: ReauthorizationUnit): string {
  return `${unit.region} \`${escapeMrkdwn(unit.sellerId)}\` (${unitMarketplaces(unit)})`;
}

/** "UK, FR, DE", or "FR, DE; UK done" when some channels of the unit already show MWS/SP-API. */
export function unitMarketplaces(unit: ReauthorizationUnit): string {
  const onMws = unit.channels.filter((c) => c.authorization === 'MWS').map((c) => c.marketplace);
  const done = unit.channels.filter((c) => c.authorization !== 'MWS').map((c) => c.marketplace);
  if (onMws.length === 0 || done.length === 0) return unit.channels.map((c) => c.marketplace).join(', ');
  return `${onMws.join(', ')}; ${done.join(', ')} done`;
}

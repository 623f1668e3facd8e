import { describeDeadline } from '../domain/deadline.js';
import { type Digest, isAllDone } from '../domain/digest.js';
import type { PendingAccount } from '../domain/pending.js';
import { plural } from '../domain/text.js';
import { title } from './digest.js';
import { unitMarketplaces } from './pending.js';

/** The digest as plain text for a terminal (the CLI's dry run): same content, no Slack markup. */
export function digestText(digest: Digest, options: { parts?: number; channel?: string } = {}): string {
  const t = digest.totals;
  const out: string[] = [];
  if (t.accounts === 0) {
    out.push(`No accounts on record yet (${digest.date}): load them with npm run import -- <file.csv>.`);
    out.push(describeDeadline(digest.deadline));
  } else if (isAllDone(digest)) {
    out.push(`All done (${digest.date}): every channel shows MWS/SP-API, nothing left to reauthorize.`);
    out.push(describeDeadline(digest.deadline));
  } else {
    out.push(`${title(digest, { kind: 'channel' })} (${digest.date})`);
    const totals = [
      describeDeadline(digest.deadline),
      `Totals: ${plural(t.accounts, 'account')}, ${plural(t.channels, 'channel')}, ${t.channelsOnMws.toLocaleString('en-US')} still on MWS; ` +
        `${plural(t.reauthorizationsNeeded, 'reauthorization')} still needed across ${plural(t.pendingAccounts, 'account')}.`,
    ];
    const groups: string[] = [];
    for (const group of digest.groups) {
      const who = group.manager ? `Account manager ${group.manager}` : 'No account manager';
      const counts = `${plural(group.accounts.length, 'account')}, ${plural(group.reauthorizationsNeeded, 'reauthorization')}`;
      groups.push('', `${who}${digest.toContact ? ', to contact' : ''}: ${counts}`);
      for (const p of group.accounts) groups.push(`  - ${accountText(p)}`);
    }
    // After the deadline the list of customers to contact leads, as in Slack.
    if (digest.toContact) out.push(...groups.slice(1), '', ...totals);
    else out.push(...totals, ...groups);
  }
  if (options.parts !== undefined) {
    const count = plural(options.parts, 'Slack message');
    out.push(
      '',
      options.channel
        ? `Posted to ${options.channel}, this is ${count}.`
        : `Posted, this would be ${count}; no digest channel is set (REAUTH_DIGEST_CHANNEL).`,
    );
  }
  return `${out.join('\n')}\n`;
}

function accountText(p: PendingAccount): string {
  const units = p.pendingUnits.map((u) => `${u.region} ${u.sellerId} (${unitMarketplaces(u)})`);
  return `${p.account.name} (${p.account.id}): ${units.join('; ')}`;
}

import type { Channel, ReauthorizationUnit } from '../domain/accounts.js';
import { findMarketplace, REGION_NAMES } from '../domain/marketplaces.js';
import { escapeMrkdwn, listJoin, plural } from '../domain/text.js';
import type { AccountPicture } from '../services/accountService.js';
import { context, divider, header, type Message, section } from './blocks.js';

/**
 * The reauthorization walkthrough for one customer, one block of steps per unit to reauthorize:
 * which channel to open, where to sign in, what to pick, and what success looks like.
 */
export function stepsMessage(picture: AccountPicture, marketplace?: string): Message {
  const { account } = picture;
  let units = picture.units;
  if (marketplace) {
    units = units
      .map((u) => ({ ...u, channels: u.channels.filter((c) => c.marketplace === marketplace) }))
      .filter((u) => u.channels.length > 0);
  }
  const todo = units.filter((u) => u.needsReauthorization);
  const shown = todo.length > 0 ? todo : units;
  const blocks: Message['blocks'] = [header(`${account.name}: how to reauthorize`)];
  if (units.length === 0) {
    blocks.push(
      section(
        marketplace
          ? `${escapeMrkdwn(account.name)} has no ${marketplace} channel on record.`
          : `${escapeMrkdwn(account.name)} has no Amazon channels on record.`,
      ),
    );
    return { text: `No channels to reauthorize for ${escapeMrkdwn(account.name)}.`, blocks };
  }
  blocks.push(section(introduction(todo.length)));
  blocks.push(
    section(
      '*Before you start:* sign out of the back office and sign in again, so the session cannot time out half way.',
    ),
  );
  shown.forEach((unit, i) => {
    blocks.push(divider(), section(unitSteps(unit, i + 1, shown.length)));
  });
  blocks.push(
    divider(),
    section(
      ':warning: *Pick the right Seller Central account and marketplace.* Authorizing another Amazon account can ' +
        'cut the channel off from Amazon and stop orders downloading. If it happens, contact support at once for a ' +
        'temporary rollback (`/reauth rollback`), then start again with the right login.',
    ),
    context('Not sure whether a channel needs it? Reauthorizing again does no harm.'),
  );
  return {
    text: `${escapeMrkdwn(account.name)}: ${plural(todo.length, 'reauthorization')} to do.`,
    blocks,
  };
}

function introduction(todo: number): string {
  if (todo === 0) return 'Every channel here already shows MWS/SP-API. For reference, these are the steps:';
  return todo === 1 ? 'One reauthorization to do:' : `${todo} reauthorizations to do, one after the other:`;
}

function unitSteps(unit: ReauthorizationUnit, n: number, of: number): string {
  const first = unit.channels[0] as Channel;
  const market = findMarketplace(first.marketplace);
  const host = market?.sellerCentralHost ?? 'sellercentral.amazon.com';
  const id = `\`${escapeMrkdwn(unit.sellerId)}\``;
  const others = unit.channels.slice(1).map((c) => c.marketplace);
  const title =
    of > 1
      ? `*${n}. Seller ID ${id}, ${REGION_NAMES[unit.region]}*`
      : `*Seller ID ${id}, ${REGION_NAMES[unit.region]}*`;
  const lines = [
    title,
    `1. In the back office, open Settings > Brightpearl Apps > Amazon and click the pencil beside the *${first.marketplace}* channel (\`${escapeMrkdwn(first.id)}\`).`,
    '2. Click *Reauthorize* under the Amazon Seller ID.',
    `3. Sign in at https://${host} with the Seller Central login of Seller ID ${id}. Already signed in? Check it is that store before going on.`,
    `4. Choose the merchant account with Seller ID ${id} and the marketplace *${market?.country ?? first.marketplace}* (${first.marketplace}).`,
    '5. Tick the box that allows access to the listed services, then click *Confirm* (bottom right).',
    `6. Back on the channel's settings page, the Seller ID line must now show the region (${unit.region}) and *MWS/SP-API*.`,
  ];
  if (others.length > 0) {
    lines.push(`This one reauthorization also covers ${listJoin(others)}: same Seller ID, same region.`);
  }
  lines.push(`Then record it: \`/reauth done ${escapeMrkdwn(first.accountId)} ${escapeMrkdwn(first.id)}\``);
  return lines.join('\n');
}

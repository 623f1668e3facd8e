import { type Channel, channelToOpen, type ReauthorizationUnit } from '../domain/accounts.js';
import { findMarketplace, REGION_NAMES } from '../domain/marketplaces.js';
import { escapeMrkdwn, listJoin, plural } from '../domain/text.js';
import type { AccountPicture } from '../services/accountService.js';
import { context, divider, header, type Message, section } from './blocks.js';
import { accountLabel, noChannelText } from './lookup.js';

/** A unit to walk through, and the channel whose settings page the customer opens for it. */
interface Walkthrough {
  unit: ReauthorizationUnit;
  open: Channel;
}

/**
 * The reauthorization walkthrough for one customer, one block of steps per unit to reauthorize:
 * which channel to open, where to sign in, what to pick, and what success looks like. With `chosen`
 * (the channels a person named, by marketplace or ID), only their units, each opened at that channel.
 */
export function stepsMessage(picture: AccountPicture, chosen?: readonly Channel[]): Message {
  const { account } = picture;
  const walkthroughs = chosen
    ? chosenWalkthroughs(picture.units, chosen)
    : accountWalkthroughs(picture.units);
  const todo = walkthroughs.filter((w) => w.unit.needsReauthorization);
  const blocks: Message['blocks'] = [header(`${account.name}: how to reauthorize`)];
  if (walkthroughs.length === 0) {
    blocks.push(section(`${escapeMrkdwn(account.name)} has no Amazon channels on record.`));
    return { text: `No channels to reauthorize for ${escapeMrkdwn(account.name)}.`, blocks };
  }
  blocks.push(section(introduction(todo.length)));
  blocks.push(
    section(
      '*Before you start:* sign out of the back office and sign in again, so the session cannot time out half way.',
    ),
  );
  walkthroughs.forEach((w, i) => {
    blocks.push(divider(), section(unitSteps(w, i + 1, walkthroughs.length)));
  });
  blocks.push(
    divider(),
    section(
      ':warning: *Pick the right Seller Central account and marketplace.* If another Amazon account is authorized, ' +
        'the connector may lose its connection to Amazon. If it happens, contact support at once for a ' +
        'temporary rollback (`/reauth rollback`); once everything syncs again, the reauthorization can be retried with the right login.',
    ),
    context('Not sure whether a channel needs it? Reauthorize it anyway, to be safe.'),
  );
  return {
    text: `${escapeMrkdwn(account.name)}: ${plural(todo.length, 'reauthorization')} to do.`,
    blocks,
  };
}

function introduction(todo: number): string {
  if (todo === 0)
    return 'Every channel on record here already shows MWS/SP-API. For reference, these are the steps:';
  return todo === 1 ? 'One reauthorization to do:' : `${todo} reauthorizations to do, one after the other:`;
}

/** The units still to do (every unit when none is), each opened at a channel still on MWS. */
function accountWalkthroughs(units: readonly ReauthorizationUnit[]): Walkthrough[] {
  const todo = units.filter((u) => u.needsReauthorization);
  return (todo.length > 0 ? todo : units).map((unit) => ({ unit, open: channelToOpen(unit) }));
}

/** The units of the channels a person named, in unit order, each opened at the channel named. */
function chosenWalkthroughs(
  units: readonly ReauthorizationUnit[],
  chosen: readonly Channel[],
): Walkthrough[] {
  return units.flatMap((unit) => {
    const open = unit.channels.find((c) => chosen.some((x) => x.id === c.id));
    return open ? [{ unit, open }] : [];
  });
}

/** The answer when the marketplace or channel ID given picks none of the account's channels, as `done` says it. */
export function stepsNoChannel(picture: AccountPicture, what: string, reason: string): Message {
  const text = `No steps for ${accountLabel(picture.account)}: ${noChannelText(picture.channels, what, reason)}.`;
  return { text, blocks: [section(text)] };
}

function unitSteps({ unit, open: first }: Walkthrough, n: number, of: number): string {
  const market = findMarketplace(first.marketplace);
  const host = market?.sellerCentralHost ?? 'sellercentral.amazon.com';
  const id = `\`${escapeMrkdwn(unit.sellerId)}\``;
  const others = unit.channels.filter((c) => c.id !== first.id).map((c) => c.marketplace);
  const title =
    of > 1
      ? `*${n}. Seller ID ${id}, ${REGION_NAMES[unit.region]}*`
      : `*Seller ID ${id}, ${REGION_NAMES[unit.region]}*`;
  const lines = [
    title,
    `1. In the back office, open Settings > Brightpearl Apps > Amazon and click the pencil beside the *${first.marketplace}* channel (\`${escapeMrkdwn(first.id)}\`).`,
    '2. Click *Reauthorize* under the Amazon Seller ID.',
    `3. Amazon asks you to sign in: use the Seller Central login of Seller ID ${id} (Seller Central for ${first.marketplace}: https://${host}). Already signed in? Amazon goes straight to the next step, so check it is that store before going on.`,
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

import type { Channel, ReauthorizationUnit } from '../domain/accounts.js';
import { type DeadlineStatus, describeDeadline } from '../domain/deadline.js';
import { findMarketplace, REGION_NAMES, REGIONS } from '../domain/marketplaces.js';
import { escapeMrkdwn, plural } from '../domain/text.js';
import type { AccountPicture } from '../services/accountService.js';
import { actions, button, context, divider, header, type Message, section, sectionsOf } from './blocks.js';
import { accountLabel } from './lookup.js';

export const SHARE_STATUS_ACTION = 'status_share';

export function statusMessage(picture: AccountPicture, options: { shareButton: boolean }): Message {
  const { account, units } = picture;
  const blocks: Message['blocks'] = [header(`${account.name}: Amazon authorization`)];
  if (units.length === 0) {
    blocks.push(section(`${accountLabel(account)} has no Amazon channels on record.`));
  }
  for (const region of REGIONS) {
    const inRegion = units.filter((u) => u.region === region);
    if (inRegion.length === 0) continue;
    blocks.push(...sectionsOf([`*${REGION_NAMES[region]} (${region})*`, ...inRegion.flatMap(unitLines)]));
  }
  blocks.push(divider());
  blocks.push(section(summaryLine(picture)));
  blocks.push(context(deadlineLine(picture.deadline)));
  if (options.shareButton) {
    blocks.push(actions('status_actions', button('Share in channel', SHARE_STATUS_ACTION, account.id)));
  }
  return { text: `${escapeMrkdwn(account.name)}: ${summaryText(picture)}`, blocks };
}

function unitLines(unit: ReauthorizationUnit): string[] {
  const verdict = unit.needsReauthorization ? ':warning: needs reauthorization' : ':white_check_mark: done';
  return [
    `Seller ID \`${escapeMrkdwn(unit.sellerId)}\`: ${verdict}`,
    `    ${unit.channels.map((c) => channelBadge(c, unit)).join('  ·  ')}`,
  ];
}

/** A channel and what it shows; in a unit still to do, the channels already done are ticked. */
function channelBadge(c: Channel, unit: ReauthorizationUnit): string {
  const tick = unit.needsReauthorization && c.authorization !== 'MWS' ? ' :white_check_mark:' : '';
  return `${c.marketplace} \`${c.authorization}\`${tick}`;
}

export function summaryText(picture: AccountPicture): string {
  const n = picture.reauthorizationsNeeded;
  if (picture.units.length === 0) return 'no Amazon channels on record.';
  if (n === 0) return 'every channel shows MWS/SP-API; nothing left to reauthorize.';
  return `${plural(n, 'reauthorization')} still needed.`;
}

function summaryLine(picture: AccountPicture): string {
  return `*${summaryText(picture).replace(/^./, (c) => c.toUpperCase())}*`;
}

export function deadlineLine(deadline: DeadlineStatus): string {
  const icon =
    deadline.kind === 'overdue' ? ':rotating_light: ' : deadline.kind === 'today' ? ':alarm_clock: ' : '';
  return `${icon}${describeDeadline(deadline)}`;
}

/** The `status --json` shape, kept stable for scripts. */
export interface StatusJson {
  account: { id: string; name: string };
  units: {
    region: string;
    sellerId: string;
    marketplaces: string[];
    needsReauthorization: boolean;
    /** Each channel of the unit with what its settings page shows, so a half-done unit can be told apart. */
    channels: { id: string; marketplace: string; authorization: Channel['authorization'] }[];
  }[];
  reauthorizationsNeeded: number;
  deadline: string | null;
  daysLeft: number | null;
}

export function statusJson(picture: AccountPicture): StatusJson {
  return {
    account: { id: picture.account.id, name: picture.account.name },
    units: picture.units.map((u) => ({
      region: u.region,
      sellerId: u.sellerId,
      marketplaces: u.channels.map((c) => findMarketplace(c.marketplace)?.code ?? c.marketplace),
      needsReauthorization: u.needsReauthorization,
      channels: u.channels.map((c) => ({
        id: c.id,
        marketplace: c.marketplace,
        authorization: c.authorization,
      })),
    })),
    reauthorizationsNeeded: picture.reauthorizationsNeeded,
    deadline: picture.deadline.kind === 'none' ? null : picture.deadline.deadline,
    daysLeft: picture.deadline.kind === 'none' ? null : picture.deadline.daysLeft,
  };
}

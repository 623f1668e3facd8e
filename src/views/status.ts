import { type Channel, type ReauthorizationUnit, unitKey } from '../domain/accounts.js';
import { type DeadlineStatus, describeDeadline } from '../domain/deadline.js';
import { findMarketplace, REGION_NAMES, REGIONS } from '../domain/marketplaces.js';
import type { RenewalState, UnitRenewal } from '../domain/renewal.js';
import { escapeMrkdwn, plural } from '../domain/text.js';
import type { AccountPicture } from '../services/accountService.js';
import { actions, button, context, divider, header, type Message, section, sectionsOf } from './blocks.js';
import { accountLabel } from './lookup.js';
import { slackDate, unitProvenanceLine } from './provenance.js';
import { slackCalendarDate } from './slackTime.js';

export const SHARE_STATUS_ACTION = 'status_share';

export function statusMessage(
  picture: AccountPicture,
  options: { shareButton: boolean; timeZone?: string },
): Message {
  const { account, units } = picture;
  const timeZone = options.timeZone ?? 'UTC';
  const blocks: Message['blocks'] = [header(`${account.name}: Amazon authorization`)];
  if (units.length === 0) {
    blocks.push(section(`${accountLabel(account)} has no Amazon channels on record.`));
  }
  for (const region of REGIONS) {
    const inRegion = units.filter((u) => u.region === region);
    if (inRegion.length === 0) continue;
    blocks.push(
      ...sectionsOf([
        `*${REGION_NAMES[region]} (${region})*`,
        ...inRegion.flatMap((u) => unitLines(u, picture.renewals?.get(unitKey(u)), timeZone)),
      ]),
    );
  }
  blocks.push(divider());
  blocks.push(section(summaryLine(picture)));
  blocks.push(context(deadlineLine(picture.deadline)));
  if (options.shareButton) {
    blocks.push(actions('status_actions', button('Share in channel', SHARE_STATUS_ACTION, account.id)));
  }
  return { text: `${escapeMrkdwn(account.name)}: ${summaryText(picture)}`, blocks };
}

function unitLines(unit: ReauthorizationUnit, renewal: UnitRenewal | undefined, timeZone: string): string[] {
  const verdict = unit.needsReauthorization
    ? ':warning: needs reauthorization'
    : renewal
      ? renewalVerdict(renewal, timeZone)
      : ':white_check_mark: done';
  const source = unitProvenanceLine(unit.channels);
  return [
    `Seller ID \`${escapeMrkdwn(unit.sellerId)}\`: ${verdict}`,
    `    ${unit.channels.map((c) => channelBadge(c, unit)).join('  ·  ')}`,
    ...(source ? [`    _${source}_`] : []),
    ...unit.channels.flatMap(unconfirmedLine),
  ];
}

/** A Seller ID the connector reported that nobody has confirmed: possibly the wrong Amazon account. */
function unconfirmedLine(c: Channel): string[] {
  if (!c.unconfirmedSellerId) return [];
  const when = c.unconfirmedAt ? ` ${slackDate(c.unconfirmedAt, '{date_short_pretty}')}` : '';
  return [
    `    :warning: ${c.marketplace}: the connector reported Seller ID \`${escapeMrkdwn(c.unconfirmedSellerId)}\` (${escapeMrkdwn(c.unconfirmedMarketplace ?? c.marketplace)})${when}: unconfirmed, possibly the wrong Amazon account`,
  ];
}

/** Where a unit on SP-API stands with its yearly renewal: an expired one needs action as much as MWS. */
export function renewalVerdict(renewal: UnitRenewal, timeZone: string): string {
  const by = slackCalendarDate(renewal.renewBy, timeZone);
  if (renewal.state === 'expired')
    return `:warning: renewal expired: needs renewal (was due by ${by}, ${plural(-renewal.daysLeft, 'day')} ago)`;
  const when =
    renewal.daysLeft === 0
      ? 'today'
      : renewal.daysLeft > 0
        ? `in ${plural(renewal.daysLeft, 'day')}`
        : `${plural(-renewal.daysLeft, 'day')} ago`;
  const why = renewal.rolesChanged ? ' (the app added a role since it was authorized)' : '';
  if (renewal.state === 'due') return `:hourglass: renewal due: renew by ${by}, ${when}${why}`;
  return `:white_check_mark: done, renew by ${by}, ${when}`;
}

/** A channel and what it shows; in a unit still to do, the channels already done are ticked. */
function channelBadge(c: Channel, unit: ReauthorizationUnit): string {
  const tick = unit.needsReauthorization && c.authorization === 'MWS/SP-API' ? ' :white_check_mark:' : '';
  const shows = c.authorization === 'none' ? 'not authorized' : c.authorization;
  return `${c.marketplace} \`${shows}\`${tick}`;
}

export function summaryText(picture: AccountPicture): string {
  const n = picture.reauthorizationsNeeded;
  if (picture.units.length === 0) return 'no Amazon channels on record.';
  const renewals = renewalSummary(picture);
  if (n === 0)
    return renewals
      ? `every channel shows MWS/SP-API; ${renewals}.`
      : 'every channel shows MWS/SP-API; nothing left to reauthorize.';
  return `${plural(n, 'reauthorization')} still needed${renewals ? `; ${renewals}` : ''}.`;
}

/** `1 renewal expired, 2 renewals due`; empty when none needs action. */
function renewalSummary(picture: AccountPicture): string {
  const count = (state: RenewalState) =>
    [...(picture.renewals?.values() ?? [])].filter((r) => r.state === state).length;
  const expired = count('expired');
  const due = count('due');
  return [
    expired > 0 ? `${plural(expired, 'renewal')} expired` : '',
    due > 0 ? `${plural(due, 'renewal')} due` : '',
  ]
    .filter(Boolean)
    .join(', ');
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
    /** The unit's latest authorization day (YYYY-MM-DD, REAUTH_TIMEZONE); null on MWS or when unknown. */
    authorizedAt: string | null;
    /** 365 days later, or the day the app added a role when that came first; null as authorizedAt. */
    renewBy: string | null;
    renewal: RenewalState | null;
  }[];
  reauthorizationsNeeded: number;
  deadline: string | null;
  daysLeft: number | null;
}

export function statusJson(picture: AccountPicture): StatusJson {
  return {
    account: { id: picture.account.id, name: picture.account.name },
    units: picture.units.map((u) => {
      const renewal = picture.renewals?.get(unitKey(u));
      return {
        region: u.region,
        sellerId: u.sellerId,
        marketplaces: u.channels.map((c) => findMarketplace(c.marketplace)?.code ?? c.marketplace),
        needsReauthorization: u.needsReauthorization,
        channels: u.channels.map((c) => ({
          id: c.id,
          marketplace: c.marketplace,
          authorization: c.authorization,
        })),
        authorizedAt: renewal?.authorizedAt ?? null,
        renewBy: renewal?.renewBy ?? null,
        renewal: renewal?.state ?? null,
      };
    }),
    reauthorizationsNeeded: picture.reauthorizationsNeeded,
    deadline: picture.deadline.kind === 'none' ? null : picture.deadline.deadline,
    daysLeft: picture.deadline.kind === 'none' ? null : picture.deadline.daysLeft,
  };
}

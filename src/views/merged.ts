import type { ReauthorizationUnit } from '../domain/accounts.js';
import {
  findMarketplace,
  REGION_IN_SENTENCE,
  REGION_NAMES,
  REGIONS,
  type Region,
} from '../domain/marketplaces.js';
import { escapeMrkdwn, listJoin, plural } from '../domain/text.js';
import type { AccountPicture } from '../services/accountService.js';
import { context, header, type Message, section, sectionsOf } from './blocks.js';

const RULE =
  'Amazon lets a seller merge the Seller Central accounts of one region: merged marketplaces share one ' +
  'Seller ID, and one reauthorization of that Seller ID covers all of them. Marketplaces that were never ' +
  'merged, and separate businesses, each have a Seller ID of their own and are each reauthorized on their own.';

/** The merged-account rule, worked out for one customer's channels. */
export function mergedMessage(picture: AccountPicture): Message {
  const { account, units } = picture;
  const lines: string[] = [];
  const regionsOfSeller = new Map<string, Region[]>();
  for (const u of units)
    regionsOfSeller.set(u.sellerId, [...(regionsOfSeller.get(u.sellerId) ?? []), u.region]);
  for (const region of REGIONS) {
    const inRegion = units.filter((u) => u.region === region);
    if (inRegion.length === 0) continue;
    lines.push(`*${REGION_NAMES[region]}*`);
    lines.push(...regionExplanation(region, inRegion, regionsOfSeller));
  }
  const total = units.length;
  const summary =
    total === 0
      ? `${escapeMrkdwn(account.name)} has no Amazon channels on record.`
      : `In all, ${escapeMrkdwn(account.name)} needs ${plural(total, 'reauthorization')} to move every channel: ` +
        `${progress(total, picture.reauthorizationsNeeded)}.`;
  return {
    text: summary,
    blocks: [
      header(`${account.name}: merged accounts`),
      section(RULE),
      ...sectionsOf(lines),
      section(`*${summary}*`),
      context(
        "Check the Seller ID on each channel's settings page: the same ID in one region means one reauthorization there.",
      ),
    ],
  };
}

function regionExplanation(
  region: Region,
  units: ReauthorizationUnit[],
  regionsOfSeller: ReadonlyMap<string, readonly Region[]>,
): string[] {
  const regionName = REGION_IN_SENTENCE[region];
  const lines = units.map((u) => unitSentence(u, regionsOfSeller.get(u.sellerId) ?? [region]));
  if (units.length > 1) {
    const ids = units.map((u) => `\`${escapeMrkdwn(u.sellerId)}\``);
    lines.push(
      `${capitalized(regionName)} has ${units.length} different Seller IDs (${listJoin(ids)}), so ${plural(units.length, 'separate reauthorization')}: one reauthorization never carries over to another Seller ID.`,
    );
    lines.push(...sameMarketplaceNotes(units), ...middleEastNotes(units));
  }
  return lines;
}

/** One unit: what its reauthorization covers; `regions` are all the regions its Seller ID is used in. */
function unitSentence(unit: ReauthorizationUnit, regions: readonly Region[]): string {
  const codes = unit.channels.map((c) => c.marketplace);
  const id = `\`${escapeMrkdwn(unit.sellerId)}\``;
  const state = unit.needsReauthorization ? 'still to do' : 'done';
  const regionName = REGION_IN_SENTENCE[unit.region];
  if (regions.length > 1) {
    // Merging is per region: the same Seller ID elsewhere is another reauthorization.
    return (
      `• Seller ID ${id} appears in ${plural(regions.length, 'region')} (${listJoin(regions.map((r) => REGION_IN_SENTENCE[r]))}) ` +
      `and needs one reauthorization per region: in ${regionName} it covers ${listJoin(codes)} (${state}).`
    );
  }
  if (codes.length === 1) {
    return `• Seller ID ${id} is used only by the ${codes[0]} channel: it is reauthorized on its own (${state}).`;
  }
  return `• One reauthorization of Seller ID ${id} in ${regionName} covers ${listJoin(codes)} (${state}).`;
}

function sameMarketplaceNotes(units: ReauthorizationUnit[]): string[] {
  const sellersByMarketplace = new Map<string, Set<string>>();
  for (const u of units)
    for (const c of u.channels) {
      const set = sellersByMarketplace.get(c.marketplace) ?? new Set<string>();
      set.add(u.sellerId);
      sellersByMarketplace.set(c.marketplace, set);
    }
  return [...sellersByMarketplace]
    .filter(([, sellers]) => sellers.size > 1)
    .map(
      ([code, sellers]) =>
        `• ${code} has channels under ${sellers.size} Seller IDs: separate Amazon businesses, each reauthorized with its own Seller Central login.`,
    );
}

function middleEastNotes(units: ReauthorizationUnit[]): string[] {
  return units
    .filter((u) => u.channels.every((c) => findMarketplace(c.marketplace)?.middleEast))
    .map(
      (u) =>
        `• ${listJoin(u.channels.map((c) => c.marketplace))} carr${u.channels.length === 1 ? 'ies' : 'y'} Seller ID \`${escapeMrkdwn(u.sellerId)}\` of ${u.channels.length === 1 ? 'its' : 'their'} own, as Middle East marketplaces may, so ${u.channels.length === 1 ? 'it needs' : 'they need'} a reauthorization of ${u.channels.length === 1 ? 'its' : 'their'} own.`,
    );
}

function capitalized(text: string): string {
  return text.replace(/^./, (c) => c.toUpperCase());
}

/** How many of `total` reauthorizations are left, said the way a person would for 1, 2 or all. */
function progress(total: number, toDo: number): string {
  if (toDo === 0) return total === 1 ? 'it is done' : 'all done';
  if (toDo === total)
    return total === 1 ? 'it is still to do' : total === 2 ? 'both still to do' : `all ${total} still to do`;
  return `${toDo} still to do, ${total - toDo} done`;
}

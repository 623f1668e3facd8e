import {
  findMarketplace,
  MARKETPLACES,
  type Marketplace,
  marketplaceOrder,
  type Region,
  regionOrder,
} from './marketplaces.js';

export const AUTHORIZATIONS = ['MWS', 'MWS/SP-API'] as const;
/** What the connector's channel settings page shows next to the Seller ID. */
export type Authorization = (typeof AUTHORIZATIONS)[number];

/** A customer of the connector. */
export interface Account {
  id: string;
  name: string;
  /** Slack user ID of the account manager, when the customer has one. */
  accountManager?: string;
}

/** One Amazon channel in the connector: one marketplace, one Seller ID. */
export interface Channel {
  id: string;
  accountId: string;
  /** Marketplace code as in MARKETPLACES (`UK`, never `GB`). */
  marketplace: string;
  sellerId: string;
  authorization: Authorization;
  /** ISO date-time of the last authorization, when known. */
  authorizedAt?: string;
  /** Who recorded it: a Slack user ID, or `import`. */
  authorizedBy?: string;
  /** SHA-256 (hex) of the channel's MWS Auth Token; the token itself is never kept. */
  mwsAuthTokenSha256?: string;
}

/**
 * One reauthorization covers every channel of one Seller ID in one region: merged Seller Central
 * accounts share a Seller ID across the region's marketplaces. Different Seller IDs are always
 * separate units, even in the same region or marketplace.
 */
export interface ReauthorizationUnit {
  region: Region;
  sellerId: string;
  /** The unit's channels, in marketplace table order. */
  channels: Channel[];
  needsReauthorization: boolean;
}

export function unitKey(unit: { region: Region; sellerId: string }): string {
  return `${unit.region}:${unit.sellerId}`;
}

export function regionOf(channel: Channel): Region {
  const marketplace = findMarketplace(channel.marketplace);
  if (!marketplace)
    throw new Error(`Channel ${channel.id} has an unknown marketplace ${channel.marketplace}`);
  return marketplace.region;
}

/** Units ordered by region (NA, EU, FE), then Seller ID; channels in marketplace table order. */
export function reauthorizationUnits(channels: readonly Channel[]): ReauthorizationUnit[] {
  const units = new Map<string, ReauthorizationUnit>();
  for (const channel of channels) {
    const region = regionOf(channel);
    const key = unitKey({ region, sellerId: channel.sellerId });
    let unit = units.get(key);
    if (!unit) {
      unit = { region, sellerId: channel.sellerId, channels: [], needsReauthorization: false };
      units.set(key, unit);
    }
    unit.channels.push(channel);
    if (channel.authorization === 'MWS') unit.needsReauthorization = true;
  }
  const sorted = [...units.values()].sort(
    (a, b) =>
      regionOrder(a.region) - regionOrder(b.region) ||
      (a.sellerId < b.sellerId ? -1 : a.sellerId > b.sellerId ? 1 : 0),
  );
  for (const unit of sorted) unit.channels.sort(byMarketplaceThenId);
  return sorted;
}

function byMarketplaceThenId(a: Channel, b: Channel): number {
  return (
    marketplaceOrder(a.marketplace) - marketplaceOrder(b.marketplace) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export function reauthorizationsNeeded(units: readonly ReauthorizationUnit[]): number {
  return units.filter((u) => u.needsReauthorization).length;
}

/** The unit a channel belongs to, found among an account's channels. */
export function unitOfChannel(channels: readonly Channel[], channel: Channel): ReauthorizationUnit {
  const region = regionOf(channel);
  const unit = reauthorizationUnits(channels).find(
    (u) => u.region === region && u.sellerId === channel.sellerId,
  );
  if (!unit) throw new Error(`Channel ${channel.id} is not among the account's channels`);
  return unit;
}

/** The region's largest marketplaces: where a unit has several channels to choose from, these come first. */
const OPEN_FIRST: Record<Region, readonly string[]> = { NA: ['US'], EU: ['UK', 'DE'], FE: ['JP'] };

/**
 * The channel whose settings page the customer opens to reauthorize a unit: one still on MWS (the
 * customer checks that page shows MWS), in the region's largest marketplace where there is a choice,
 * then in Amazon's table order. Reauthorizing it covers the unit's other channels too.
 */
export function channelToOpen(unit: ReauthorizationUnit): Channel {
  const rank = (c: Channel) => {
    const preferred = OPEN_FIRST[unit.region].indexOf(c.marketplace);
    return preferred < 0 ? OPEN_FIRST[unit.region].length : preferred;
  };
  const candidates = unit.channels.filter((c) => c.authorization === 'MWS');
  const [first] = [...(candidates.length > 0 ? candidates : unit.channels)].sort(
    (a, b) => rank(a) - rank(b) || byMarketplaceThenId(a, b),
  );
  if (!first) throw new Error(`Unit ${unitKey(unit)} has no channels`);
  return first;
}

export type ChannelSelection =
  | { kind: 'found'; channel: Channel }
  | { kind: 'none'; reason: string }
  | { kind: 'ambiguous'; channels: Channel[] };

/**
 * An account's channel by connector channel ID, or by marketplace (code or ID). A marketplace with
 * several channels (separate businesses in one marketplace) is ambiguous: the caller must name the channel.
 */
export function selectChannel(channels: readonly Channel[], what: string): ChannelSelection {
  const byId =
    channels.find((c) => c.id === what) ?? channels.find((c) => c.id.toLowerCase() === what.toLowerCase());
  if (byId) return { kind: 'found', channel: byId };
  const marketplace: Marketplace | undefined = findMarketplace(what);
  if (!marketplace) return { kind: 'none', reason: 'unknown' };
  const inMarketplace = channels.filter((c) => c.marketplace === marketplace.code);
  if (inMarketplace.length === 0) return { kind: 'none', reason: `no ${marketplace.code} channel` };
  if (inMarketplace.length > 1) return { kind: 'ambiguous', channels: inMarketplace };
  return { kind: 'found', channel: inMarketplace[0] as Channel };
}

const SELLER_ID_SHAPE = /^A[0-9A-Z]{12,13}$/;

/** Amazon publishes no format for Seller IDs; an unusual one is worth a warning, never a rejection. */
export function sellerIdWarning(sellerId: string): string | undefined {
  if (SELLER_ID_SHAPE.test(sellerId)) return undefined;
  return `Seller ID "${sellerId}" does not look like the usual A followed by 12-13 capital letters or digits; kept as given`;
}

/** A marketplace ID where a Seller ID belongs (both start with A): worth a warning, never a rejection. */
export function marketplaceIdAsSellerIdWarning(sellerId: string): string | undefined {
  const marketplace = MARKETPLACES.find((m) => m.marketplaceId === sellerId);
  if (!marketplace) return undefined;
  return (
    `"${sellerId}" is the marketplace ID of ${marketplace.country} (${marketplace.code}), not a Seller ID; ` +
    "check the channel's Seller ID in Seller Central; kept as given"
  );
}

const ACCOUNT_ID_SHAPE = /^[a-z0-9][a-z0-9-]{0,63}$/;
export function isAccountId(id: string): boolean {
  return ACCOUNT_ID_SHAPE.test(id);
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
export function isSlackUserId(id: string): boolean {
  return SLACK_USER_ID.test(id);
}

/** How many units (Seller ID and region) still have a channel on MWS, without building the units. */
export function unitsNeedingReauthorization(channels: readonly Channel[]): number {
  const keys = new Set<string>();
  for (const channel of channels)
    if (channel.authorization === 'MWS')
      keys.add(unitKey({ region: regionOf(channel), sellerId: channel.sellerId }));
  return keys.size;
}

import type { Account, Authorization, Channel } from '../../src/domain/accounts.js';
import { MARKETPLACES, type Region } from '../../src/domain/marketplaces.js';
import type { ImportBatch } from '../../store/store.js';
import { seededRandom } from './random.js';

export interface GeneratedStore {
  batch: ImportBatch;
  /** Units still on MWS, for `done` and store-write measurements. */
  mwsUnits: { accountId: string; region: Region; sellerId: string }[];
}

const WORDS = [
  'acme',
  'borealis',
  'cedar',
  'dune',
  'emu',
  'fjord',
  'granite',
  'harbor',
  'iris',
  'juniper',
  'kestrel',
  'lumen',
  'maple',
  'nimbus',
  'orchid',
  'pioneer',
  'quartz',
  'rowan',
  'summit',
  'tidal',
  'umber',
  'vale',
  'willow',
  'yonder',
  'zephyr',
];
const TRADES = ['outdoor', 'books', 'gear', 'home', 'pets', 'toys', 'garden', 'audio', 'kitchen', 'sports'];
const MIDDLE_EAST = new Set(['AE', 'SA', 'EG']);
const SELLER_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * A store shaped like a real connector's customer base: a mix of regions, merged (one Seller ID per
 * region) and unmerged (one per marketplace) accounts, Middle East Seller IDs of their own, and about
 * `mwsShare` of the channels still on MWS. Exactly `accounts` accounts and `channels` channels.
 */
export function generateStore(options: {
  accounts: number;
  channels: number;
  mwsShare?: number;
  seed?: number;
}): GeneratedStore {
  const random = seededRandom(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const mwsShare = options.mwsShare ?? 0.6;
  const sellerIds = new Set<string>();
  const newSellerId = (): string => {
    for (;;) {
      let id = 'A';
      for (let i = 0; i < 13; i++) id += pick([...SELLER_ALPHABET]);
      if (!sellerIds.has(id)) {
        sellerIds.add(id);
        return id;
      }
    }
  };

  const byRegion = new Map<Region, string[]>();
  for (const m of MARKETPLACES) byRegion.set(m.region, [...(byRegion.get(m.region) ?? []), m.code]);
  const regionWeights: [Region, number][] = [
    ['EU', 0.55],
    ['NA', 0.35],
    ['FE', 0.1],
  ];
  const pickRegion = (): Region => {
    let r = random();
    for (const [region, weight] of regionWeights) {
      r -= weight;
      if (r <= 0) return region;
    }
    return 'EU';
  };

  // Channel counts per account: 1 to 9, then nudged so they add up to exactly `channels`.
  const counts = Array.from({ length: options.accounts }, () => 1 + Math.floor(random() * 9));
  let total = counts.reduce((a, b) => a + b, 0);
  for (let i = 0; total !== options.channels; i = (i + 1) % counts.length) {
    const c = counts[i] as number;
    if (total > options.channels && c > 1) {
      counts[i] = c - 1;
      total--;
    } else if (total < options.channels && c < 12) {
      counts[i] = c + 1;
      total++;
    }
  }

  const accounts: Account[] = [];
  const channels: Channel[] = [];
  const mwsUnits: GeneratedStore['mwsUnits'] = [];
  for (let i = 0; i < options.accounts; i++) {
    const name = `${cap(pick(WORDS))} ${cap(pick(TRADES))} ${String(i).padStart(5, '0')}`;
    const id = name.toLowerCase().replace(/\s+/g, '-');
    accounts.push({ id, name, ...(random() < 0.5 ? { accountManager: `UMGR${i % 40}` } : {}) });

    const merged = random() < 0.7;
    const unitSellers = new Map<string, string>();
    const unitAuth = new Map<string, Authorization>();
    const used = new Set<string>();
    const count = counts[i] as number;
    for (let n = 0; n < count; n++) {
      const region = pickRegion();
      const codes = byRegion.get(region) as string[];
      let marketplace = pick(codes);
      // A second channel in one marketplace is a separate business: give it its own Seller ID.
      const duplicate = used.has(marketplace);
      if (duplicate && random() < 0.7) marketplace = pick(codes);
      const separate = used.has(marketplace);
      used.add(marketplace);
      const unitKey = separate
        ? `${region}:${marketplace}:${n}`
        : !merged
          ? `${region}:${marketplace}`
          : MIDDLE_EAST.has(marketplace)
            ? `${region}:ME`
            : region;
      let sellerId = unitSellers.get(unitKey);
      if (!sellerId) {
        sellerId = newSellerId();
        unitSellers.set(unitKey, sellerId);
        const authorization: Authorization = random() < mwsShare ? 'MWS' : 'MWS/SP-API';
        unitAuth.set(unitKey, authorization);
        if (authorization === 'MWS') mwsUnits.push({ accountId: id, region, sellerId });
      }
      const authorization = unitAuth.get(unitKey) as Authorization;
      channels.push({
        id: `ch-${String(channels.length + 1).padStart(6, '0')}`,
        accountId: id,
        marketplace,
        sellerId,
        authorization,
        ...(authorization === 'MWS/SP-API'
          ? { authorizedAt: '2026-06-01T09:00:00.000Z', authorizedBy: 'import' }
          : {}),
      });
    }
  }
  return { batch: { accounts, channels }, mwsUnits };
}

function cap(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

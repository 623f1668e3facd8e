import type { ImportBatch } from '../../store/store.js';
import type { Account, Authorization, Channel } from '../domain/accounts.js';

/**
 * A dozen fictional customers for trying the bot without real data: every shape of the
 * merged-account rule appears at least once. The account managers are shell users: `/as priya` or
 * `/as marco` acts as them.
 */
export const DEMO_PEOPLE: readonly { id: string; name: string }[] = [
  { id: 'UPRIYA', name: 'priya' },
  { id: 'UMARCO', name: 'marco' },
];

const DONE_AT = '2026-10-12T10:15:00.000Z';

function channels(
  accountId: string,
  sellerId: string,
  marketplaces: readonly string[],
  authorization: Authorization = 'MWS',
  idSuffix = '',
): Channel[] {
  return marketplaces.map((marketplace) => ({
    id: `ch-${accountId.split('-')[0]}-${marketplace.toLowerCase()}${idSuffix}`,
    accountId,
    marketplace,
    sellerId,
    authorization,
    ...(authorization === 'MWS/SP-API' ? { authorizedAt: DONE_AT, authorizedBy: 'demo' } : {}),
  }));
}

export function demoBatch(): ImportBatch {
  const accounts: Account[] = [
    { id: 'alpine-trail-gear', name: 'Alpine Trail Gear', accountManager: 'UPRIYA' },
    { id: 'bramble-and-birch', name: 'Bramble & Birch' },
    { id: 'coastline-kites', name: 'Coastline Kites' },
    { id: 'desert-bloom-home', name: 'Desert Bloom Home', accountManager: 'UMARCO' },
    { id: 'eastwind-ceramics', name: 'Eastwind Ceramics' },
    { id: 'fjord-knitwear', name: 'Fjord Knitwear' },
    { id: 'gaucho-leather', name: 'Gaucho Leather' },
    { id: 'himalaya-spice', name: 'Himalaya Spice Traders' },
    { id: 'ironbark-tools', name: 'Ironbark Tools' },
    { id: 'jade-garden-teas', name: 'Jade Garden Teas', accountManager: 'UPRIYA' },
    { id: 'kestrel-optics', name: 'Kestrel Optics' },
    { id: 'lighthouse-candles', name: 'Lighthouse Candles' },
  ];
  const all: Channel[] = [
    // Merged in Europe: one reauthorization covers five marketplaces; North America already done.
    ...channels('alpine-trail-gear', 'A1ALPINEEU0001', ['UK', 'DE', 'FR', 'IT', 'ES']),
    ...channels('alpine-trail-gear', 'A1ALPINENA0001', ['US', 'CA'], 'MWS/SP-API'),
    // Unmerged: each European marketplace has its own Seller ID; the UK is done.
    ...channels('bramble-and-birch', 'A2BRAMBLEUK001', ['UK'], 'MWS/SP-API'),
    ...channels('bramble-and-birch', 'A2BRAMBLEDE001', ['DE']),
    ...channels('bramble-and-birch', 'A2BRAMBLEFR001', ['FR']),
    // Two separate businesses selling in the same marketplace.
    ...channels('coastline-kites', 'A3COASTKITES01', ['UK'], 'MWS', '-kites'),
    ...channels('coastline-kites', 'A3COASTSURF001', ['UK'], 'MWS/SP-API', '-surf'),
    // The Middle East marketplaces under a Seller ID of their own.
    ...channels('desert-bloom-home', 'A4DESERTEU0001', ['UK', 'DE']),
    ...channels('desert-bloom-home', 'A4DESERTME0001', ['AE', 'SA']),
    // Far East apart from North America.
    ...channels('eastwind-ceramics', 'A5EASTWINDFE01', ['JP', 'AU', 'SG']),
    ...channels('eastwind-ceramics', 'A5EASTWINDNA01', ['US'], 'MWS/SP-API'),
    // Everything done.
    ...channels('fjord-knitwear', 'A6FJORDEU00001', ['UK', 'DE', 'SE', 'NL', 'PL'], 'MWS/SP-API'),
    // Brazil belongs to North America.
    ...channels('gaucho-leather', 'A7GAUCHONA0001', ['US', 'CA', 'MX', 'BR']),
    // India belongs to Europe.
    ...channels('himalaya-spice', 'A8HIMALAYAEU01', ['UK', 'IN']),
    ...channels('ironbark-tools', 'A9IRONBARKFE01', ['AU'], 'MWS/SP-API'),
    // One Seller ID in two regions is two reauthorizations; North America is done.
    ...channels('jade-garden-teas', 'A1JADEGARDEN01', ['US'], 'MWS/SP-API'),
    ...channels('jade-garden-teas', 'A1JADEGARDEN01', ['JP', 'SG']),
    // Half-done unit: a channel still on MWS keeps the whole unit pending.
    ...channels('kestrel-optics', 'A1KESTRELEU001', ['UK'], 'MWS/SP-API'),
    ...channels('kestrel-optics', 'A1KESTRELEU001', ['DE', 'FR']),
    ...channels('lighthouse-candles', 'A1LIGHTHOUSE01', ['NL', 'BE', 'TR']),
    ...channels('lighthouse-candles', 'A1LIGHTHOUSE02', ['DE'], 'MWS', '-2'),
  ];
  return { accounts, channels: all };
}

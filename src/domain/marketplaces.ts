/** Amazon SP-API regions. Order matters: answers list regions in this order. */
export const REGIONS = ['NA', 'EU', 'FE'] as const;
export type Region = (typeof REGIONS)[number];

export const REGION_NAMES: Record<Region, string> = {
  NA: 'North America',
  EU: 'Europe',
  FE: 'Far East',
};

/** A region's name inside a sentence, with the article English needs: "in the Far East", "in Europe". */
export const REGION_IN_SENTENCE: Record<Region, string> = {
  NA: 'North America',
  EU: 'Europe',
  FE: 'the Far East',
};

export interface Marketplace {
  country: string;
  /** The code the connector and Seller Central use; `UK` for the United Kingdom (GB is an alias). */
  code: string;
  marketplaceId: string;
  region: Region;
  sellerCentralHost: string;
  /** Amazon's Middle East marketplaces (EG, SA, AE): they may carry a Seller ID of their own, apart from the rest of Europe. */
  middleEast?: true;
}

/**
 * Every marketplace the Selling Partner API serves, in Amazon's table order.
 * Source facts: test/fixtures/amazon-marketplaces.tsv (a test keeps the two in agreement).
 */
export const MARKETPLACES: readonly Marketplace[] = [
  {
    country: 'Canada',
    code: 'CA',
    marketplaceId: 'A2EUQ1WTGCTBG2',
    region: 'NA',
    sellerCentralHost: 'sellercentral.amazon.ca',
  },
  {
    country: 'United States',
    code: 'US',
    marketplaceId: 'ATVPDKIKX0DER',
    region: 'NA',
    sellerCentralHost: 'sellercentral.amazon.com',
  },
  {
    country: 'Mexico',
    code: 'MX',
    marketplaceId: 'A1AM78C64UM0Y8',
    region: 'NA',
    sellerCentralHost: 'sellercentral.amazon.com.mx',
  },
  {
    country: 'Brazil',
    code: 'BR',
    marketplaceId: 'A2Q3Y263D00KWC',
    region: 'NA',
    sellerCentralHost: 'sellercentral.amazon.com.br',
  },
  {
    country: 'Ireland',
    code: 'IE',
    marketplaceId: 'A28R8C7NBKEWEA',
    region: 'EU',
    sellerCentralHost: 'sellercentral.amazon.ie',
  },
  {
    country: 'Spain',
    code: 'ES',
    marketplaceId: 'A1RKKUPIHCS9HS',
    region: 'EU',
    sellerCentralHost: 'sellercentral-europe.amazon.com',
  },
  {
    country: 'United Kingdom',
    code: 'UK',
    marketplaceId: 'A1F83G8C2ARO7P',
    region: 'EU',
    sellerCentralHost: 'sellercentral-europe.amazon.com',
  },
  {
    country: 'France',
    code: 'FR',
    marketplaceId: 'A13V1IB3VIYZZH',
    region: 'EU',
    sellerCentralHost: 'sellercentral-europe.amazon.com',
  },
  {
    country: 'Belgium',
    code: 'BE',
    marketplaceId: 'AMEN7PMS3EDWL',
    region: 'EU',
    sellerCentralHost: 'sellercentral.amazon.com.be',
  },
  {
    country: 'Netherlands',
    code: 'NL',
    marketplaceId: 'A1805IZSGTT6HS',
    region: 'EU',
    sellerCentralHost: 'sellercentral.amazon.nl',
  },
  {
    country: 'Germany',
    code: 'DE',
    marketplaceId: 'A1PA6795UKMFR9',
    region: 'EU',
    sellerCentralHost: 'sellercentral-europe.amazon.com',
  },
  {
    country: 'Italy',
    code: 'IT',
    marketplaceId: 'APJ6JRA9NG5V4',
    region: 'EU',
    sellerCentralHost: 'sellercentral-europe.amazon.com',
  },
  {
    country: 'Sweden',
    code: 'SE',
    marketplaceId: 'A2NODRKZP88ZB9',
    region: 'EU',
    sellerCentralHost: 'sellercentral.amazon.se',
  },
  {
    country: 'South Africa',
    code: 'ZA',
    marketplaceId: 'AE08WJ6YKNBMC',
    region: 'EU',
    sellerCentralHost: 'sellercentral.amazon.co.za',
  },
  {
    country: 'Poland',
    code: 'PL',
    marketplaceId: 'A1C3SOZRARQ6R3',
    region: 'EU',
    sellerCentralHost: 'sellercentral.amazon.pl',
  },
  {
    country: 'Egypt',
    code: 'EG',
    marketplaceId: 'ARBP9OOSHTCHU',
    region: 'EU',
    sellerCentralHost: 'sellercentral.amazon.eg',
    middleEast: true,
  },
  {
    country: 'Turkey',
    code: 'TR',
    marketplaceId: 'A33AVAJ2PDY3EV',
    region: 'EU',
    sellerCentralHost: 'sellercentral.amazon.com.tr',
  },
  {
    country: 'Saudi Arabia',
    code: 'SA',
    marketplaceId: 'A17E79C6D8DWNP',
    region: 'EU',
    sellerCentralHost: 'sellercentral.amazon.sa',
    middleEast: true,
  },
  {
    country: 'United Arab Emirates',
    code: 'AE',
    marketplaceId: 'A2VIGQ35RCS4UG',
    region: 'EU',
    sellerCentralHost: 'sellercentral.amazon.ae',
    middleEast: true,
  },
  {
    country: 'India',
    code: 'IN',
    marketplaceId: 'A21TJRUUN4KGV',
    region: 'EU',
    sellerCentralHost: 'sellercentral.amazon.in',
  },
  {
    country: 'Singapore',
    code: 'SG',
    marketplaceId: 'A19VAU5U5O7RUS',
    region: 'FE',
    sellerCentralHost: 'sellercentral.amazon.sg',
  },
  {
    country: 'Australia',
    code: 'AU',
    marketplaceId: 'A39IBJ37TRP1C6',
    region: 'FE',
    sellerCentralHost: 'sellercentral.amazon.com.au',
  },
  {
    country: 'Japan',
    code: 'JP',
    marketplaceId: 'A1VC38T7YXB528',
    region: 'FE',
    sellerCentralHost: 'sellercentral.amazon.co.jp',
  },
];

const CODE_ALIASES: Record<string, string> = { GB: 'UK' };

const byKey = new Map<string, Marketplace>();
for (const m of MARKETPLACES) {
  byKey.set(m.code, m);
  byKey.set(m.marketplaceId.toUpperCase(), m);
}
for (const [alias, code] of Object.entries(CODE_ALIASES)) {
  const target = byKey.get(code);
  if (target) byKey.set(alias, target);
}

/** A marketplace by code (any case, `GB` = `UK`) or by marketplace ID; undefined when unknown. */
export function findMarketplace(codeOrId: string): Marketplace | undefined {
  // Stored channels hold exact codes: skip the normalizing copy for them.
  return byKey.get(codeOrId) ?? byKey.get(codeOrId.trim().toUpperCase());
}

/** Position in Amazon's table, for ordering marketplaces the way people expect to read them. */
export function marketplaceOrder(code: string): number {
  return orderOfCode.get(code) ?? MARKETPLACES.length;
}

const orderOfCode = new Map(MARKETPLACES.map((m, i) => [m.code, i]));

export function regionOrder(region: Region): number {
  return REGIONS.indexOf(region);
}

export const MARKETPLACE_CODES = MARKETPLACES.map((m) => m.code);

import type { Account, Authorization, Channel } from '../../src/domain/accounts.js';
import type { ImportBatch } from '../../store/store.js';

function ch(
  id: string,
  accountId: string,
  marketplace: string,
  sellerId: string,
  authorization: Authorization = 'MWS',
): Channel {
  return { id, accountId, marketplace, sellerId, authorization };
}

/** Customers covering each shape of the merged-account rule. */
export function sampleBatch(): ImportBatch {
  const accounts: Account[] = [
    { id: 'acme-outdoor', name: 'Acme Outdoor', accountManager: 'UMANAGER1' },
    { id: 'borealis-books', name: 'Borealis Books' },
    { id: 'cedar-co', name: 'Cedar & Co' },
    { id: 'dune-traders', name: 'Dune Traders', accountManager: 'UMANAGER2' },
    { id: 'emu-gear', name: 'Emu Gear' },
  ];
  const channels: Channel[] = [
    // Merged in Europe: one Seller ID for UK, DE, FR; North America already done.
    ch('ch-acme-uk', 'acme-outdoor', 'UK', 'A1ACMEEU00001X'),
    ch('ch-acme-de', 'acme-outdoor', 'DE', 'A1ACMEEU00001X'),
    ch('ch-acme-fr', 'acme-outdoor', 'FR', 'A1ACMEEU00001X'),
    ch('ch-acme-us', 'acme-outdoor', 'US', 'A2ACMENA00001X', 'MWS/SP-API'),
    ch('ch-acme-ca', 'acme-outdoor', 'CA', 'A2ACMENA00001X', 'MWS/SP-API'),
    // Unmerged: each European marketplace has its own Seller ID.
    ch('ch-bor-uk', 'borealis-books', 'UK', 'A3BOREALUK001X'),
    ch('ch-bor-de', 'borealis-books', 'DE', 'A3BOREALDE001X'),
    ch('ch-bor-fr', 'borealis-books', 'FR', 'A3BOREALFR001X'),
    // Separate businesses in the same marketplace.
    ch('ch-cedar-uk-1', 'cedar-co', 'UK', 'A4CEDARONE001X'),
    ch('ch-cedar-uk-2', 'cedar-co', 'UK', 'A4CEDARTWO001X'),
    // Middle East under a Seller ID of its own.
    ch('ch-dune-uk', 'dune-traders', 'UK', 'A5DUNEEU0001XX'),
    ch('ch-dune-de', 'dune-traders', 'DE', 'A5DUNEEU0001XX'),
    ch('ch-dune-ae', 'dune-traders', 'AE', 'A5DUNEME0001XX'),
    ch('ch-dune-sa', 'dune-traders', 'SA', 'A5DUNEME0001XX'),
    // Brazil is North America, India is Europe; Far East apart.
    ch('ch-emu-us', 'emu-gear', 'US', 'A6EMUGLOBAL01X'),
    ch('ch-emu-br', 'emu-gear', 'BR', 'A6EMUGLOBAL01X'),
    ch('ch-emu-in', 'emu-gear', 'IN', 'A6EMUGLOBAL01X'),
    ch('ch-emu-jp', 'emu-gear', 'JP', 'A6EMUGLOBAL01X', 'MWS/SP-API'),
    ch('ch-emu-au', 'emu-gear', 'AU', 'A6EMUGLOBAL01X'),
  ];
  return { accounts, channels };
}

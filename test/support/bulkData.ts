import type { Account, Channel } from '../../src/domain/accounts.js';
import type { ImportBatch } from '../../store/store.js';

/**
 * Many customers, all still on MWS: account `bulk-0042` gets a merged EU unit (UK, DE, FR), every
 * third one also a US unit, spread over `managers` account managers plus some with none.
 */
export function bulkBatch(count: number, managers = 12): ImportBatch {
  const accounts: Account[] = [];
  const channels: Channel[] = [];
  for (let i = 0; i < count; i++) {
    const id = `bulk-${String(i).padStart(4, '0')}`;
    const manager =
      i % (managers + 1) === managers ? undefined : `UMGR${String(i % (managers + 1)).padStart(3, '0')}`;
    accounts.push({
      id,
      name: `Bulk Customer ${i} Trading Ltd`,
      ...(manager ? { accountManager: manager } : {}),
    });
    const eu = `A${String(i).padStart(12, '0')}E`;
    for (const marketplace of ['UK', 'DE', 'FR'])
      channels.push({
        id: `${id}-${marketplace}`,
        accountId: id,
        marketplace,
        sellerId: eu,
        authorization: 'MWS',
      });
    if (i % 3 === 0)
      channels.push({
        id: `${id}-US`,
        accountId: id,
        marketplace: 'US',
        sellerId: `A${String(i).padStart(12, '0')}N`,
        authorization: 'MWS',
      });
  }
  return { accounts, channels };
}

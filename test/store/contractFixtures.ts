import type { Channel } from '../../src/domain/accounts.js';
import type { Actor } from '../../store/store.js';

export const T1 = new Date('2026-11-01T09:00:00.000Z');
export const T2 = new Date('2026-11-02T10:30:00.000Z');
export const T3 = new Date('2026-11-03T11:45:00.000Z');
export const importer: Actor = { id: 'import', at: T1 };

export function channel(id: string, accountId: string, marketplace: string, sellerId: string): Channel {
  return { id, accountId, marketplace, sellerId, authorization: 'MWS' };
}

export function byId<T extends { id: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((i) => [i.id, i]));
}

import { describe, expect, it } from 'vitest';
import { byMostPending, channelsByAccount, pendingAccounts, pendingAmong } from '../../src/domain/pending.js';
import { generateStore } from '../support/generateStore.js';

describe('pending accounts', () => {
  const { batch } = generateStore({ accounts: 300, channels: 1_500, seed: 5 });

  it('lists accounts with a unit still on MWS, most reauthorizations first, then by name', () => {
    const pending = pendingAccounts(batch.accounts, batch.channels);
    expect(pending.length).toBeGreaterThan(0);
    for (const p of pending) {
      expect(p.pendingUnits.every((u) => u.needsReauthorization)).toBe(true);
      expect(p.reauthorizationsNeeded).toBe(p.pendingUnits.length);
    }
    for (let i = 1; i < pending.length; i++) {
      const [a, b] = [pending[i - 1], pending[i]];
      if (!a || !b) continue;
      expect(b.reauthorizationsNeeded <= a.reauthorizationsNeeded).toBe(true);
      if (a.reauthorizationsNeeded === b.reauthorizationsNeeded)
        expect(a.account.name.localeCompare(b.account.name)).toBeLessThanOrEqual(0);
    }
    const doneOnly = batch.accounts.filter(
      (a) => !batch.channels.some((c) => c.accountId === a.id && c.authorization === 'MWS'),
    );
    expect(pending.some((p) => doneOnly.includes(p.account))).toBe(false);
  });

  it('worked out a slice of accounts at a time and then sorted, gives the same list', () => {
    const byAccount = channelsByAccount(batch.channels);
    const sliced = [];
    for (let i = 0; i < batch.accounts.length; i += 70)
      sliced.push(...pendingAmong(batch.accounts.slice(i, i + 70), byAccount));
    expect(sliced.sort(byMostPending)).toEqual(pendingAccounts(batch.accounts, batch.channels));
  });
});

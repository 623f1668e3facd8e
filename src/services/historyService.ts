import type { Store } from '../../store/store.js';
import type { Account } from '../domain/accounts.js';
import type { AuditEntry } from '../domain/audit.js';
import type { AccountService, Lookup } from './accountService.js';

export interface AccountHistory {
  account: Account;
  /** Newest first. */
  entries: AuditEntry[];
}

/** What happened to one customer, from the audit trail. */
export class HistoryService {
  constructor(
    private readonly store: Store,
    private readonly accounts: AccountService,
  ) {}

  async history(query: string): Promise<Lookup<AccountHistory>> {
    const found = await this.accounts.find(query);
    if (found.kind !== 'found') return found;
    // Recorded order, newest first; then by time, since an entry may carry an earlier time than
    // the one before it (a reauthorization recorded after the fact).
    const entries = (await this.store.auditTrail(found.value.id))
      .reverse()
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    return { kind: 'found', value: { account: found.value, entries } };
  }
}

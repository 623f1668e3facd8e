import type { Store } from '../../store/store.js';
import { type AccountsExport, accountsExport } from '../domain/csvExport.js';

/** The store's customers and channels as an accounts CSV's columns and records (see csvExport). */
export class ExportService {
  constructor(private readonly store: Store) {}

  async accounts(options: { pendingOnly?: boolean } = {}): Promise<AccountsExport> {
    return accountsExport(await this.store.listAccounts(), await this.store.allChannels(), options);
  }
}

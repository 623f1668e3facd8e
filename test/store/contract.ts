import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../../store/store.js';
import { connectorCases } from './contractConnector.js';
import { copiesAndConcurrencyCases } from './contractCopies.js';
import { importCases } from './contractImport.js';
import { reauthorizationCases } from './contractReauthorization.js';

export interface StoreContractOptions {
  /** A fresh, empty store. */
  open: () => Promise<Store>;
  /**
   * For persistent backends: closes `store` and opens the same data again, so every check can also
   * be made against what was persisted rather than what is in memory.
   */
  reopen?: (store: Store) => Promise<Store>;
}

/** What each group of contract cases works with. */
export interface ContractContext {
  /** The store under test (replaced when `persisted()` reopens it). */
  readonly store: Store;
  /** The store as persisted when the backend persists; the same store otherwise. */
  persisted(): Promise<Store>;
}

/** The behaviour every Store implementation must have; run it once per backend. */
export function storeContract(name: string, options: StoreContractOptions): void {
  describe(`${name} (Store contract)`, () => {
    let store: Store;
    const ctx: ContractContext = {
      get store() {
        return store;
      },
      async persisted() {
        if (options.reopen) store = await options.reopen(store);
        return store;
      },
    };
    beforeEach(async () => {
      store = await options.open();
    });
    afterEach(async () => {
      await store.close();
    });

    importCases(ctx);
    reauthorizationCases(ctx);
    copiesAndConcurrencyCases(ctx);
    connectorCases(ctx);
  });
}

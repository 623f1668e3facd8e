import type { Store } from '../../store/store.js';
import { unitsNeedingReauthorization } from '../domain/accounts.js';
import type { AppMetrics } from './metrics.js';

/** Every Store method that changes something. */
const WRITES: ReadonlySet<string> = new Set([
  'importBatch',
  'recordReauthorization',
  'recordDigestSlot',
  'recordDigestDelivery',
  'closeDigest',
  'createRollback',
  'decideRollback',
  'expireDueRollbacks',
  'completeChecklistItem',
  'untickChecklistItem',
  'attachRollbackMessage',
] satisfies (keyof Store)[]);

export interface MeasuredStore {
  /** The same store, its writes timed. */
  store: Store;
  /** Why the last write failed to reach the disk, while no write has succeeded since. */
  writeFailure(): string | undefined;
}

/**
 * Times each write (`reauth_store_write_seconds`) and feeds the gauges. The gauges are worked out
 * again only after a write, so a scrape of an unchanged store costs nothing.
 */
export function measureStore(store: Store, metrics: AppMetrics): MeasuredStore {
  let changed = true;
  let failure: string | undefined;

  const timed =
    (operation: string, write: (...args: unknown[]) => Promise<unknown>) =>
    async (...args: unknown[]) => {
      const end = metrics.storeWriteSeconds.startTimer({ operation });
      try {
        const result = await write(...args);
        end({ outcome: 'ok' });
        failure = undefined;
        return result;
      } catch (error) {
        end({ outcome: 'error' });
        // A system error (disk full, permissions, I/O) rather than a refusal of bad input.
        const code = (error as NodeJS.ErrnoException).code;
        if (typeof code === 'string') failure = `${code}: ${(error as Error).message}`;
        throw error;
      } finally {
        changed = true;
      }
    };

  const measured = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const bound = (value as (...args: unknown[]) => unknown).bind(target);
      return typeof property === 'string' && WRITES.has(property)
        ? timed(property, bound as (...args: unknown[]) => Promise<unknown>)
        : bound;
    },
  });

  // Both gauges are collected at once: they share one count (in flight, or since the last write).
  let counting: Promise<{ pendingUnits: number; openRollbacks: number }> | undefined;
  const current = () => {
    if (changed || !counting) {
      changed = false;
      counting = (async () => ({
        pendingUnits: unitsNeedingReauthorization(await store.allChannels()),
        openRollbacks: (await store.undecidedRollbacks()).length,
      }))();
      counting.catch(() => {
        changed = true;
      });
    }
    return counting;
  };
  metrics.watch({
    pendingUnits: async () => (await current()).pendingUnits,
    openRollbacks: async () => (await current()).openRollbacks,
  });
  return { store: measured, writeFailure: () => failure };
}

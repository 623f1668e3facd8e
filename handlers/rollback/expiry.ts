import type { App } from '@slack/bolt';
import type { Services } from '../../src/services/index.js';
import { type Leadership, soleInstance } from '../../store/leadership.js';
import { RollbackPublisher } from './publish.js';

export const DEFAULT_SWEEP_INTERVAL_MS = 60_000;

export interface ExpirySweep {
  /** One pass: expires what is due (by the services' clock) and updates those messages. */
  sweep(): Promise<void>;
  stop(): void;
}

/**
 * Expires undecided requests on a timer. The clock decides what is due, so tests move the clock and
 * the next tick does the rest. Passes never overlap; a failed pass is logged and the next one retries
 * whatever is still due.
 */
export function startExpirySweep(
  app: App,
  services: Services,
  intervalMs: number,
  leadership: Leadership = soleInstance,
): ExpirySweep {
  const publisher = new RollbackPublisher(app.client, services);
  let running: Promise<void> | undefined;
  const sweep = async (): Promise<void> => {
    if (running) return running;
    running = (async () => {
      try {
        // On several instances, the leader sweeps; the store expires each request once regardless.
        if (!(await leadership.isLeader())) return;
        for (const expired of await services.rollbacks.expireDue()) {
          try {
            await publisher.announceOutcome(await services.rollbacks.detailsOf(expired));
          } catch (error) {
            services.logger.error(
              `Rollback ${expired.id} expired, but updating its Slack message failed:`,
              error,
            );
          }
        }
      } catch (error) {
        services.logger.error('The rollback expiry sweep failed:', error);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void sweep(), intervalMs);
  // A pending sweep must never keep a stopping process alive.
  timer.unref();
  return { sweep, stop: () => clearInterval(timer) };
}

import type { Logger } from '@slack/logger';
import { type Leadership, soleInstance } from '../../store/leadership.js';
import type { Clock } from '../clock.js';
import type { DigestService } from './digestService.js';

export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (run, ms) => {
    const handle = setTimeout(run, ms);
    // The HTTP server or socket keeps the bot alive; the digest timer alone never should.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Looking at least this often means a changed clock or a failed post is picked up soon enough. */
export const MAX_TICK_INTERVAL_MS = 30_000;

/**
 * The only part of digests that knows about real time: it calls DigestService.tick at start (to
 * finish or catch up) and then at each slot, at least every 30 s. Every decision is made in
 * tick from the clock's now, so tests call tick themselves.
 */
export class DigestScheduler {
  private handle: unknown;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly digests: DigestService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly timers: Timers = realTimers,
    /** With several instances on one database, only the leader posts; the others keep asking. */
    private readonly leadership: Leadership = soleInstance,
  ) {}

  /** Starts ticking; returns false (and says why, once) when no digest channel is configured. */
  start(): boolean {
    const { channel, cron, timeZone, dm } = this.digests.settings;
    if (!channel) {
      this.logger.info('Scheduled digests are off: REAUTH_DIGEST_CHANNEL is not set.');
      return false;
    }
    const next = this.digests.nextSlot();
    this.logger.info(
      `Digests: "${cron}" in ${timeZone} to ${channel}${dm ? ', with DMs to account managers' : ''}; ` +
        `next slot ${next ? next.toISOString() : 'never'}.`,
    );
    this.run();
    return true;
  }

  /** Resolves once the tick in flight, if any, has finished and the next one is set. */
  async settled(): Promise<void> {
    await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    await this.running;
  }

  private run(): void {
    this.running = this.leadership
      .isLeader()
      .then((leading) => (leading ? this.digests.tick() : undefined))
      .catch((error: unknown) => this.logger.error('The digest tick failed; trying again shortly:', error))
      .finally(() => this.scheduleNext());
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    const next = this.digests.nextSlot();
    const untilNext = next ? next.getTime() - this.clock.now().getTime() : MAX_TICK_INTERVAL_MS;
    const delay = Math.min(MAX_TICK_INTERVAL_MS, Math.max(1_000, untilNext));
    this.handle = this.timers.setTimeout(() => this.run(), delay);
  }
}

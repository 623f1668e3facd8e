import type { ReplayStore } from '../replayStore.js';
import type { Database } from './database.js';

/** Forget expired requests at most this often (one indexed DELETE), from whichever instance inserts. */
const PRUNE_EVERY_MS = 60_000;

/**
 * The replay guard's shared memory: one row per signed request, its primary key the request's
 * timestamp and signature digest. Whichever instance inserts it first serves it; the others find
 * the row and refuse. Rows outlive the signature window only until the next prune.
 */
export class PostgresReplayStore implements ReplayStore {
  private lastPrune = 0;

  constructor(
    private readonly db: Database,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async remember(key: string, expiresAt: Date): Promise<boolean> {
    const now = this.nowMs();
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now;
      await this.db.query('DELETE FROM seen_requests WHERE expires_at < $1', [new Date(now).toISOString()]);
    }
    const inserted = await this.db.query(
      'INSERT INTO seen_requests (key, expires_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
      [key, expiresAt.toISOString()],
    );
    return inserted.rowCount === 1;
  }
}

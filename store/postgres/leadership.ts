import type { Leadership } from '../leadership.js';
import type { Connection, Database } from './database.js';

/**
 * Leader election by a PostgreSQL advisory lock held on a connection of its own: the instance whose
 * session holds the lock leads. The lock lives exactly as long as that session, so a leader that
 * dies (even by SIGKILL) loses it when the server sees its connection close, and the next instance
 * to try takes over; the jobs try at every tick (at most 30 s apart). The key includes the schema,
 * so separate deployments in one database each have their own leader.
 */
export class PostgresLeadership implements Leadership {
  private session: Connection | undefined;
  private leading = false;
  private attempt: Promise<boolean> = Promise.resolve(false);
  private released = false;

  constructor(
    private readonly db: Database,
    private readonly log: { info(message: string): void; warn(message: string): void } = console,
  ) {}

  isLeader(): Promise<boolean> {
    // One try at a time: the scheduler and the sweep may ask together.
    this.attempt = this.attempt.then(
      () => this.tryLead(),
      () => this.tryLead(),
    );
    return this.attempt;
  }

  private async tryLead(): Promise<boolean> {
    if (this.released) return false;
    try {
      this.session ??= await this.db.openSession();
      if (this.leading) {
        // Still ours only while the session is: a lost connection took the lock with it.
        await this.session.query('SELECT 1');
        return true;
      }
      const { rows } = await this.session.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(hashtext('reauth-bot:leader:' || current_schema())) AS locked`,
      );
      this.leading = rows[0]?.locked === true;
      if (this.leading)
        this.log.info('This instance now runs the digest schedule and the rollback expiry sweep.');
      return this.leading;
    } catch (error) {
      if (this.leading)
        this.log.warn(
          `Lost the database session that made this instance the leader: ${(error as Error).message}`,
        );
      this.leading = false;
      this.session?.release(error as Error);
      this.session = undefined;
      return false;
    }
  }

  async release(): Promise<void> {
    this.released = true;
    await this.attempt.catch(() => undefined);
    const session = this.session;
    this.session = undefined;
    this.leading = false;
    // Ending the session frees the lock; nothing else needs undoing.
    session?.release();
  }
}

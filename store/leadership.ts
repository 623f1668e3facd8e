/**
 * Which instance runs the jobs that must run in one place at a time: the digest scheduler and the
 * rollback expiry sweep. The file store has one writer (its lock), so that one always leads; on
 * PostgreSQL several instances share the database and elect a leader there (postgres/leadership.ts).
 * Correctness never depends on it (slots and decisions are claimed in the store); it keeps the other
 * instances from doing the same work, and from racing each other in Slack.
 */
export interface Leadership {
  /** Whether this instance leads now, trying to become leader if it does not. Never rejects. */
  isLeader(): Promise<boolean>;
  /** Gives up leadership (at stop), so another instance takes over at its next try. */
  release(): Promise<void>;
}

export const soleInstance: Leadership = {
  isLeader: async () => true,
  release: async () => undefined,
};

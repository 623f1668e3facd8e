/**
 * Signed requests already served, kept where every instance of the bot sees them, so a request
 * replayed to another instance behind the same load balancer is refused too. Each instance still
 * keeps its own bounded in-memory guard (src/signedRequests.ts) in front of this one.
 */
export interface ReplayStore {
  /** Remembers `key` until `expiresAt`: true the first time, false if any instance already had it. */
  remember(key: string, expiresAt: Date): Promise<boolean>;
}

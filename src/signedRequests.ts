import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack signs each request with its timestamp; Bolt refuses timestamps over 5 minutes old. */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

/**
 * At most this many signed requests are remembered at once: about 166 a second for 5 minutes, far
 * beyond what one workspace sends this bot. Only requests whose signature verified are remembered,
 * so reaching it takes the signing secret (or Slack sending more than ever expected).
 */
export const REPLAY_GUARD_CAPACITY = 50_000;

/**
 * Checks `header` is exactly `<scheme>=` followed by 64 lower-case hex digits (an HMAC-SHA256) of
 * `<scheme>:<timestamp>:<body>` under `secret`, and returns that digest, or undefined if not.
 *
 * Stricter than Bolt on purpose: Bolt splits the header on every `=`, so `v0=<hex>=` and
 * `v0=<hex>=x` also verify there, and a replay guard keyed on the raw header would take them for new
 * requests. Only one spelling of a signature is accepted here, and the caller keys on the digest.
 * The timestamp must be plain digits for the same reason (`0123` or `123.0` sign as `123` in Bolt).
 * `scheme` is `v0` for Slack; another sender signing the same way can use its own.
 */
export function checkSignature(
  scheme: string,
  secret: string,
  timestamp: string | undefined,
  rawBody: string | Buffer,
  header: string | undefined,
): string | undefined {
  if (!secret || timestamp === undefined || !/^[1-9][0-9]{0,11}$/.test(timestamp)) return undefined;
  if (header === undefined || header.length !== scheme.length + 1 + 64) return undefined;
  const match = /^([a-z0-9]+)=([0-9a-f]{64})$/.exec(header);
  if (!match || match[1] !== scheme || match[2] === undefined) return undefined;
  const expected = createHmac('sha256', secret).update(`${scheme}:${timestamp}:`).update(rawBody).digest();
  const given = Buffer.from(match[2], 'hex');
  return timingSafeEqual(given, expected) ? match[2] : undefined;
}

/** What the replay guard made of a verified request. */
export type Admission = 'admitted' | 'replay' | 'outside-window' | 'full';

/**
 * Remembers each verified request (timestamp, digest) for as long as its signature would be
 * accepted, so the same request sent twice is refused. Bolt checks that a request is signed and not
 * stale, but a copy replayed within those 5 minutes, or one stamped in the future, would pass.
 *
 * Memory is bounded by `capacity`. When it is full of entries still inside their window, new
 * requests are refused ('full', answered 503 so Slack retries later) rather than an entry forgotten:
 * forgetting one would let that request be replayed, and a flood that could do that would turn the
 * cap into a way around the guard.
 */
export class ReplayGuard {
  private seen = new Map<string, number>();

  constructor(
    private readonly nowMs: () => number = Date.now,
    readonly capacity = REPLAY_GUARD_CAPACITY,
  ) {}

  /** 'admitted' (and remembered) for a first sighting with a timestamp within 5 minutes of now. */
  admit(timestampSeconds: number, digest: string): Admission {
    const now = this.nowMs();
    this.forgetExpired(now, false);
    if (
      !Number.isFinite(timestampSeconds) ||
      Math.abs(now / 1000 - timestampSeconds) > SIGNATURE_WINDOW_SECONDS
    )
      return 'outside-window';
    const key = `${timestampSeconds}:${digest}`;
    if (this.seen.has(key)) return 'replay';
    if (this.seen.size >= this.capacity) {
      this.forgetExpired(now, true);
      if (this.seen.size >= this.capacity) return 'full';
    }
    // One second more than the window: Bolt compares whole seconds, so it still accepts a request
    // for part of the second after its timestamp plus 5 minutes.
    this.seen.set(key, (timestampSeconds + SIGNATURE_WINDOW_SECONDS + 1) * 1000);
    return 'admitted';
  }

  get size(): number {
    return this.seen.size;
  }

  /**
   * Entries arrive roughly in timestamp order, so the expired ones are usually at the front; a
   * request stamped ahead can hold later ones back, which the full sweep (`all`) catches when the
   * guard is full.
   */
  private forgetExpired(now: number, all: boolean): void {
    for (const [key, expires] of this.seen) {
      if (expires > now) {
        if (all) continue;
        break;
      }
      this.seen.delete(key);
    }
  }
}

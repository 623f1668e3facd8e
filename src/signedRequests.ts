import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Requests signed the way Slack signs them: an HMAC-SHA256, keyed with a shared secret, of
 * `<version>:<timestamp>:<raw body>`, sent as `<version>=<hex>` beside a Unix-seconds timestamp.
 * One verifier serves every sender; a scheme names its headers and version.
 */
export interface SignatureScheme {
  /** For log lines: whose signature this is. */
  name: string;
  version: string;
  /** Lowercase header names. */
  timestampHeader: string;
  signatureHeader: string;
}

export const SLACK_SCHEME: SignatureScheme = {
  name: 'Slack',
  version: 'v0',
  timestampHeader: 'x-slack-request-timestamp',
  signatureHeader: 'x-slack-signature',
};

export const CONNECTOR_SCHEME: SignatureScheme = {
  name: 'connector',
  version: 'v1',
  timestampHeader: 'x-reauth-request-timestamp',
  signatureHeader: 'x-reauth-signature',
};

/** A signed request is accepted this long either side of the receiver's clock. */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

export type SignatureCheck =
  | { ok: true; timestamp: number; digest: string }
  | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

type Headers = Record<string, string | string[] | undefined>;

/** The signature a sender puts in the scheme's signature header. */
export function signatureOf(
  scheme: SignatureScheme,
  secret: string,
  timestamp: number,
  body: string | Buffer,
): string {
  return `${scheme.version}=${digestOf(scheme, secret, timestamp, body)}`;
}

function digestOf(scheme: SignatureScheme, secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${scheme.version}:${timestamp}:`).update(body).digest('hex');
}

/**
 * Checks a request's signature and timestamp (within SIGNATURE_WINDOW_SECONDS of `nowMs`, either
 * way), in constant time. The verified digest is what a replay guard remembers.
 */
export function checkSignature(
  scheme: SignatureScheme,
  secret: string,
  headers: Headers,
  rawBody: string | Buffer,
  nowMs: number,
): SignatureCheck {
  const timestampText = single(headers[scheme.timestampHeader]);
  const signature = single(headers[scheme.signatureHeader]);
  if (timestampText === undefined || signature === undefined) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestampText)) return { ok: false, reason: 'malformed' };
  const timestamp = Number(timestampText);
  if (Math.abs(nowMs / 1000 - timestamp) > SIGNATURE_WINDOW_SECONDS) return { ok: false, reason: 'stale' };
  const prefix = `${scheme.version}=`;
  if (!signature.startsWith(prefix) || !/^[0-9a-f]{64}$/.test(signature.slice(prefix.length)))
    return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(digestOf(scheme, secret, timestamp, rawBody), 'hex');
  const given = Buffer.from(signature.slice(prefix.length), 'hex');
  if (!timingSafeEqual(expected, given)) return { ok: false, reason: 'mismatch' };
  return { ok: true, timestamp, digest: expected.toString('hex') };
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value.trim() : undefined;
}

/**
 * Remembers each verified digest for as long as its timestamp would be accepted, so the same signed
 * request sent again is refused. Bounded: entries leave when their timestamp falls out of the
 * window, and at `maxEntries` (signed requests within 10 minutes) new ones are refused rather than
 * old ones forgotten, since forgetting one would let it be replayed.
 */
export class SignedReplayGuard {
  private seen = new Map<string, number>();
  private lastSweepMs = 0;

  constructor(
    private readonly maxEntries = 100_000,
    private readonly windowSeconds = SIGNATURE_WINDOW_SECONDS,
  ) {}

  /** 'new' (and remembered), 'replay', or 'full'. */
  admit(digest: string, timestampSeconds: number, nowMs: number): 'new' | 'replay' | 'full' {
    this.forgetExpired(nowMs);
    if (this.seen.has(digest)) return 'replay';
    if (this.seen.size >= this.maxEntries) return 'full';
    this.seen.set(digest, (timestampSeconds + this.windowSeconds) * 1000);
    return 'new';
  }

  /** Lets a request that was admitted but not acted on (it failed before changing anything) be sent again. */
  release(digest: string): void {
    this.seen.delete(digest);
  }

  get size(): number {
    return this.seen.size;
  }

  private forgetExpired(nowMs: number): void {
    // Timestamps are not in arrival order (up to 5 minutes either way), so every entry is looked
    // at; at most once a second, since an entry kept a second longer only costs memory.
    if (nowMs - this.lastSweepMs < 1000 && this.seen.size < this.maxEntries) return;
    this.lastSweepMs = nowMs;
    for (const [digest, expires] of this.seen) if (expires <= nowMs) this.seen.delete(digest);
  }
}

/**
 * What the store keeps about each digest slot, so a digest is posted exactly once per slot across
 * restarts: the slot is recorded with every message it will post BEFORE the first post, and each
 * message's Slack `ts` as soon as it is posted. Resuming posts only the messages without a `ts`.
 */

/** A rendered Slack message, kept as plain JSON (text and Block Kit blocks). */
export interface PlannedMessage {
  text: string;
  blocks: unknown[];
}

export interface DigestPart {
  /** What to post; dropped once the whole slot is posted, to keep the store small. */
  message?: PlannedMessage;
  /** Slack's timestamp of the posted message: set means posted, never post again. */
  ts?: string;
  postedAt?: string;
  /**
   * Set when a post of this part failed in a way that may have posted it anyway (no answer in time,
   * a 5xx): before posting it again the bot looks for it in Slack by its metadata.
   */
  uncertainSince?: string;
}

/** An account manager's own digest, sent as a direct message. */
export interface DigestDm {
  user: string;
  parts: DigestPart[];
  /** The DM conversation, once opened. */
  channel?: string;
  /** Slack refused the DM for good (user gone, cannot DM): recorded, logged, not retried. */
  error?: string;
}

export type DigestKind = 'scheduled' | 'extra';

export type DigestStatus = 'posting' | 'posted' | 'skipped';

export interface DigestRecord {
  /** `scheduled:<slot ISO>` for the cron's slots, `extra:<ISO>:<n>` for digests posted on request. */
  id: string;
  kind: DigestKind;
  /** ISO instant of the slot: the cron time, or when an extra digest was asked for. */
  slot: string;
  channel: string;
  status: DigestStatus;
  /** Who caused it: `schedule`, a Slack user ID, or `cli:<os user>`. */
  requestedBy: string;
  createdAt: string;
  /** The channel message first, then its thread replies. */
  parts: DigestPart[];
  dms: DigestDm[];
  closedAt?: string;
  /** Why a skipped slot was not posted. */
  reason?: string;
}

export function scheduledDigestId(slot: Date): string {
  return `scheduled:${slot.toISOString()}`;
}

export type DigestDelivery =
  | { target: 'channel'; part: number; ts: string }
  | { target: 'dm'; user: string; part: number; ts: string; channel: string }
  | { target: 'dm'; user: string; error: string }
  | { target: 'channel'; part: number; uncertain: true }
  | { target: 'dm'; user: string; part: number; channel: string; uncertain: true };

export type DigestClosing = { status: 'posted' } | { status: 'skipped'; reason: string };

export function partsPosted(record: DigestRecord): number {
  return (
    record.parts.filter((p) => p.ts).length +
    record.dms.reduce((n, dm) => n + dm.parts.filter((p) => p.ts).length, 0)
  );
}

/** The latest scheduled slot on record (posted, posting or skipped); extra digests never count. */
export function lastScheduledSlot(records: readonly DigestRecord[]): Date | undefined {
  let latest: string | undefined;
  for (const r of records) if (r.kind === 'scheduled' && (!latest || r.slot > latest)) latest = r.slot;
  return latest ? new Date(latest) : undefined;
}

/**
 * A digest asked for by hand this recently is not posted again: a second `/reauth digest post`
 * within minutes is a double click or two approvers at once, not a wish for a second copy of the
 * same digest (and all its DMs) in the channel.
 */
export const EXTRA_DIGEST_REPEAT_MS = 10 * 60_000;

/**
 * The digest asked for by hand that a new request would repeat: one still posting, or one asked
 * for less than `EXTRA_DIGEST_REPEAT_MS` before `now`. The newest, if several.
 */
export function repeatedExtraDigest(records: readonly DigestRecord[], now: Date): DigestRecord | undefined {
  const since = now.getTime() - EXTRA_DIGEST_REPEAT_MS;
  return records
    .filter(
      (r) =>
        r.kind === 'extra' &&
        r.status !== 'skipped' &&
        (r.status === 'posting' || new Date(r.createdAt).getTime() > since),
    )
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

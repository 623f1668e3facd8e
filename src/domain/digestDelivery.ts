/**
 * Posting a digest message exactly once when Slack's answer can be lost: every message carries
 * metadata naming its digest and part, so after a failure that may have posted it (a timeout, a
 * dropped connection, a 5xx) the bot looks for it in the conversation instead of posting blind.
 */

export const DIGEST_PART_EVENT = 'reauth_digest_part';

/** Slack message metadata as chat.postMessage takes it and conversations.history returns it. */
export interface DigestPartMetadata {
  event_type: typeof DIGEST_PART_EVENT;
  event_payload: { digest: string; part: string };
}

/** Which message of a digest: one of the channel's parts, or one of a manager's DM parts. */
export type PartSlot = { target: 'channel'; part: number } | { target: 'dm'; user: string; part: number };

/** `channel:3`, `dm:U123:0`: a part's name in its message's metadata. */
export function partKey(slot: PartSlot): string {
  return slot.target === 'channel' ? `channel:${slot.part}` : `dm:${slot.user}:${slot.part}`;
}

export function partMetadata(digestId: string, slot: PartSlot): DigestPartMetadata {
  return { event_type: DIGEST_PART_EVENT, event_payload: { digest: digestId, part: partKey(slot) } };
}

/** Where to look for a part: the conversation's history for a first message, its thread for a reply. */
export type PartLookup =
  | { kind: 'history'; channel: string; oldest: string }
  | { kind: 'replies'; channel: string; threadTs: string };

/** How far before its record was created a part is looked for: Slack's clock and ours may differ. */
export const LOOKUP_MARGIN_MS = 5 * 60_000;

/** The Slack `oldest` timestamp to look from, for a record created at `createdAt` (ISO). */
export function lookupOldest(createdAt: string, marginMs = LOOKUP_MARGIN_MS): string {
  const seconds = Math.floor((new Date(createdAt).getTime() - marginMs) / 1000);
  return `${Math.max(0, seconds)}.000000`;
}

export function partLookup(
  slot: PartSlot,
  channel: string,
  createdAt: string,
  parentTs: string | undefined,
): PartLookup {
  if (slot.part === 0) return { kind: 'history', channel, oldest: lookupOldest(createdAt) };
  if (!parentTs)
    throw new Error(`Part ${partKey(slot)} is a reply, but its thread's first message has no ts`);
  return { kind: 'replies', channel, threadTs: parentTs };
}

/** A message as conversations.history and conversations.replies return it (only what we read). */
export interface SlackMessageSeen {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** The ts of the message carrying exactly this part's metadata, if any of `messages` does. */
export function findPartTs(
  messages: readonly SlackMessageSeen[],
  metadata: DigestPartMetadata,
): string | undefined {
  const wanted = metadata.event_payload;
  return messages.find(
    (m) =>
      m.ts !== undefined &&
      m.metadata?.event_type === metadata.event_type &&
      m.metadata.event_payload?.digest === wanted.digest &&
      m.metadata.event_payload?.part === wanted.part,
  )?.ts;
}

/** How a Slack call failed, as far as the caller could see. */
export type SlackFailure =
  | { kind: 'refused' } // Slack answered ok: false (invalid_auth, channel_not_found, ...)
  | { kind: 'rate-limited' } // 429
  | { kind: 'http'; status: number }
  | { kind: 'no-answer' }; // timeout, aborted, connection dropped: no HTTP answer at all

/**
 * Whether Slack may have acted on a failed call: true when no answer came, or a 5xx (the server may
 * have failed after acting). A refusal, a 429 or another 4xx is Slack saying it did not act.
 */
export function mayHaveActed(failure: SlackFailure): boolean {
  if (failure.kind === 'no-answer') return true;
  return failure.kind === 'http' && failure.status >= 500;
}

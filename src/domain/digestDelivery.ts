/**
 * Posting a digest message exactly once when Slack's answer can be lost: every message carries
 * metadata naming its digest and part, so after a failure that may have posted it (a timeout, a
 * dropped connection, a 5xx) the bot looks for it in the conversation instead of posting blind.
 */

import { lookupOldest, type MessageLookup } from './slackDelivery.js';

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
export type PartLookup = MessageLookup;

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

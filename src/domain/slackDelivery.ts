/**
 * What the bot knows about a Slack call that failed, and how it finds a message Slack may have posted
 * anyway: shared by the digest (digestDelivery.ts) and rollbacks (rollbackDelivery.ts), whose
 * messages carry metadata naming them.
 */

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

/** A message as conversations.history and conversations.replies return it (only what we read). */
export interface SlackMessageSeen {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** How far before a record was created its message is looked for: Slack's clock and ours may differ. */
export const LOOKUP_MARGIN_MS = 5 * 60_000;

/** The Slack `oldest` timestamp to look from, for a record created at `createdAt` (ISO). */
export function lookupOldest(createdAt: string, marginMs = LOOKUP_MARGIN_MS): string {
  const seconds = Math.floor((new Date(createdAt).getTime() - marginMs) / 1000);
  return `${Math.max(0, seconds)}.000000`;
}

/** Where a message may be: a conversation's history from `oldest`, or the replies in a thread. */
export type MessageLookup =
  | { kind: 'history'; channel: string; oldest: string }
  | { kind: 'replies'; channel: string; threadTs: string };

/** Slack message metadata naming one of the bot's own messages. */
export interface MessageMetadata {
  event_type: string;
  event_payload: Readonly<Record<string, string>>;
}

/** The ts of the message carrying exactly this metadata (its type and every payload field), if any. */
export function findMessageTs(
  messages: readonly SlackMessageSeen[],
  metadata: MessageMetadata,
): string | undefined {
  const wanted = Object.entries(metadata.event_payload);
  return messages.find(
    (m) =>
      m.ts !== undefined &&
      m.metadata?.event_type === metadata.event_type &&
      wanted.every(([k, v]) => m.metadata?.event_payload?.[k] === v),
  )?.ts;
}

/**
 * Posting a rollback's messages exactly once when Slack's answer can be lost: each carries metadata
 * naming its rollback and which message it is, so after a failure that may have posted it (no answer,
 * a 5xx) the bot looks for it where it would be, instead of posting it blind a second time.
 */

import type { Rollback } from './rollback.js';
import { lookupOldest, type MessageLookup } from './slackDelivery.js';

export const ROLLBACK_MESSAGE_EVENT = 'reauth_rollback_message';

/**
 * The request (the thread's parent), the note telling the outcome, the recovery checklist, and the
 * note that the checklist is complete: each posted at most once per rollback.
 */
export type RollbackMessageKind = 'request' | 'note' | 'checklist' | 'complete';

/** Slack message metadata as chat.postMessage takes it and conversations.history returns it. */
export interface RollbackMessageMetadata {
  event_type: typeof ROLLBACK_MESSAGE_EVENT;
  event_payload: { rollback: string; message: RollbackMessageKind };
}

export function rollbackMessageMetadata(
  rollbackId: string,
  kind: RollbackMessageKind,
): RollbackMessageMetadata {
  return { event_type: ROLLBACK_MESSAGE_EVENT, event_payload: { rollback: rollbackId, message: kind } };
}

/** Where a message would be: the channel's history for the request, its thread for the others. */
export type RollbackMessageLookup = MessageLookup;

/**
 * Where to look for `kind` of this rollback: the request in the channel's history from a little
 * before the rollback was requested (Slack's clock and ours may differ), the others in its thread.
 */
export function rollbackMessageLookup(
  rollback: Pick<Rollback, 'id' | 'requestedAt' | 'messages'>,
  kind: RollbackMessageKind,
  channel: string,
): RollbackMessageLookup {
  if (kind === 'request') return { kind: 'history', channel, oldest: lookupOldest(rollback.requestedAt) };
  const parent = rollback.messages.parent;
  if (!parent) throw new Error(`Rollback ${rollback.id} has no request message to look under`);
  return { kind: 'replies', channel: parent.channel, threadTs: parent.ts };
}

/** How many times a rollback message is posted, at most, when Slack keeps not answering. */
export const MAX_POST_ATTEMPTS = 3;

/** After a post Slack may have acted on, and a look for it: what to do next. */
export type AfterUncertainPost =
  | { kind: 'adopt'; ts: string } // it is there: record it, post nothing
  | { kind: 'post-again' } // it is not there: posting again cannot double it
  | { kind: 'give-up' }; // not there, and no attempt left

export function afterUncertainPost(found: string | undefined, attempt: number): AfterUncertainPost {
  if (found) return { kind: 'adopt', ts: found };
  return attempt < MAX_POST_ATTEMPTS ? { kind: 'post-again' } : { kind: 'give-up' };
}

import type { DigestPartMetadata, PartLookup } from '../domain/digestDelivery.js';
import type { PlannedMessage } from '../domain/digestRecord.js';

/**
 * Posting messages that must go out whole: what the digest needs from Slack. The Web API
 * implementation is in webApiPoster.ts, so the digest service loads without a Slack client.
 */
export interface SlackPoster {
  /**
   * Posts and returns the message's ts; `threadTs` makes it a reply. A failure after which Slack may
   * have posted it anyway is a SlackUncertainError, never retried here: retrying blind could double it.
   */
  post(
    channel: string,
    message: PlannedMessage,
    threadTs?: string,
    metadata?: DigestPartMetadata,
  ): Promise<string>;
  /** The DM conversation with a user (conversations.open), to post to. */
  openDm(user: string): Promise<string>;
  /** The ts of the message carrying this metadata where `where` says, if Slack holds one; throws when it cannot tell. */
  findPosted(where: PartLookup, metadata: DigestPartMetadata): Promise<string | undefined>;
  /** Waits before the `attempt`th retry of an uncertain post; false when no retry is left for now. */
  waitBeforeRetry(error: SlackUncertainError, attempt: number): Promise<boolean>;
}

/** A post failed in a way that may have posted it all the same (no answer in time, a 5xx). */
export class SlackUncertainError extends Error {
  constructor(
    readonly method: string,
    readonly failure: unknown,
  ) {
    super(
      `${method} may or may not have posted (${failure instanceof Error ? failure.message : String(failure)})`,
    );
    this.name = 'SlackUncertainError';
  }
}

/** Slack refused the call itself (`ok: false`): retrying the same call will not help. */
export class SlackRefusedError extends Error {
  constructor(
    readonly method: string,
    readonly slackError: string,
  ) {
    super(`Slack refused ${method}: ${slackError}`);
    this.name = 'SlackRefusedError';
  }
}

/**
 * Slack's refusals that are about the person a DM is for (gone, deactivated, hidden from the bot),
 * not about the bot or Slack itself (a bad token, an outage): only these give up on that person.
 */
const RECIPIENT_UNREACHABLE = new Set([
  'user_not_found',
  'user_not_visible',
  'user_disabled',
  'cannot_dm_bot',
  'channel_not_found',
  'is_archived',
]);

export function recipientUnreachable(error: SlackRefusedError): boolean {
  return RECIPIENT_UNREACHABLE.has(error.slackError);
}

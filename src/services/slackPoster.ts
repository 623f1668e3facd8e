import type { PlannedMessage } from '../domain/digestRecord.js';

/**
 * Posting messages that must go out whole: what the digest needs from Slack. The Web API
 * implementation is in webApiPoster.ts, so the digest service loads without a Slack client.
 */
export interface SlackPoster {
  /** Posts and returns the message's ts; `threadTs` makes it a reply. */
  post(channel: string, message: PlannedMessage, threadTs?: string): Promise<string>;
  /** The DM conversation with a user (conversations.open), to post to. */
  openDm(user: string): Promise<string>;
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

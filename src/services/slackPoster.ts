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

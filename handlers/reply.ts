import type { RespondFn } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import type { WebClient } from '@slack/web-api';
import type { Message } from '../src/views/blocks.js';

/** Where a reply goes: the interaction's response_url, or failing that the Web API. */
export interface ReplyRoute {
  respond: RespondFn;
  client: WebClient;
  channelId: string;
  userId: string;
  logger: Logger;
}

/** Neither the response_url nor the Web API took the reply; both failures are logged. */
export class ReplyUndeliverableError extends Error {
  constructor() {
    super('The reply could not be delivered to Slack');
    this.name = 'ReplyUndeliverableError';
  }
}

/**
 * Sends a reply on the response_url. When Slack refuses it (rate limit, error, expired URL) or does
 * not answer in time, the same reply goes by the Web API instead (chat.postEphemeral, or
 * chat.postMessage for a reply meant for the channel), so the person still gets an answer. The
 * reply is only ever about a change already made, so sending it again cannot repeat the change; at
 * worst, after a timeout, the person sees it twice.
 */
export async function deliver(route: ReplyRoute, message: Message, inChannel = false): Promise<void> {
  const content = { text: message.text, ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}) };
  try {
    await route.respond({
      response_type: inChannel ? 'in_channel' : 'ephemeral',
      replace_original: false,
      ...content,
    });
    return;
  } catch (error) {
    route.logger.warn(
      `Reply to ${route.userId} on the response_url failed (${describe(error)}); using the Web API`,
    );
  }
  try {
    if (inChannel) {
      await route.client.chat.postMessage({
        channel: route.channelId,
        text: message.text,
        blocks: message.blocks,
      });
    } else {
      await route.client.chat.postEphemeral({
        channel: route.channelId,
        user: route.userId,
        ...content,
      });
    }
  } catch (error) {
    route.logger.error(
      `Reply to ${route.userId} could not be delivered by the Web API either (${describe(error)})`,
    );
    throw new ReplyUndeliverableError();
  }
}

/** The error's message only: Web API errors carry the request, and with it the token, in other fields. */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import type { RespondFn } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import type { WebClient } from '@slack/web-api';
import { mayHaveActed, type SlackFailure } from '../src/domain/slackDelivery.js';
import type { Message } from '../src/views/blocks.js';
import { sentAgain, shareUnconfirmedNote } from '../src/views/help.js';

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
 * Sends a reply on the response_url. When Slack clearly refuses it (a 4xx: rate limit, expired URL)
 * the same reply goes by the Web API instead (chat.postEphemeral, or chat.postMessage for a reply
 * meant for the channel), so the person still gets an answer. When the outcome is unknown (no
 * answer in time, a 5xx) Slack may have shown it, and a reply on a response_url cannot be looked
 * for. A reply meant for the channel is then not posted again (the person is asked, privately, to
 * look before sharing again); a private reply goes by chat.postEphemeral marked as sent again, since
 * losing it (say "recorded, but the requester was not told") is worse than seeing it twice, labelled.
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
    if (mayHaveActed(respondFailure(error))) {
      route.logger.warn(
        `Reply to ${route.userId} on the response_url got no clear answer (${describe(error)}); Slack may have shown it, so it is ${inChannel ? 'not posted again' : 'sent again privately, marked as such'}`,
      );
      await (inChannel
        ? postEphemeral(route, shareUnconfirmedNote(), ' (the note that Slack had not confirmed it)')
        : postEphemeral(route, sentAgain(message)));
      return;
    }
    route.logger.warn(
      `Reply to ${route.userId} on the response_url was refused (${describe(error)}); using the Web API`,
    );
  }
  if (inChannel) {
    try {
      await route.client.chat.postMessage({
        channel: route.channelId,
        text: message.text,
        blocks: message.blocks,
      });
    } catch (error) {
      route.logger.error(
        `Reply to ${route.userId} could not be delivered by the Web API either (${describe(error)})`,
      );
      throw new ReplyUndeliverableError();
    }
  } else {
    await postEphemeral(route, message);
  }
}

async function postEphemeral(route: ReplyRoute, message: Message, what = ''): Promise<void> {
  try {
    await route.client.chat.postEphemeral({
      channel: route.channelId,
      user: route.userId,
      text: message.text,
      ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
    });
  } catch (error) {
    route.logger.error(
      `Reply to ${route.userId}${what} could not be delivered by the Web API either (${describe(error)})`,
    );
    throw new ReplyUndeliverableError();
  }
}

/** A failed respond(): Bolt throws a RespondError with the HTTP status, or fetch's own error when none came. */
function respondFailure(error: unknown): SlackFailure {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  if (typeof status !== 'number') return { kind: 'no-answer' };
  return status === 429 ? { kind: 'rate-limited' } : { kind: 'http', status };
}

/** The error's message only: Web API errors carry the request, and with it the token, in other fields. */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

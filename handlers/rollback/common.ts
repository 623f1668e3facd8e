import type { BlockAction, RespondFn } from '@slack/bolt';
import type { SlackMessageRef } from '../../src/domain/rollback.js';
import type { Services } from '../../src/services/index.js';
import type { Message } from '../../src/views/blocks.js';
import { actionFailedMessage } from '../../src/views/rollback.js';

/** How a listener answers the one person who acted, privately. */
export type Tell = (message: Message) => Promise<void>;

export function tellByResponseUrl(respond: RespondFn): Tell {
  return async (message) => {
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: message.text,
      blocks: message.blocks,
    });
  };
}

/**
 * A button's value is only a claim: the click counts only if it came from the very message the bot
 * posted for that rollback, so an edited value cannot reach another rollback.
 */
export function clickedOn(body: BlockAction, ref: SlackMessageRef | undefined): boolean {
  if (!ref) return false;
  const container = body.container as { message_ts?: string; channel_id?: string } | undefined;
  const ts = container?.message_ts ?? body.message?.ts;
  const channel = container?.channel_id ?? body.channel?.id;
  return ts === ref.ts && channel === ref.channel;
}

/** Runs a listener's work; an unexpected failure is logged and the person told, never swallowed. */
export async function guarded(
  services: Services,
  what: string,
  userId: string,
  tell: Tell,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    services.logger.error(`${what} by ${userId} failed:`, error);
    await tell(actionFailedMessage(what, error)).catch((tellError) =>
      services.logger.error('Could not tell the user about the failure:', tellError),
    );
  }
}

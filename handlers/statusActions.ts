import type { App, BlockButtonAction } from '@slack/bolt';
import type { Services } from '../src/services/index.js';
import { failureMessage } from '../src/views/help.js';
import { SHARE_STATUS_ACTION, statusMessage } from '../src/views/status.js';
import { deliver, type ReplyRoute, ReplyUndeliverableError } from './reply.js';

/** "Share in channel" under a status answer: the same answer, fresh, visible to the channel. */
export function register(app: App, services: Services): void {
  app.action<BlockButtonAction>(SHARE_STATUS_ACTION, async ({ ack, action, body, respond, client }) => {
    await ack();
    const route: ReplyRoute = {
      respond,
      client,
      channelId: body.channel?.id ?? body.container?.channel_id ?? '',
      userId: body.user.id,
      logger: services.logger,
    };
    try {
      const found = await services.accounts.picture(action.value ?? '');
      if (found.kind !== 'found') {
        await deliver(route, { text: 'That account is no longer on record.', blocks: [] });
        return;
      }
      const message = statusMessage(found.value, { shareButton: false, timeZone: services.config.timeZone });
      message.blocks.push({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `Shared by <@${body.user.id}>` }],
      });
      await deliver(route, message, true);
    } catch (error) {
      if (error instanceof ReplyUndeliverableError) return;
      services.logger.error(`Sharing status by ${body.user.id} failed:`, error);
      await deliver(route, failureMessage('status', error)).catch(() => undefined);
    }
  });
}

import type { App, BlockButtonAction } from '@slack/bolt';
import type { Services } from '../src/services/index.js';
import { failureMessage } from '../src/views/help.js';
import { SHARE_STATUS_ACTION, statusMessage } from '../src/views/status.js';

/** "Share in channel" under a status answer: the same answer, fresh, visible to the channel. */
export function register(app: App, services: Services): void {
  app.action<BlockButtonAction>(SHARE_STATUS_ACTION, async ({ ack, action, body, respond }) => {
    await ack();
    try {
      const found = await services.accounts.picture(action.value ?? '');
      if (found.kind !== 'found') {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: 'That account is no longer on record.',
        });
        return;
      }
      const message = statusMessage(found.value, { shareButton: false });
      message.blocks.push({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `Shared by <@${body.user.id}>` }],
      });
      await respond({
        response_type: 'in_channel',
        replace_original: false,
        text: message.text,
        blocks: message.blocks,
      });
    } catch (error) {
      services.logger.error(`Sharing status by ${body.user.id} failed:`, error);
      const message = failureMessage('status', error);
      await respond({ response_type: 'ephemeral', replace_original: false, ...message }).catch((e) =>
        services.logger.error('Could not tell the user about the failure:', e),
      );
    }
  });
}

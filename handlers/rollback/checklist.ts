import type { App, BlockButtonAction } from '@slack/bolt';
import type { Services } from '../../src/services/index.js';
import {
  CHECKLIST_ITEM_ACTION,
  checklistItemAlreadyDone,
  checklistNotActive,
  parseChecklistItemValue,
  TOKEN_CHECK_ACTION,
} from '../../src/views/checklist.js';
import { unknownRollbackMessage } from '../../src/views/rollback.js';
import {
  INPUTS,
  parseModalMetadata,
  TOKEN_CHECK_CALLBACK,
  tokenCheckModal,
  tokenCheckResult,
} from '../../src/views/rollbackModals.js';
import { clickedOn, guarded, type Tell, tellByResponseUrl } from './common.js';
import { RollbackPublisher } from './publish.js';

/** The recovery checklist's buttons, and the private token check. */
export function register(app: App, services: Services): void {
  app.action<BlockButtonAction>(CHECKLIST_ITEM_ACTION, async ({ ack, action, body, respond, client }) => {
    await ack();
    const tell = tellByResponseUrl(respond);
    await guarded(services, 'Ticking the checklist item', body.user.id, tell, async () => {
      const parsed = parseChecklistItemValue(action.value ?? '');
      const details = parsed && (await services.rollbacks.details(parsed.rollbackId));
      if (!parsed || !details || !clickedOn(body, details.rollback.messages.checklist)) {
        services.logger.warn(
          `A checklist button clicked by ${body.user.id} does not match its checklist; ignored.`,
        );
        await tell(unknownRollbackMessage());
        return;
      }
      const outcome = await services.rollbacks.completeItem(parsed.rollbackId, parsed.itemId, body.user.id);
      const publisher = new RollbackPublisher(client, services);
      switch (outcome.kind) {
        case 'not-found':
        case 'unknown-item':
          await tell(unknownRollbackMessage());
          return;
        case 'not-approved':
          await tell(checklistNotActive(outcome.rollback));
          return;
        case 'already-done':
          await tell(checklistItemAlreadyDone(outcome.item, services.rollbacks.timeZone));
          return;
        case 'done': {
          const after = await services.rollbacks.detailsOf(outcome.rollback);
          await publisher.refreshChecklist(after);
          if (outcome.completed) await publisher.announceComplete(after);
          return;
        }
      }
    });
  });

  app.action<BlockButtonAction>(TOKEN_CHECK_ACTION, async ({ ack, action, body, respond, client }) => {
    await ack();
    const tell = tellByResponseUrl(respond);
    await guarded(services, 'Opening the token check', body.user.id, tell, async () => {
      const details = await services.rollbacks.details(action.value ?? '');
      if (!details || !clickedOn(body, details.rollback.messages.checklist)) {
        services.logger.warn(
          `A token check button clicked by ${body.user.id} does not match its checklist; ignored.`,
        );
        await tell(unknownRollbackMessage());
        return;
      }
      await client.views.open({ trigger_id: body.trigger_id, view: tokenCheckModal(details) });
    });
  });

  app.view(TOKEN_CHECK_CALLBACK, async ({ ack, view, body, client }) => {
    // The pasted values stay in this function: they are compared, then dropped. Never log `view`.
    const values = view.state.values;
    const channelId = values[INPUTS.channel.block]?.[INPUTS.channel.action]?.selected_option?.value ?? '';
    const merchantToken =
      values[INPUTS.merchantToken.block]?.[INPUTS.merchantToken.action]?.value?.trim() ?? '';
    const mwsAuthToken = values[INPUTS.mwsAuthToken.block]?.[INPUTS.mwsAuthToken.action]?.value?.trim() ?? '';
    const errors: Record<string, string> = {};
    if (!channelId) errors[INPUTS.channel.block] = 'Pick the channel these tokens belong to.';
    if (!merchantToken) errors[INPUTS.merchantToken.block] = 'Paste the Merchant Token.';
    if (!mwsAuthToken) errors[INPUTS.mwsAuthToken.block] = 'Paste the MWS Authorization Token.';
    if (Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const userId = body.user.id;
    const publisher = new RollbackPublisher(client, services);
    const rollbackId = parseModalMetadata(view.private_metadata)?.rollbackId ?? '';
    const details = await services.rollbacks.details(rollbackId).catch(() => undefined);
    if (!details) {
      services.logger.error(`A token check from ${userId} names no known rollback (${rollbackId}); ignored.`);
      return;
    }
    const tell: Tell = (message) => publisher.tellPrivately(details, userId, message);
    await guarded(services, 'Checking the tokens', userId, tell, async () => {
      const outcome = await services.rollbacks.checkTokens(rollbackId, channelId, {
        merchantToken,
        mwsAuthToken,
      });
      if (outcome.kind !== 'checked') {
        await tell(unknownRollbackMessage());
        return;
      }
      await tell(tokenCheckResult(outcome.channel, outcome.check));
    });
  });
}

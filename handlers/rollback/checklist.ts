import type { App } from '@slack/bolt';
import type { Rollback } from '../../src/domain/rollback.js';
import type { Services } from '../../src/services/index.js';
import { notAnAgentMessage } from '../../src/views/agents.js';
import type { Message } from '../../src/views/blocks.js';
import {
  CHECKLIST_ITEM_ACTION,
  CHECKLIST_UNTICK_ACTION,
  checklistItemAlreadyDone,
  checklistNotActive,
  parseChecklistItemValue,
  TOKEN_CHECK_ACTION,
  untickRefusedMessage,
} from '../../src/views/checklist.js';
import { unknownRollbackMessage } from '../../src/views/rollback.js';
import {
  INPUTS,
  TOKEN_CHECK_CALLBACK,
  tokenCheckModal,
  tokenCheckResult,
} from '../../src/views/rollbackModals.js';
import { byRollbackId, forRollbackForm, onRollbackButton } from './common.js';

/** The recovery checklist's buttons, and the private token check. */
export function register(app: App, services: Services): void {
  onRollbackButton(
    app,
    services,
    {
      actionId: CHECKLIST_ITEM_ACTION,
      on: 'checklist',
      what: 'Ticking the checklist item',
      parse: parseChecklistItemValue,
    },
    async ({ details, value, userId, publisher, tell }) => {
      if (!(await services.agents.mayChange(userId))) {
        await tell(notAnAgentMessage('tick checklist items'));
        return;
      }
      const outcome = await services.rollbacks.completeItem(details.rollback.id, value.itemId, userId);
      const closed = checklistClosed(outcome);
      if (closed) {
        await tell(closed);
        return;
      }
      switch (outcome.kind) {
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
    },
  );

  // Whoever ticked an item, or an approver, may untick it; the checklist updates in place.
  onRollbackButton(
    app,
    services,
    {
      actionId: CHECKLIST_UNTICK_ACTION,
      on: 'checklist',
      what: 'Unticking the checklist item',
      parse: parseChecklistItemValue,
    },
    async ({ details, value, userId, publisher, tell }) => {
      const outcome = await services.rollbacks.untickItem(details.rollback.id, value.itemId, userId);
      const closed = checklistClosed(outcome);
      if (closed) {
        await tell(closed);
        return;
      }
      switch (outcome.kind) {
        case 'not-done':
        case 'completed':
        case 'not-yours':
          await tell(untickRefusedMessage(outcome, services.rollbacks.timeZone));
          return;
        case 'unticked':
          await publisher.refreshChecklist(await services.rollbacks.detailsOf(outcome.rollback));
          return;
      }
    },
  );

  onRollbackButton(
    app,
    services,
    { actionId: TOKEN_CHECK_ACTION, on: 'checklist', what: 'Opening the token check', parse: byRollbackId },
    async ({ details, triggerId, client }) => {
      await client.views.open({ trigger_id: triggerId, view: tokenCheckModal(details) });
    },
  );

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
    const form = {
      privateMetadata: view.private_metadata,
      userId: body.user.id,
      what: 'Checking the tokens',
      name: 'A token check',
    };
    await forRollbackForm(services, client, form, async ({ details, tell }) => {
      const outcome = await services.rollbacks.checkTokens(details.rollback.id, channelId, {
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

type ClosedOutcome =
  | { kind: 'not-found' }
  | { kind: 'unknown-item' }
  | { kind: 'not-approved'; rollback: Rollback };

/** What a tick and an untick answer alike: the rollback or its item is unknown, or its checklist is not open. */
function checklistClosed(outcome: ClosedOutcome | { kind: string }): Message | undefined {
  if (outcome.kind === 'not-found' || outcome.kind === 'unknown-item') return unknownRollbackMessage();
  if (outcome.kind === 'not-approved' && 'rollback' in outcome) return checklistNotActive(outcome.rollback);
  return undefined;
}

import type { App } from '@slack/bolt';
import { looksLikeMwsToken } from '../../src/domain/csvFields.js';
import type { DecideRollbackOutcome } from '../../src/domain/rollback.js';
import { withoutControls } from '../../src/domain/text.js';
import type { Services } from '../../src/services/index.js';
import {
  alreadyDecidedMessage,
  decisionNotAnnounced,
  decisionRefusedMessage,
  expiredMessage,
  ROLLBACK_APPROVE_ACTION,
  ROLLBACK_DENY_ACTION,
  unknownRollbackMessage,
} from '../../src/views/rollback.js';
import {
  DENY_REASON_CALLBACK,
  denyReasonModal,
  INPUTS,
  MAX_DENY_REASON,
} from '../../src/views/rollbackModals.js';
import { TOKEN_IN_REASON } from '../../src/views/rollbackRequest.js';
import { byRollbackId, forRollbackForm, onRollbackButton, type Tell } from './common.js';
import type { RollbackPublisher } from './publish.js';

/** Approve and Deny on a rollback request, and the Deny reason modal. */
export function register(app: App, services: Services): void {
  onRollbackButton(
    app,
    services,
    { actionId: ROLLBACK_APPROVE_ACTION, on: 'parent', what: 'Approving the rollback', parse: byRollbackId },
    async ({ details, userId, publisher, tell }) => {
      const outcome = await services.rollbacks.decide(details.rollback.id, true, userId);
      await settle(outcome, publisher, services, tell);
    },
  );

  onRollbackButton(
    app,
    services,
    { actionId: ROLLBACK_DENY_ACTION, on: 'parent', what: 'Denying the rollback', parse: byRollbackId },
    async ({ details, userId, publisher, tell, triggerId, client }) => {
      // Refuse before asking for a reason: only someone who may decide gets the modal.
      const blocker = await services.rollbacks.decisionBlocker(details.rollback.id, userId);
      if (blocker.kind !== 'may-decide') {
        await settle(blocker, publisher, services, tell);
        return;
      }
      await client.views.open({ trigger_id: triggerId, view: denyReasonModal(details) });
    },
  );

  app.view(DENY_REASON_CALLBACK, async ({ ack, view, body, client }) => {
    const typed = view.state.values[INPUTS.denyReason.block]?.[INPUTS.denyReason.action]?.value ?? '';
    // Shown in Slack and printed by `reauth history`: line breaks stay, terminal escapes do not.
    const reason = withoutControls(typed, { keep: '\n' }).trim();
    const problem = !reason
      ? 'Give a reason: the requester sees it in the thread.'
      : reason.length > MAX_DENY_REASON
        ? `Keep the reason under ${MAX_DENY_REASON} characters.`
        : looksLikeMwsToken(reason)
          ? `Nothing was denied: ${TOKEN_IN_REASON}`
          : undefined;
    if (problem) {
      // Nothing of the reason is logged or kept: it may hold a secret.
      await ack({ response_action: 'errors', errors: { [INPUTS.denyReason.block]: problem } });
      return;
    }
    await ack();
    const form = {
      privateMetadata: view.private_metadata,
      userId: body.user.id,
      what: 'Denying the rollback',
      name: 'A deny reason',
    };
    await forRollbackForm(services, client, form, async ({ details, userId, publisher, tell }) => {
      const outcome = await services.rollbacks.decide(details.rollback.id, false, userId, reason);
      await settle(outcome, publisher, services, tell);
    });
  });
}

/** What a decision attempt leads to: the messages updated, or the person told why nothing changed. */
async function settle(
  outcome: DecideRollbackOutcome,
  publisher: RollbackPublisher,
  services: Services,
  tell: Tell,
): Promise<void> {
  const { timeZone, approvers } = services.rollbacks;
  switch (outcome.kind) {
    case 'not-found':
      await tell(unknownRollbackMessage());
      return;
    case 'refused':
      await tell(decisionRefusedMessage(outcome.refusal, approvers));
      return;
    case 'already-decided':
      await tell(alreadyDecidedMessage(outcome.rollback, timeZone));
      return;
    case 'expired':
      await tell(expiredMessage(outcome.rollback, timeZone));
      if (outcome.justExpired)
        await publisher.announceOutcome(await services.rollbacks.detailsOf(outcome.rollback));
      return;
    case 'decided': {
      const details = await services.rollbacks.detailsOf(outcome.rollback);
      try {
        await publisher.announceOutcome(details);
      } catch (error) {
        // The decision is durable; only its announcement failed, so say exactly that.
        services.logger.error(
          `Rollback ${details.rollback.id} is ${details.rollback.state}, but updating Slack failed:`,
          error,
        );
        await tell(decisionNotAnnounced(details.rollback, error));
      }
      return;
    }
  }
}

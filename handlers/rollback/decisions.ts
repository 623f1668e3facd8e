import type { App, BlockButtonAction } from '@slack/bolt';
import type { DecideRollbackOutcome } from '../../src/domain/rollback.js';
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
  parseModalMetadata,
} from '../../src/views/rollbackModals.js';
import { clickedOn, guarded, type Tell, tellByResponseUrl } from './common.js';
import { RollbackPublisher } from './publish.js';

/** Approve and Deny on a rollback request, and the Deny reason modal. */
export function register(app: App, services: Services): void {
  app.action<BlockButtonAction>(ROLLBACK_APPROVE_ACTION, async ({ ack, action, body, respond, client }) => {
    await ack();
    const tell = tellByResponseUrl(respond);
    await guarded(services, 'Approving the rollback', body.user.id, tell, async () => {
      const details = await services.rollbacks.details(action.value ?? '');
      if (!details || !clickedOn(body, details.rollback.messages.parent)) {
        warnForeignClick(services, body.user.id, action.value);
        await tell(unknownRollbackMessage());
        return;
      }
      const outcome = await services.rollbacks.decide(details.rollback.id, true, body.user.id);
      await settle(outcome, new RollbackPublisher(client, services), services, tell);
    });
  });

  app.action<BlockButtonAction>(ROLLBACK_DENY_ACTION, async ({ ack, action, body, respond, client }) => {
    await ack();
    const tell = tellByResponseUrl(respond);
    await guarded(services, 'Denying the rollback', body.user.id, tell, async () => {
      const details = await services.rollbacks.details(action.value ?? '');
      if (!details || !clickedOn(body, details.rollback.messages.parent)) {
        warnForeignClick(services, body.user.id, action.value);
        await tell(unknownRollbackMessage());
        return;
      }
      // Refuse before asking for a reason: only someone who may decide gets the modal.
      const blocker = await services.rollbacks.decisionBlocker(details.rollback.id, body.user.id);
      if (blocker.kind !== 'may-decide') {
        await settle(blocker, new RollbackPublisher(client, services), services, tell);
        return;
      }
      await client.views.open({ trigger_id: body.trigger_id, view: denyReasonModal(details) });
    });
  });

  app.view(DENY_REASON_CALLBACK, async ({ ack, view, body, client }) => {
    const reason =
      view.state.values[INPUTS.denyReason.block]?.[INPUTS.denyReason.action]?.value?.trim() ?? '';
    if (!reason || reason.length > MAX_DENY_REASON) {
      await ack({
        response_action: 'errors',
        errors: {
          [INPUTS.denyReason.block]: reason
            ? `Keep the reason under ${MAX_DENY_REASON} characters.`
            : 'Give a reason: the requester sees it in the thread.',
        },
      });
      return;
    }
    await ack();
    const userId = body.user.id;
    const publisher = new RollbackPublisher(client, services);
    const rollbackId = parseModalMetadata(view.private_metadata)?.rollbackId ?? '';
    const details = await services.rollbacks.details(rollbackId).catch(() => undefined);
    if (!details) {
      services.logger.error(`A deny reason from ${userId} names no known rollback (${rollbackId}); ignored.`);
      return;
    }
    const tell: Tell = (message) => publisher.tellPrivately(details, userId, message);
    await guarded(services, 'Denying the rollback', userId, tell, async () => {
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

function warnForeignClick(services: Services, userId: string, value: string | undefined): void {
  services.logger.warn(
    `A rollback button clicked by ${userId} does not match its rollback's message (value ${JSON.stringify(value)}); nothing changed.`,
  );
}

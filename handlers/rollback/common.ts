import type { App, BlockAction, BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackMessageRef } from '../../src/domain/rollback.js';
import type { Services } from '../../src/services/index.js';
import type { RollbackDetails } from '../../src/services/rollbackService.js';
import type { Message } from '../../src/views/blocks.js';
import { actionFailedMessage, unknownRollbackMessage } from '../../src/views/rollback.js';
import { parseModalMetadata } from '../../src/views/rollbackModals.js';
import { deliver, type ReplyRoute, ReplyUndeliverableError } from '../reply.js';
import { RollbackPublisher } from './publish.js';

/** How a listener answers the one person who acted, privately. */
export type Tell = (message: Message) => Promise<void>;

/** Answers the person who clicked by the click's response URL, or failing that by chat.postEphemeral. */
function tellByReply(route: ReplyRoute): Tell {
  return (message) => deliver(route, message);
}

/**
 * A Tell that never throws. What it reports has already happened (or been refused), so a Slack that
 * takes no message must not turn into "failed" for the person: the failure is logged instead.
 */
function neverThrowing(tell: Tell, services: Services, userId: string): Tell {
  return async (message) => {
    try {
      await tell(message);
    } catch (error) {
      // deliver() logs its own failures, naming the person.
      if (error instanceof ReplyUndeliverableError) return;
      // The message only: a Web API error's other fields may carry the request.
      const reason = error instanceof Error ? error.message : String(error);
      services.logger.error(`Could not tell ${userId} (${reason}): ${message.text}`);
    }
  };
}

/**
 * A button's value is only a claim: the click counts only if it came from the very message the bot
 * posted for that rollback, so an edited value cannot reach another rollback.
 */
function clickedOn(body: BlockAction, ref: SlackMessageRef | undefined): boolean {
  if (!ref) return false;
  const container = body.container as { message_ts?: string; channel_id?: string } | undefined;
  const ts = container?.message_ts ?? body.message?.ts;
  const channel = container?.channel_id ?? body.channel?.id;
  return ts === ref.ts && channel === ref.channel;
}

/**
 * Runs a listener's work with a `tell` that never throws; an unexpected failure of the work is
 * logged and the person told, never swallowed.
 */
async function guarded(
  services: Services,
  what: string,
  userId: string,
  tell: Tell,
  work: (tell: Tell) => Promise<void>,
): Promise<void> {
  const safeTell = neverThrowing(tell, services, userId);
  try {
    await work(safeTell);
  } catch (error) {
    services.logger.error(`${what} by ${userId} failed:`, error);
    await safeTell(actionFailedMessage(what, error));
  }
}

/** What a rollback's button or form hands its work: the rollback, who acted, and how to answer them. */
export interface RollbackAct {
  details: RollbackDetails;
  userId: string;
  publisher: RollbackPublisher;
  tell: Tell;
}

export interface RollbackButton<Value extends { rollbackId: string }> {
  actionId: string;
  /** Which of the rollback's messages carries the button. */
  on: keyof RollbackDetails['rollback']['messages'];
  /** What pressing it does, for the log and the answer when it fails: "Approving the rollback". */
  what: string;
  /** The button's value read, or undefined when it is not one this button sets. */
  parse: (value: string) => Value | undefined;
}

/** For buttons whose value is the rollback's id. */
export function byRollbackId(value: string): { rollbackId: string } | undefined {
  return value ? { rollbackId: value } : undefined;
}

/**
 * Listens to a button on a rollback's message: acknowledges it, answers a click that is not from the
 * message the bot posted for that rollback with "unknown rollback" (and logs it), and runs the work
 * guarded, answering the person who clicked privately (its response URL, else chat.postEphemeral).
 */
export function onRollbackButton<Value extends { rollbackId: string }>(
  app: App,
  services: Services,
  button: RollbackButton<Value>,
  work: (act: RollbackAct & { value: Value; triggerId: string; client: WebClient }) => Promise<void>,
): void {
  app.action<BlockButtonAction>(button.actionId, async ({ ack, action, body, respond, client }) => {
    await ack();
    const userId = body.user.id;
    const route: ReplyRoute = {
      respond,
      client,
      channelId: body.channel?.id ?? body.container?.channel_id ?? '',
      userId,
      logger: services.logger,
    };
    await guarded(services, button.what, userId, tellByReply(route), async (tell) => {
      const value = button.parse(action.value ?? '');
      const details = value && (await services.rollbacks.details(value.rollbackId));
      if (!value || !details || !clickedOn(body, details.rollback.messages[button.on])) {
        services.logger.warn(
          `A ${button.actionId} button clicked by ${userId} does not match its rollback's message (value ${JSON.stringify(action.value)}); nothing changed.`,
        );
        await tell(unknownRollbackMessage());
        return;
      }
      const publisher = new RollbackPublisher(client, services);
      await work({ details, userId, publisher, tell, value, triggerId: body.trigger_id, client });
    });
  });
}

/**
 * The work of a form (modal) about a rollback, once acknowledged: the rollback its metadata names,
 * the person who submitted it answered privately in the rollback's thread. A form naming no known
 * rollback is logged and dropped, as there is nowhere to answer it.
 */
export async function forRollbackForm(
  services: Services,
  client: WebClient,
  form: { privateMetadata: string; userId: string; what: string; name: string },
  work: (act: RollbackAct) => Promise<void>,
): Promise<void> {
  const { userId } = form;
  const publisher = new RollbackPublisher(client, services);
  const rollbackId = parseModalMetadata(form.privateMetadata)?.rollbackId ?? '';
  const details = await services.rollbacks.details(rollbackId).catch(() => undefined);
  if (!details) {
    services.logger.error(`${form.name} from ${userId} names no known rollback (${rollbackId}); ignored.`);
    return;
  }
  const inThread: Tell = (message) => publisher.tellPrivately(details, userId, message);
  await guarded(services, form.what, userId, inThread, (tell) => work({ details, userId, publisher, tell }));
}

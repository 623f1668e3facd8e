import type { App, BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SinceAnswer } from '../../src/domain/rollback.js';
import type { Services } from '../../src/services/index.js';
import type { Message } from '../../src/views/blocks.js';
import { sinceFormError } from '../../src/views/rollbackRequest.js';
import {
  parseSinceRequest,
  ROLLBACK_SINCE_CALLBACK,
  ROLLBACK_SINCE_OPEN_ACTION,
  SINCE_FORM_ERRORS,
  SINCE_INPUTS,
  type SinceRequest,
  sinceModal,
  UNKNOWN_VALUE,
} from '../../src/views/rollbackSince.js';
import { requestRollback } from '../reauth/rollback.js';
import type { SubcommandContext } from '../reauth/subcommand.js';
import { deliver, ReplyUndeliverableError } from '../reply.js';

/**
 * The rollback request form (when was the wrong account authorized?) and the button that opens it.
 * Its submission runs the same request as `/reauth rollback --since`, so every check is made again.
 */
export function register(app: App, services: Services): void {
  app.action<BlockButtonAction>(
    ROLLBACK_SINCE_OPEN_ACTION,
    async ({ ack, action, body, client, respond }) => {
      await ack();
      const request = parseSinceRequest(action.value ?? '');
      const userId = body.user.id;
      const route = {
        respond,
        client,
        channelId: request?.replyChannel ?? '',
        userId,
        logger: services.logger,
      };
      const ctx = contextFor(services, client, userId, request, (m) => deliver(route, m));
      if (!request || !ctx) {
        services.logger.warn(`A rollback form button from ${userId} carries no request; ignored.`);
        return;
      }
      const lookup = await services.accounts.picture(request.accountId);
      const channel =
        lookup.kind === 'found' && lookup.value.channels.find((c) => c.id === request.channelId);
      if (lookup.kind !== 'found' || !channel) {
        // The account or channel went away meanwhile: the request's own checks say so.
        await requestRollback(ctx, wordsOf(request), undefined);
        return;
      }
      try {
        await client.views.open({
          trigger_id: body.trigger_id,
          view: sinceModal(request, lookup.value, channel),
        });
      } catch (error) {
        services.logger.error(`Opening the rollback form for ${userId} failed:`, error);
        await ctx.reply({
          text: 'Slack did not open the form. Run the command again with `--since <date-time>`.',
          blocks: [],
        });
      }
    },
  );

  app.view(ROLLBACK_SINCE_CALLBACK, async ({ ack, view, body, client }) => {
    const userId = body.user.id;
    const request = parseSinceRequest(view.private_metadata);
    if (!request) {
      await ack();
      services.logger.error(`A rollback form from ${userId} names no request; ignored.`);
      return;
    }
    const values = view.state.values;
    const picked = values[SINCE_INPUTS.at.block]?.[SINCE_INPUTS.at.action]?.selected_date_time;
    const unknown = (
      values[SINCE_INPUTS.unknown.block]?.[SINCE_INPUTS.unknown.action]?.selected_options ?? []
    ).some((o) => o.value === UNKNOWN_VALUE);
    const at = typeof picked === 'number' ? new Date(picked * 1000) : undefined;
    const problem =
      at && unknown
        ? SINCE_FORM_ERRORS.both
        : !at && !unknown
          ? SINCE_FORM_ERRORS.neither
          : at && services.rollbacks.sinceProblem(at);
    if (problem) {
      const message =
        typeof problem === 'string' ? problem : sinceFormError(problem, services.rollbacks.timeZone);
      await ack({ response_action: 'errors', errors: { [SINCE_INPUTS.at.block]: message } });
      return;
    }
    await ack();
    const answer: SinceAnswer = at ? { kind: 'form', at } : { kind: 'unknown' };
    const ctx = contextFor(services, client, userId, request, (message) =>
      tellInChannel(client, request.replyChannel, userId, message),
    );
    if (!ctx) return;
    try {
      await requestRollback(ctx, wordsOf(request), answer);
    } catch (error) {
      if (error instanceof ReplyUndeliverableError) return;
      services.logger.error(`The rollback form from ${userId} failed:`, error);
      const reason = error instanceof Error ? error.message : String(error);
      await ctx
        .reply({
          text: `:x: Requesting the rollback failed: ${reason}. The details are in the bot's log.`,
          blocks: [],
        })
        .catch(() => undefined);
    }
  });
}

/** The request's words as `/reauth rollback` takes them: account id, channel id, reason. */
function wordsOf(request: SinceRequest): string[] {
  return [request.accountId, request.channelId, ...request.reason.split(' ')];
}

function contextFor(
  services: Services,
  client: WebClient,
  userId: string,
  request: SinceRequest | undefined,
  reply: (message: Message) => Promise<void>,
): SubcommandContext | undefined {
  if (!request) return undefined;
  return { userId, channelId: request.replyChannel, args: [], services, client, reply: (m) => reply(m) };
}

/** A form has no response URL: the answer goes privately to the channel the command was typed in. */
async function tellInChannel(
  client: WebClient,
  channel: string,
  user: string,
  message: Message,
): Promise<void> {
  await client.chat.postEphemeral({ channel, user, text: message.text, blocks: message.blocks });
}

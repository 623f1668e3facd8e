import type { App, BlockButtonAction } from '@slack/bolt';
import type { Services } from '../src/services/index.js';
import { failureMessage } from '../src/views/help.js';
import {
  WRONG_ACCOUNT_CONFIRM_ACTION,
  WRONG_ACCOUNT_ROLLBACK_ACTION,
  type WrongAccountRef,
  wrongAccountConfirmed,
  wrongAccountRef,
  wrongAccountStale,
} from '../src/views/wrongAccount.js';
import { rollback } from './reauth/rollback.js';
import type { SubcommandContext } from './reauth/subcommand.js';
import { deliver, type ReplyRoute, ReplyUndeliverableError } from './reply.js';

/**
 * The wrong-account alert's buttons. "Request rollback" is `/reauth rollback` for that channel by
 * the clicker, with the event's time as the start of the missed-orders window; "It is correct"
 * makes the reported Seller ID the one on record (audited) and says so on the alert.
 */
export function register(app: App, services: Services): void {
  app.action<BlockButtonAction>(
    WRONG_ACCOUNT_ROLLBACK_ACTION,
    async ({ ack, action, body, respond, client }) => {
      await ack();
      const route = routeOf(body, respond, client, services);
      const ref = await current(wrongAccountRef(action.value), services);
      if (typeof ref === 'string') return deliver(route, wrongAccountStale(ref)).catch(() => undefined);
      const reported = services.accounts;
      const account = await reported.find(ref.accountId);
      const name = account.kind === 'found' ? account.value.name : ref.accountId;
      const ctx: SubcommandContext = {
        userId: body.user.id,
        channelId: route.channelId,
        args: [
          ref.accountId,
          ref.channelId,
          ...`Wrong Amazon account: the connector reported Seller ID ${ref.reportedSellerId} for ${name}`.split(
            ' ',
          ),
          '--since',
          new Date(ref.occurredAt).toISOString(),
        ],
        services,
        client,
        reply: (message, options) => deliver(route, message, options?.inChannel ?? false),
      };
      try {
        await rollback.run(ctx);
      } catch (error) {
        if (error instanceof ReplyUndeliverableError) return;
        services.logger.error(
          `Requesting a rollback from a wrong-account alert by ${body.user.id} failed:`,
          error,
        );
        await deliver(route, failureMessage('rollback', error)).catch(() => undefined);
      }
    },
  );

  app.action<BlockButtonAction>(
    WRONG_ACCOUNT_CONFIRM_ACTION,
    async ({ ack, action, body, respond, client }) => {
      await ack();
      const route = routeOf(body, respond, client, services);
      try {
        const ref = await current(wrongAccountRef(action.value), services);
        if (typeof ref === 'string') return await deliver(route, wrongAccountStale(ref));
        const outcome = await services.accounts.confirmSellerId(ref.channelId, body.user.id);
        if (outcome.kind !== 'confirmed') {
          await deliver(
            route,
            wrongAccountStale('Nothing is waiting to be confirmed for this channel any more.'),
          );
          return;
        }
        const account = await services.store.getAccount(outcome.channel.accountId);
        const message = wrongAccountConfirmed(
          account ?? { id: ref.accountId, name: ref.accountId },
          outcome.channel,
          outcome.previousSellerId,
          body.user.id,
        );
        // The alert itself now says who confirmed what, so nobody clicks it again.
        await respond({ replace_original: true, text: message.text, blocks: message.blocks }).catch(
          (error: unknown) =>
            services.logger.warn(`Could not update the wrong-account alert: ${String(error)}`),
        );
      } catch (error) {
        if (error instanceof ReplyUndeliverableError) return;
        services.logger.error(`Confirming a Seller ID by ${body.user.id} failed:`, error);
        await deliver(route, failureMessage('confirm', error)).catch(() => undefined);
      }
    },
  );
}

function routeOf(
  body: BlockButtonAction,
  respond: ReplyRoute['respond'],
  client: ReplyRoute['client'],
  services: Services,
): ReplyRoute {
  return {
    respond,
    client,
    channelId: body.channel?.id ?? body.container?.channel_id ?? '',
    userId: body.user.id,
    logger: services.logger,
  };
}

/** The alert's reference when the store still holds that Seller ID as unconfirmed; why not otherwise. */
async function current(
  ref: WrongAccountRef | undefined,
  services: Services,
): Promise<WrongAccountRef | string> {
  if (!ref) return 'This button is not one the bot made, or is out of date.';
  const channel = (await services.store.channelsOfAccount(ref.accountId)).find((c) => c.id === ref.channelId);
  if (!channel) return `Channel ${ref.channelId} is no longer on record.`;
  if (channel.unconfirmedSellerId !== ref.reportedSellerId)
    return channel.sellerId === ref.reportedSellerId
      ? `Seller ID ${ref.reportedSellerId} is already the one on record for channel ${ref.channelId}.`
      : `This alert is out of date: Seller ID ${ref.reportedSellerId} is no longer waiting to be confirmed for channel ${ref.channelId}.`;
  return ref;
}

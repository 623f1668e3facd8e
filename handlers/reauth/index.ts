import type { App } from '@slack/bolt';
import type { Services } from '../../src/services/index.js';
import { type Message, SLASH_COMMAND_TEXT_LIMIT } from '../../src/views/blocks.js';
import {
  commandTooLongMessage,
  failureMessage,
  helpMessage,
  unknownSubcommandLead,
  usageErrorMessage,
} from '../../src/views/help.js';
import { deliver, ReplyUndeliverableError } from '../reply.js';
import { digest } from './digest.js';
import { done } from './done.js';
import { history } from './history.js';
import { merged } from './merged.js';
import { pending } from './pending.js';
import { rollback } from './rollback.js';
import { status } from './status.js';
import { steps } from './steps.js';
import { type Subcommand, type SubcommandContext, UsageError } from './subcommand.js';

/** Every `/reauth` subcommand; help lists them in this order. */
export const SUBCOMMANDS: readonly Subcommand[] = [
  status,
  merged,
  steps,
  done,
  pending,
  rollback,
  history,
  digest,
];

const help: Subcommand = {
  name: 'help',
  usage: 'help',
  summary: 'This list.',
  async run(ctx) {
    await ctx.reply(helpMessage([...SUBCOMMANDS, help]));
  },
};

const byName = new Map([...SUBCOMMANDS, help].map((s) => [s.name, s]));

export function register(app: App, services: Services): void {
  app.command('/reauth', async ({ ack, command, respond, client }) => {
    await ack();
    const reply = (message: Message, inChannel = false) =>
      deliver(
        {
          respond,
          client,
          channelId: command.channel_id,
          userId: command.user_id,
          logger: services.logger,
        },
        message,
        inChannel,
      );
    if (command.text.length > SLASH_COMMAND_TEXT_LIMIT) {
      services.logger.warn(
        `/reauth by ${command.user_id}: refused ${command.text.length} characters of text (at most ${SLASH_COMMAND_TEXT_LIMIT})`,
      );
      await reply(commandTooLongMessage(command.text.length)).catch(() => undefined);
      return;
    }
    const words = command.text.trim().split(/\s+/).filter(Boolean);
    const name = (words[0] ?? 'help').toLowerCase();
    const ctx: SubcommandContext = {
      userId: command.user_id,
      channelId: command.channel_id,
      args: words.slice(1),
      triggerId: command.trigger_id,
      services,
      client,
      reply: (message, options) => reply(message, options?.inChannel ?? false),
    };
    const subcommand = byName.get(name) ?? {
      ...help,
      run: (c: SubcommandContext) =>
        c.reply(helpMessage([...SUBCOMMANDS, help], unknownSubcommandLead(words[0] ?? ''))),
    };
    try {
      await subcommand.run(ctx);
    } catch (error) {
      if (error instanceof UsageError) {
        await ctx.reply(usageErrorMessage(error.message, error.usage)).catch(() => undefined);
        return;
      }
      // Already logged, and Slack takes no message from us just now.
      if (error instanceof ReplyUndeliverableError) return;
      services.logger.error(`/reauth ${name} by ${command.user_id} failed:`, error);
      // deliver() logs its own failure.
      await ctx.reply(failureMessage(name, error)).catch(() => undefined);
    }
  });
}

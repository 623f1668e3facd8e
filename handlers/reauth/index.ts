import type { App, RespondFn } from '@slack/bolt';
import type { Services } from '../../src/services/index.js';
import type { Message } from '../../src/views/blocks.js';
import {
  failureMessage,
  helpMessage,
  unknownSubcommandLead,
  usageErrorMessage,
} from '../../src/views/help.js';
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
    const words = command.text.trim().split(/\s+/).filter(Boolean);
    const name = (words[0] ?? 'help').toLowerCase();
    const ctx: SubcommandContext = {
      userId: command.user_id,
      channelId: command.channel_id,
      args: words.slice(1),
      services,
      client,
      reply: (message, options) => send(respond, message, options?.inChannel ?? false),
    };
    const subcommand = byName.get(name);
    if (!subcommand) {
      await ctx.reply(helpMessage([...SUBCOMMANDS, help], unknownSubcommandLead(words[0] ?? '')));
      return;
    }
    try {
      await subcommand.run(ctx);
    } catch (error) {
      if (error instanceof UsageError) {
        await ctx.reply(usageErrorMessage(error.message, error.usage));
        return;
      }
      services.logger.error(`/reauth ${name} by ${command.user_id} failed:`, error);
      await ctx
        .reply(failureMessage(name, error))
        .catch((replyError) =>
          services.logger.error('Could not tell the user about the failure:', replyError),
        );
    }
  });
}

async function send(respond: RespondFn, message: Message, inChannel: boolean): Promise<void> {
  await respond({
    response_type: inChannel ? 'in_channel' : 'ephemeral',
    replace_original: false,
    text: message.text,
    blocks: message.blocks,
  });
}

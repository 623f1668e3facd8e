import { notAnAgentMessage } from '../../src/views/agents.js';
import { doneMessage } from '../../src/views/done.js';
import { foundOrReply } from './lookup.js';
import { type Subcommand, UsageError } from './subcommand.js';

export const done: Subcommand = {
  name: 'done',
  usage: 'done <account> <marketplace|channel-id>',
  summary: 'Record that the customer reauthorized: every channel of that Seller ID and region.',
  async run(ctx) {
    if (ctx.args.length < 2) {
      throw new UsageError('Say which account and which of its channels was reauthorized.', this.usage);
    }
    if (!(await ctx.services.agents.mayChange(ctx.userId))) {
      await ctx.reply(notAnAgentMessage('record a reauthorization'));
      return;
    }
    const what = ctx.args[ctx.args.length - 1] as string;
    const query = ctx.args.slice(0, -1).join(' ');
    const outcome = await foundOrReply(ctx, query, await ctx.services.accounts.done(query, what, ctx.userId));
    if (outcome) await ctx.reply(doneMessage(outcome, ctx.services.config.timeZone));
  },
};

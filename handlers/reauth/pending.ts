import { pendingMessage } from '../../src/views/pending.js';
import type { Subcommand } from './subcommand.js';

export const pending: Subcommand = {
  name: 'pending',
  usage: 'pending',
  summary: 'Accounts that still need reauthorization, most first.',
  async run(ctx) {
    const list = await ctx.services.accounts.pending();
    await ctx.reply(pendingMessage(list, ctx.services.accounts.deadline()));
  },
};

import { historyMessage } from '../../src/views/history.js';
import { foundOrReply } from './lookup.js';
import { requireAccount, type Subcommand } from './subcommand.js';

export const history: Subcommand = {
  name: 'history',
  usage: 'history <account>',
  summary: "The account's audit trail, newest first: imports, reauthorizations, rollbacks and checklists.",
  async run(ctx) {
    const query = requireAccount(ctx.args, this.usage);
    const found = await foundOrReply(ctx, query, await ctx.services.history.history(query));
    if (found) await ctx.reply(historyMessage(found, ctx.services.config.timeZone));
  },
};

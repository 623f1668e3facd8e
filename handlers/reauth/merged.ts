import { mergedMessage } from '../../src/views/merged.js';
import { foundOrReply } from './lookup.js';
import { requireAccount, type Subcommand } from './subcommand.js';

export const merged: Subcommand = {
  name: 'merged',
  usage: 'merged <account>',
  summary: "How merged and unmerged Seller Central accounts apply to this customer's channels.",
  async run(ctx) {
    const query = requireAccount(ctx.args, this.usage);
    const picture = await foundOrReply(ctx, query, await ctx.services.accounts.picture(query));
    if (picture) await ctx.reply(mergedMessage(picture));
  },
};

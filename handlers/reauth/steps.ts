import { findMarketplace } from '../../src/domain/marketplaces.js';
import { stepsMessage } from '../../src/views/steps.js';
import { foundOrReply } from './lookup.js';
import { requireAccount, type Subcommand } from './subcommand.js';

export const steps: Subcommand = {
  name: 'steps',
  usage: 'steps <account> [marketplace]',
  summary: 'The reauthorization walkthrough for this customer, with the right Seller Central sign-in.',
  async run(ctx) {
    const words = [...ctx.args];
    const last = words.length > 1 ? findMarketplace(words[words.length - 1] as string) : undefined;
    if (last) words.pop();
    const query = requireAccount(words, this.usage);
    const picture = await foundOrReply(ctx, query, await ctx.services.accounts.picture(query));
    if (picture) await ctx.reply(stepsMessage(picture, last?.code));
  },
};

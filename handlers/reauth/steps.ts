import { selectChannel } from '../../src/domain/accounts.js';
import { findMarketplace } from '../../src/domain/marketplaces.js';
import { stepsMessage, stepsNoChannel } from '../../src/views/steps.js';
import { foundOrReply } from './lookup.js';
import { requireAccount, type Subcommand } from './subcommand.js';

export const steps: Subcommand = {
  name: 'steps',
  usage: 'steps <account> [marketplace|channel-id]',
  summary: 'The reauthorization walkthrough for this customer, with the right Seller Central sign-in.',
  async run(ctx) {
    const query = requireAccount(ctx.args, this.usage);
    const words = ctx.args;
    const last = words[words.length - 1] as string;
    const accounts = ctx.services.accounts;
    // A known marketplace code at the end is one; otherwise the whole text may be a name with spaces.
    const whole = words.length < 2 || !findMarketplace(last) ? await accounts.picture(query) : undefined;
    if (whole?.kind === 'found' || words.length < 2) {
      const picture = await foundOrReply(ctx, query, whole ?? (await accounts.picture(query)));
      if (picture) await ctx.reply(stepsMessage(picture));
      return;
    }
    // Then the last word names a channel, by marketplace or ID (an unknown one is answered as `done` does).
    const accountQuery = words.slice(0, -1).join(' ');
    const split = await accounts.picture(accountQuery);
    if (split.kind !== 'found' && whole) {
      await foundOrReply(ctx, query, whole);
      return;
    }
    const picture = await foundOrReply(ctx, accountQuery, split);
    if (!picture) return;
    const selection = selectChannel(picture.channels, last);
    if (selection.kind === 'none') await ctx.reply(stepsNoChannel(picture, last, selection.reason));
    else
      await ctx.reply(
        stepsMessage(picture, selection.kind === 'found' ? [selection.channel] : selection.channels),
      );
  },
};

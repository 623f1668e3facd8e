import { statusMessage } from '../../src/views/status.js';
import { foundOrReply } from './lookup.js';
import { requireAccount, type Subcommand } from './subcommand.js';

export const status: Subcommand = {
  name: 'status',
  usage: 'status <account>',
  summary: 'Which channels still show MWS, unit by unit, and the deadline countdown.',
  async run(ctx) {
    const query = requireAccount(ctx.args, this.usage);
    const picture = await foundOrReply(ctx, query, await ctx.services.accounts.picture(query));
    if (picture)
      await ctx.reply(statusMessage(picture, { shareButton: true, timeZone: ctx.services.config.timeZone }));
  },
};

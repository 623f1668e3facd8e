import { renewalsMessage } from '../../src/views/renewals.js';
import { type Subcommand, UsageError } from './subcommand.js';

export const DEFAULT_RENEWAL_DAYS = 30;

export const renewals: Subcommand = {
  name: 'renewals',
  usage: 'renewals [days]',
  summary: 'SP-API authorizations due for their yearly renewal within that many days (30), or expired.',
  async run(ctx) {
    const [first, ...rest] = ctx.args;
    if (rest.length > 0 || (first !== undefined && !/^\d{1,4}$/.test(first)))
      throw new UsageError('Give the number of days ahead to look, such as 30, or nothing.', this.usage);
    const days = first === undefined ? DEFAULT_RENEWAL_DAYS : Number(first);
    const due = await ctx.services.accounts.renewals(days);
    await ctx.reply(renewalsMessage(due, days, ctx.services.config.timeZone));
  },
};

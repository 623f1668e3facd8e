import { escapeMrkdwn } from '../../src/domain/text.js';
import { digestPostOutcomeMessage, notAnApproverMessage } from '../../src/views/digestCommand.js';
import { type Subcommand, UsageError } from './subcommand.js';

export const digest: Subcommand = {
  name: 'digest',
  usage: 'digest [post]',
  summary:
    'Preview the digest of what is still to do; `post` (approvers) posts it to the digest channel now.',
  async run(ctx) {
    const [action, ...rest] = ctx.args;
    if (!action) {
      await ctx.reply(await ctx.services.digests.preview());
      return;
    }
    if (action.toLowerCase() !== 'post' || rest.length > 0) {
      throw new UsageError(
        `\`${escapeMrkdwn(ctx.args.join(' '))}\` is not a digest option. Type \`/reauth digest\` for a preview, or \`/reauth digest post\` to post it now.`,
        this.usage,
      );
    }
    const { approvers } = ctx.services.config;
    if (!approvers.includes(ctx.userId)) {
      await ctx.reply(notAnApproverMessage(approvers));
      return;
    }
    await ctx.reply(
      digestPostOutcomeMessage(
        await ctx.services.digests.postExtra(ctx.userId),
        ctx.services.config.timeZone,
      ),
    );
  },
};

import { WebAPIPlatformError, WebAPIRateLimitedError } from '@slack/web-api';
import type { SinceAnswer, SlackMessageRef } from '../../src/domain/rollback.js';
import type { RollbackDetails, RollbackRequestOutcome } from '../../src/services/rollbackService.js';
import { notAnAgentMessage } from '../../src/views/agents.js';
import {
  openRollbackExists,
  type PostFailureCause,
  rollbackPostFailed,
  rollbackRequestedConfirmation,
} from '../../src/views/rollback.js';
import { rollbackRequestRefused } from '../../src/views/rollbackRequest.js';
import { type SinceRequest, sinceModal, sinceNeededMessage } from '../../src/views/rollbackSince.js';
import { RollbackPublisher } from '../rollback/publish.js';
import { foundOrReply } from './lookup.js';
import { type Subcommand, type SubcommandContext, UsageError } from './subcommand.js';

const USAGE = 'rollback <account> <marketplace|channel-id> <reason…> [--since <ISO date-time>]';

export const rollback: Subcommand = {
  name: 'rollback',
  usage: USAGE,
  summary:
    'Ask for a temporary rollback to MWS (wrong Amazon account authorized); an approver decides, then a recovery checklist.',
  async run(ctx) {
    const { words, since } = splitSince(ctx.args);
    if (words.length < 3) {
      throw new UsageError(
        'Say which account, which of its channels (marketplace or channel ID), and why it needs rolling back.',
        USAGE,
      );
    }
    await requestRollback(ctx, words, since === undefined ? undefined : { kind: 'command', text: since });
  },
};

/**
 * Asks for the rollback and answers the asker: by `/reauth rollback`, or by the form that asked when
 * the wrong account was authorized (`ctx` then answers in the channel the command was typed in).
 */
export async function requestRollback(
  ctx: SubcommandContext,
  words: readonly string[],
  since: SinceAnswer | undefined,
): Promise<void> {
  const { rollbacks } = ctx.services;
  if (!(await ctx.services.agents.mayChange(ctx.userId))) {
    await ctx.reply(notAnAgentMessage('ask for a rollback'));
    return;
  }
  const outcome = await foundOrReply(
    ctx,
    words[0] as string,
    await rollbacks.request(words, since, ctx.userId),
  );
  if (!outcome) return;
  const publisher = new RollbackPublisher(ctx.client, ctx.services);
  switch (outcome.kind) {
    case 'created':
      for (const expired of outcome.expired) await announceQuietly(ctx, publisher, expired.id);
      await post(ctx, publisher, outcome.details, true);
      return;
    case 'open-exists': {
      let parent = outcome.details.rollback.messages.parent;
      if (!parent && outcome.details.rollback.state === 'requested') {
        // Its first posting failed (this is the retry the requester was told to do), or is under way.
        parent = await post(ctx, publisher, outcome.details, false);
        if (!parent) return;
      }
      if (
        parent &&
        outcome.details.rollback.state === 'approved' &&
        !outcome.details.rollback.messages.checklist
      ) {
        // Approved, but its announcement failed part-way: post what Slack does not hold.
        await publisher.completeApprovalAnnouncement(outcome.details);
      }
      const link = parent && (await publisher.permalink(parent));
      await ctx.reply(openRollbackExists(outcome.details, link, rollbacks.timeZone));
      return;
    }
    case 'since-needed':
      await askWhen(ctx, outcome);
      return;
    default:
      await ctx.reply(rollbackRequestRefused(outcome, rollbacks.timeZone));
  }
}

/**
 * Nobody said when the wrong account was authorized, and the bot must not guess: the form asks,
 * opened with the command's trigger; when Slack will not open it (the trigger lasts 3 seconds), a
 * private message asks instead, with a button that opens it.
 */
async function askWhen(
  ctx: SubcommandContext,
  needed: Extract<RollbackRequestOutcome, { kind: 'since-needed' }>,
): Promise<void> {
  const request: SinceRequest = {
    accountId: needed.picture.account.id,
    channelId: needed.channel.id,
    reason: needed.reason,
    replyChannel: ctx.channelId,
  };
  if (ctx.triggerId) {
    try {
      await ctx.client.views.open({
        trigger_id: ctx.triggerId,
        view: sinceModal(request, needed.picture, needed.channel),
      });
      return;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      ctx.services.logger.warn(
        `Opening the rollback form for ${ctx.userId} failed (${reason}); asking in a message`,
      );
    }
  }
  await ctx.reply(sinceNeededMessage(request, ctx.services.rollbacks.timeZone));
}

/**
 * Posts the request for the approvers and confirms it to the asker who created it, or to its
 * requester retrying. Anyone else, or a retry that finds it posted meanwhile (the first asking was
 * still posting it), gets no answer here: it returns where the request is, for the caller to answer
 * that it is open.
 */
async function post(
  ctx: SubcommandContext,
  publisher: RollbackPublisher,
  details: RollbackDetails,
  created: boolean,
): Promise<SlackMessageRef | undefined> {
  const channel = ctx.services.config.rollbacks?.channel ?? ctx.channelId;
  let outcome: Awaited<ReturnType<RollbackPublisher['postRequest']>>;
  try {
    // Asked again: an earlier posting may have reached Slack without its answer reaching us.
    outcome = await publisher.postRequest(details, channel, { lookFirst: !created });
  } catch (error) {
    ctx.services.logger.error(`Posting rollback ${details.rollback.id} in ${channel} failed:`, error);
    await ctx.reply(
      rollbackPostFailed(details, error instanceof Error ? error.message : String(error), causeOf(error)),
    );
    return undefined;
  }
  const retried = outcome.posted && ctx.userId === details.rollback.requester;
  if (!created && !retried) return outcome.ref;
  await ctx.reply(rollbackRequestedConfirmation(details, await publisher.permalink(outcome.ref)));
  return undefined;
}

/** An older request that expired as this one was made: its message should say so too. */
async function announceQuietly(ctx: SubcommandContext, publisher: RollbackPublisher, id: string) {
  try {
    const details = await ctx.services.rollbacks.details(id);
    if (details) await publisher.announceOutcome(details);
  } catch (error) {
    ctx.services.logger.error(`Updating expired rollback ${id} failed:`, error);
  }
}

/**
 * `--since`, however a keyboard wrote it: phones and Macs turn `--` into an en or em dash, and some
 * people type it in capitals. Anything else that starts with dashes stays a word of the reason.
 */
const SINCE_FLAG = /^(?:-{1,2}|[\u2012-\u2015\u2212]{1,2})since(?:=(.*))?$/is;

/** A word that is an option rather than a value: it starts with a dash of any kind. */
const FLAG_LIKE = /^(?:-{2}|[\u2012-\u2015\u2212])/;

/** `--since <value>` or `--since=<value>` anywhere among the words. */
export function splitSince(args: readonly string[]): { words: string[]; since?: string } {
  const words: string[] = [];
  let since: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as string;
    const flag = SINCE_FLAG.exec(word);
    if (!flag) {
      words.push(word);
      continue;
    }
    if (flag[1] === undefined) {
      const value = args[i + 1];
      if (value === undefined || FLAG_LIKE.test(value))
        throw new UsageError('--since needs a date-time after it, such as 2026-11-27T09:30.', USAGE);
      since = value;
      i++;
    } else {
      since = flag[1];
      if (!since) throw new UsageError('--since needs a date-time, such as --since=2026-11-27T09:30.', USAGE);
    }
  }
  return since === undefined ? { words } : { words, since };
}

/** Channels the bot cannot post in until someone invites it, or the setting names another. */
const NOT_IN_CHANNEL = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

function causeOf(error: unknown): PostFailureCause {
  if (error instanceof WebAPIRateLimitedError)
    return { kind: 'rate-limited', retryAfterSeconds: error.retryAfter };
  if (error instanceof WebAPIPlatformError && NOT_IN_CHANNEL.has(String(error.data.error)))
    return { kind: 'not-in-channel' };
  return { kind: 'other' };
}

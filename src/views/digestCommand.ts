import { EXTRA_DIGEST_REPEAT_MS } from '../domain/digestRecord.js';
import { escapeMrkdwn, inflect, plural } from '../domain/text.js';
import { formatDateTime } from '../domain/time.js';
import type { PostOutcome } from '../services/digestService.js';
import { type Message, section } from './blocks.js';
import { slackTime } from './slackTime.js';

export function notAnApproverMessage(approvers: readonly string[]): Message {
  const text =
    approvers.length === 0
      ? 'Only approvers can post the digest on demand, and none are configured (REAUTH_APPROVERS). ' +
        '`/reauth digest` shows you a preview; the schedule posts it as usual.'
      : 'Only approvers (REAUTH_APPROVERS) can post the digest on demand; nothing was posted. ' +
        '`/reauth digest` shows you a preview, or ask an approver to post it.';
  return { text, blocks: [section(text)] };
}

/** The answer to `/reauth digest post`. */
export function digestPostOutcomeMessage(outcome: PostOutcome, timeZone: string): Message {
  const text = outcomeText(outcome, {
    channel: (id) => `<#${id}>`,
    escape: escapeMrkdwn,
    icons: true,
    who: (by) => (/^[UW][A-Z0-9]+$/.test(by) ? `<@${by}>` : escapeMrkdwn(by)),
    time: (iso) => slackTime(iso, timeZone),
  });
  return { text, blocks: [section(text)] };
}

/** The same answer for a terminal (`npm run digest`). */
export function digestPostOutcomeText(outcome: PostOutcome, timeZone = 'UTC'): string {
  return outcomeText(outcome, {
    channel: (id) => id,
    escape: (s) => s,
    icons: false,
    who: (by) => by,
    time: (iso) => formatDateTime(iso, timeZone),
  });
}

interface Style {
  channel(id: string): string;
  escape(text: string): string;
  icons: boolean;
  /** Who asked: a Slack user ID or `cli:<os user>`. */
  who(requestedBy: string): string;
  time(iso: string): string;
}

function outcomeText(outcome: PostOutcome, style: Style): string {
  switch (outcome.kind) {
    case 'no-channel':
      return 'Nothing posted: no digest channel is set. Set REAUTH_DIGEST_CHANNEL to a channel ID and restart the bot.';
    case 'no-slack':
      return 'Nothing posted: there is no Slack token to post with (SLACK_BOT_TOKEN).';
    case 'repeated': {
      const { record } = outcome;
      const state = record.status === 'posting' ? 'is being posted' : 'was already posted';
      return (
        `Nothing posted: the digest ${state} to ${style.channel(record.channel)}, asked for by ` +
        `${style.who(record.requestedBy)} at ${style.time(record.createdAt)}. A digest asked for by hand is ` +
        `posted once in ${plural(EXTRA_DIGEST_REPEAT_MS / 60_000, 'minute')}; ask again after that for a fresh one.`
      );
    }
    case 'posted': {
      const { record } = outcome;
      const dms = record.dms.filter((d) => !d.error).length;
      const refused = record.dms.length - dms;
      const messages =
        record.parts.length === 1
          ? 'one message'
          : `a message and ${plural(record.parts.length - 1, 'thread reply', 'thread replies')}`;
      return (
        `${style.icons ? ':white_check_mark: ' : ''}Posted the digest to ${style.channel(record.channel)}: ${messages}` +
        `${record.dms.length > 0 ? `, and ${plural(dms, 'DM')} to ${inflect(dms, 'an account manager', 'account managers')}` : ''}.` +
        `${refused > 0 ? ` Slack refused ${plural(refused, 'DM')}; the log says why.` : ''} The schedule is unchanged.`
      );
    }
    case 'failed': {
      const { record } = outcome;
      const posted = record.parts.filter((p) => p.ts).length;
      return (
        `${style.icons ? ':warning: ' : ''}The digest could not be posted in full (${posted} of ` +
        `${plural(record.parts.length, 'channel message')} out): ${style.escape(outcome.error)}. It is on record: the running bot carries on where it ` +
        'stopped at its next check (within a minute), without repeating what is already posted.'
      );
    }
  }
}

import { escapeMrkdwn } from '../domain/text.js';
import { formatDateTime } from '../domain/time.js';
import type { RollbackRequestOutcome, SinceRefusal } from '../services/rollbackService.js';
import { type Message, section } from './blocks.js';
import { accountLabel, noChannelText, severalChannelsText } from './lookup.js';
import { unitSummary } from './pending.js';
import { slackTime } from './slackTime.js';

type Refusal = Exclude<RollbackRequestOutcome, { kind: 'created' | 'open-exists' | 'since-needed' }>;

/** Said of a reason holding an MWS Auth Token; the value itself is never repeated. */
export const TOKEN_IN_REASON =
  'what you typed contains what looks like an MWS Auth Token (`amzn.mws.` and more; not shown here). The token is a ' +
  'secret: write the reason without it. To compare a token with the one on record, use *Check tokens* on ' +
  'the recovery checklist, which keeps nothing.';

/** Why a rollback request was not recorded; in each case nothing changed. */
export function rollbackRequestRefused(outcome: Refusal, timeZone: string): Message {
  const text = refusalText(outcome, timeZone);
  return { text, blocks: [section(text)] };
}

function refusalText(outcome: Refusal, timeZone: string): string {
  switch (outcome.kind) {
    case 'no-approvers':
      return (
        'Nothing requested: rollbacks need an approver, and none is configured. Set REAUTH_APPROVERS to the ' +
        'Slack user IDs of the people who may approve (comma-separated) and restart the bot.'
      );
    case 'no-channel': {
      const { picture, what, reason } = outcome;
      return `Nothing requested for ${accountLabel(picture.account)}: ${noChannelText(picture.channels, what, reason)}.`;
    }
    case 'ambiguous-channel':
      return `Nothing requested: ${severalChannelsText(accountLabel(outcome.picture.account), outcome.channels)}`;
    case 'no-reason':
      return `Nothing requested for ${accountLabel(outcome.picture.account)}: say why, after the marketplace or channel (for example: wrong Seller Central account authorized).`;
    case 'reason-too-long':
      return `Nothing requested: the reason is ${outcome.length} characters; keep it under 500 and add detail in the request's thread.`;
    case 'reason-has-token':
      return `Nothing requested: ${TOKEN_IN_REASON}`;
    case 'no-unit':
      return `Nothing requested for ${accountLabel(outcome.picture.account)}: ${unitSummary(outcome.unit)} has no channels on record any more.`;
    case 'since-invalid':
      return (
        `Nothing requested: \`${escapeMrkdwn(outcome.text)}\` is not an ISO date-time. Use \`--since 2026-11-27T09:30\` ` +
        `(read in ${timeZone}) or with an offset, \`--since 2026-11-27T09:30+01:00\`.`
      );
    case 'since-too-early':
      return `Nothing requested: --since ${slackTime(outcome.since, timeZone)} is before ${slackTime(outcome.earliest, timeZone)}, too early to be right: check the year, and give the time the wrong account was authorized.`;
    case 'since-future':
      return `Nothing requested: --since ${slackTime(outcome.since, timeZone)} is in the future (it is now ${slackTime(outcome.now, timeZone)}). Give the time the wrong account was authorized.`;
  }
}

/** The same refusals of a start, for the form's date-time field (which is not called --since). */
export function sinceFormError(refusal: SinceRefusal, timeZone: string): string {
  switch (refusal.kind) {
    case 'since-invalid':
      return 'Pick a date and a time.';
    case 'since-too-early':
      return `${formatDateTime(refusal.since, timeZone)} is before ${formatDateTime(refusal.earliest, timeZone)}, too early to be right: check the year.`;
    case 'since-future':
      return `${formatDateTime(refusal.since, timeZone)} is in the future (it is now ${formatDateTime(refusal.now, timeZone)}).`;
  }
}

import type { KnownBlock } from '@slack/types';
import type { Channel } from '../domain/accounts.js';
import { REGION_IN_SENTENCE } from '../domain/marketplaces.js';
import {
  type DecisionRefusal,
  missedOrdersWindow,
  noneMissedIfFlowingBy,
  ORDER_REDOWNLOAD_HOURS,
  ordersFlowingAgainAt,
  type Rollback,
  type UnitChange,
  unitChanges,
} from '../domain/rollback.js';
import { escapeMrkdwn, listJoin, plural } from '../domain/text.js';
import type { RollbackDetails } from '../services/rollbackService.js';
import { actions, button, context, header, type Message, section } from './blocks.js';
import { accountLabel } from './lookup.js';
import { slackTime } from './slackTime.js';

export const ROLLBACK_APPROVE_ACTION = 'rollback_approve';
export const ROLLBACK_DENY_ACTION = 'rollback_deny';
/** Approving a unit that changed since the request, after being shown the change. */
export const ROLLBACK_APPROVE_CHANGED_ACTION = 'rollback_approve_changed';

/** "Approve anyway" carries the rollback and the unit's state its presser was shown. */
export function approveChangedValue(rollbackId: string, fingerprint: string): string {
  return `${rollbackId}|${fingerprint}`;
}

export function parseApproveChangedValue(
  value: string,
): { rollbackId: string; fingerprint: string } | undefined {
  const [rollbackId, fingerprint, extra] = value.split('|');
  return rollbackId && fingerprint && extra === undefined ? { rollbackId, fingerprint } : undefined;
}

/** How the rollback messages show times, and who may decide. */
export interface RollbackViewContext {
  timeZone: string;
  approvers: readonly string[];
}

export function mention(userId: string): string {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

export function unitLabel(rollback: Rollback): string {
  return `Seller ID \`${escapeMrkdwn(rollback.unit.sellerId)}\` in ${REGION_IN_SENTENCE[rollback.unit.region]}`;
}

export function channelLabel(channel: Pick<Channel, 'marketplace' | 'id'>): string {
  return `${channel.marketplace} \`${escapeMrkdwn(channel.id)}\``;
}

function marketplaces(details: RollbackDetails): string {
  return listJoin(details.channels.map((c) => c.marketplace)) || 'no channels';
}

/**
 * The request as posted for the approvers, and later updated in place: with Approve and Deny while
 * it waits, with the decision (and no buttons) once decided or expired.
 */
export function rollbackParentMessage(details: RollbackDetails, view: RollbackViewContext): Message {
  const { rollback, account } = details;
  const time = (iso: string) => slackTime(iso, view.timeZone);
  const channelLines = details.channels.map((c) => `${channelLabel(c)} (shows ${c.authorization})`);
  const facts = [
    `*Account:* ${accountLabel(account)}`,
    `*Unit:* ${unitLabel(rollback)}`,
    `*Channels:* ${channelLines.join(', ') || 'none on record'}`,
    `*Requested by:* ${mention(rollback.requester)} at ${time(rollback.requestedAt)}`,
    `*Reason:* ${escapeMrkdwn(rollback.reason)}`,
    `*Wrong account authorized:* ${windowStartText(rollback, view.timeZone)}`,
  ];
  const changed = rollback.state === 'requested' && changesText(details, view.timeZone);
  if (changed) facts.push(`*Changed since the request:* ${changed}`);
  if (rollback.reauthorizationReported)
    facts.push(
      `*Reauthorization:* the bot had no record of it; recorded with this request, as reported by ${mention(rollback.requester)}.`,
    );
  const blocks: KnownBlock[] = [header(`${titleOf(rollback)}: ${account.name}`), section(facts.join('\n'))];
  blocks.push(...stateBlocks(details, view));
  blocks.push(context(`Rollback \`${rollback.id}\``));
  return {
    text: `${titleOf(rollback)} for ${escapeMrkdwn(account.name)} (${marketplaces(details)}), requested by ${mention(rollback.requester)}`,
    blocks,
  };
}

function titleOf(rollback: Rollback): string {
  switch (rollback.state) {
    case 'requested':
      return 'Rollback requested';
    case 'approved':
      return 'Rollback approved';
    case 'denied':
      return 'Rollback denied';
    case 'expired':
      return 'Rollback expired';
    case 'completed':
      return 'Rollback completed';
  }
}

function stateBlocks(details: RollbackDetails, view: RollbackViewContext): KnownBlock[] {
  const { rollback } = details;
  const time = (iso: string) => slackTime(iso, view.timeZone);
  const decided = rollback.decision && `${mention(rollback.decision.by)} at ${time(rollback.decision.at)}`;
  switch (rollback.state) {
    case 'requested':
      return [
        section(
          `Approvers: ${view.approvers.map(mention).join(', ') || 'none configured'} (not the requester). ` +
            `Approving sets ${marketplaces(details)} back to MWS. Expires ${time(rollback.expiresAt)} if nobody decides.`,
        ),
        actions(
          'rollback_decision',
          button('Approve', ROLLBACK_APPROVE_ACTION, rollback.id, 'primary'),
          button('Deny', ROLLBACK_DENY_ACTION, rollback.id, 'danger'),
        ),
      ];
    case 'approved':
      return [
        section(`:white_check_mark: *Approved* by ${decided}. The recovery checklist is in the thread.`),
      ];
    case 'completed':
      return [
        section(`:white_check_mark: *Approved* by ${decided}.`),
        section(
          `:tada: *Recovery checklist completed* ${rollback.completedAt ? `at ${time(rollback.completedAt)}` : ''}.`,
        ),
      ];
    case 'denied':
      return [
        section(
          `:no_entry: *Denied* by ${decided}. Reason: ${escapeMrkdwn(rollback.decision?.reason ?? 'none given')}`,
        ),
      ];
    case 'expired':
      return [
        section(
          `:hourglass: *Expired* at ${time(rollback.expiresAt)}: nobody decided in time, so nothing was changed. ` +
            'Request it again if it is still needed.',
        ),
      ];
  }
}

/** Posted in the thread once decided or expired, telling the requester. */
export function rollbackOutcomeThreadMessage(details: RollbackDetails, view: RollbackViewContext): Message {
  const { rollback, account } = details;
  const who = mention(rollback.requester);
  const name = escapeMrkdwn(account.name);
  const decided = rollback.decision
    ? `by ${mention(rollback.decision.by)} at ${slackTime(rollback.decision.at, view.timeZone)}`
    : '';
  let text: string;
  if (rollback.state === 'denied') {
    text = `${who} your rollback for ${name} was denied ${decided}. Reason: ${escapeMrkdwn(rollback.decision?.reason ?? 'none given')}`;
  } else if (rollback.state === 'expired') {
    text = `${who} your rollback for ${name} expired at ${slackTime(rollback.expiresAt, view.timeZone)} without a decision; nothing was changed.`;
  } else {
    text =
      `${who} your rollback for ${name} was approved ${decided}: ${marketplaces(details)} ${details.channels.length === 1 ? 'shows' : 'show'} MWS again. ` +
      `${missedOrdersSentence(rollback, view.timeZone)} Work through the checklist below with the customer.`;
  }
  return { text, blocks: [section(text)] };
}

/**
 * When the wrong account was authorized (the start of the missed-orders window) and who said so:
 * the bot never assumes it, so every message showing the window says where its start came from.
 */
export function windowStartText(rollback: Rollback, timeZone: string): string {
  const source = rollback.sinceSource;
  if (!rollback.since || source?.kind === 'unknown')
    return `unknown: ${source ? mention(source.by) : 'the requester'} did not know when the wrong account was authorized`;
  const at = slackTime(rollback.since, timeZone);
  switch (source?.kind) {
    case 'command':
      return `${at} (from \`--since\` given by ${mention(source.by)})`;
    case 'form':
      return `${at} (given by ${mention(source.by)} in the request form)`;
    case undefined:
      return `${at} (the unit's last recorded authorization, assumed by an older version of the bot: nobody confirmed it)`;
  }
}

/**
 * Which orders the customer must add by hand, and where the window's start came from. Until the
 * checklist says everything is syncing again, what will be true either way; after, the window that
 * applies. The help page's rule: orders missed and not downloaded within 36 hours are added by hand.
 */
export function missedOrdersSentence(rollback: Rollback, timeZone: string): string {
  const start = `Wrong account authorized: ${windowStartText(rollback, timeZone)}.`;
  const hours = `${ORDER_REDOWNLOAD_HOURS} hours`;
  if (!rollback.since)
    return (
      `${start} Orders missed since then and not downloaded within ${hours} need adding by hand; ` +
      'without the start, which ones cannot be worked out.'
    );
  const since = new Date(rollback.since);
  const when = (moment: Date | string) => slackTime(moment, timeZone);
  const flowing = ordersFlowingAgainAt(rollback);
  if (flowing) {
    const window = missedOrdersWindow(since, new Date(flowing));
    const again = `Orders flowed again at ${when(flowing)}`;
    if (!window.atRisk) return `${start} ${again}, within ${hours} of the start: none need adding by hand.`;
    return `${start} ${again}: add by hand the orders placed from ${when(window.from)} until ${when(window.until)}.`;
  }
  const by = noneMissedIfFlowingBy(since);
  const stillPossible = !rollback.decision || Date.parse(rollback.decision.at) < by.getTime();
  const otherwise = `the orders placed from ${when(since)} until ${hours} before they flow again need adding by hand`;
  if (!stillPossible) return `${start} More than ${hours} have passed since then, so ${otherwise}.`;
  return `${start} If orders flow again by ${when(by)}, none need adding by hand; otherwise ${otherwise}.`;
}

export function rollbackRequestedConfirmation(
  details: RollbackDetails,
  permalink: string | undefined,
): Message {
  const { rollback, account } = details;
  const where = permalink ? `<${permalink}|See the request>` : 'The request is posted for the approvers';
  const text =
    `:white_check_mark: Rollback \`${rollback.id}\` requested for ${accountLabel(account)}, ${unitLabel(rollback)} ` +
    `(${marketplaces(details)}). ${where}; you will be told in its thread when an approver decides.`;
  return { text, blocks: [section(text)] };
}

export function openRollbackExists(
  details: RollbackDetails,
  permalink: string | undefined,
  timeZone: string,
): Message {
  const { rollback, account } = details;
  const state = rollback.state === 'requested' ? 'waiting for an approver' : 'approved, recovery under way';
  const link = permalink ? ` <${permalink}|See it here.>` : '';
  const text =
    `Nothing requested: ${accountLabel(account)} already has an open rollback for ${unitLabel(rollback)}: ` +
    `\`${rollback.id}\`, requested by ${mention(rollback.requester)} at ${slackTime(rollback.requestedAt, timeZone)} (${state}).${link}`;
  return { text, blocks: [section(text)] };
}

/** What changed in the unit since the request, channel by channel; empty when nothing did. */
export function changesText(details: RollbackDetails, timeZone: string, changes?: UnitChange[]): string {
  const { rollback } = details;
  const list =
    changes ?? (rollback.unitAtRequest ? unitChanges(rollback.unitAtRequest, details.channels) : []);
  return list
    .map((change) => {
      const channel = details.channels.find((c) => c.id === change.channelId);
      const name = channel ? channelLabel(channel) : `\`${escapeMrkdwn(change.channelId)}\``;
      if (!change.now) return `${name} is no longer on record`;
      const who = change.now.authorizedBy ? ` by ${mention(change.now.authorizedBy)}` : '';
      const when = change.now.authorizedAt ? ` at ${slackTime(change.now.authorizedAt, timeZone)}` : '';
      return `${name}: ${change.before.authorization} then, ${change.now.authorization} now (recorded${who}${when})`;
    })
    .join('; ');
}

/**
 * Approve was pressed on a unit that changed since the request (reauthorized again): nothing was
 * changed; the approver sees what changed and approves again knowing it, or denies.
 */
export function unitChangedMessage(
  details: RollbackDetails,
  changes: UnitChange[],
  fingerprint: string,
  timeZone: string,
): Message {
  const { rollback } = details;
  const text =
    `:warning: Not approved yet: ${unitLabel(rollback)} changed since ${mention(rollback.requester)} asked ` +
    `(${slackTime(rollback.requestedAt, timeZone)}). ${changesText(details, timeZone, changes)}. ` +
    `Approving now sets ${marketplaces(details)} back to MWS, undoing that. If the customer still has the wrong ` +
    'account authorized, press *Approve anyway*; if it is right now, deny the request instead. Nothing was changed.';
  return {
    text,
    blocks: [
      section(text),
      actions(
        'rollback_changed',
        button(
          'Approve anyway',
          ROLLBACK_APPROVE_CHANGED_ACTION,
          approveChangedValue(rollback.id, fingerprint),
          'danger',
        ),
      ),
    ],
  };
}

/** The refusal a person gets when a button is not theirs to press; nothing changed. */
export function decisionRefusedMessage(refusal: DecisionRefusal, approvers: readonly string[]): Message {
  const list = approvers.length > 0 ? ` Approvers: ${approvers.map(mention).join(', ')}.` : '';
  const text = `:no_entry_sign: You can't decide this rollback: ${refusal.reason}.${list} Nothing was changed.`;
  return { text, blocks: [section(text)] };
}

export function alreadyDecidedMessage(rollback: Rollback, timeZone: string): Message {
  const decision = rollback.decision;
  const verdict = rollback.state === 'denied' ? 'denied' : 'approved';
  const text = decision
    ? `This rollback was already ${verdict} by ${mention(decision.by)} at ${slackTime(decision.at, timeZone)}. Nothing was changed.`
    : 'This rollback was already decided. Nothing was changed.';
  return { text, blocks: [section(text)] };
}

export function expiredMessage(rollback: Rollback, timeZone: string): Message {
  const text = `This rollback request expired at ${slackTime(rollback.expiresAt, timeZone)} and can no longer be decided. Nothing was changed; ask for a new one if it is still needed.`;
  return { text, blocks: [section(text)] };
}

export function unknownRollbackMessage(): Message {
  const text = 'That button does not belong to a rollback request this bot knows about. Nothing was changed.';
  return { text, blocks: [section(text)] };
}

export function actionFailedMessage(what: string, error: unknown): Message {
  const reason = error instanceof Error ? error.message : String(error);
  const text = `:x: ${escapeMrkdwn(what)} failed: ${escapeMrkdwn(reason)}. Nothing more was changed; the details are in the bot's log.`;
  return { text, blocks: [section(text)] };
}

/**
 * The decision is recorded but Slack did not show it. Running the request again posts a missing
 * checklist (approved); nothing reposts the request's update or the note, so the approver is asked
 * to tell the requester.
 */
export function decisionNotAnnounced(rollback: Rollback, error: unknown): Message {
  const reason = error instanceof Error ? error.message : String(error);
  const next =
    rollback.state === 'approved'
      ? 'Run `/reauth rollback` for the same channel again to post the note and the recovery checklist where they are missing'
      : 'The request may still show Approve and Deny (a click is told it was denied)';
  const text =
    `:warning: Rollback \`${rollback.id}\` is recorded as ${rollback.state}, but updating its Slack messages failed ` +
    `(${escapeMrkdwn(reason)}). ${next}; the requester ${mention(rollback.requester)} may not have been told in the thread, so let them know.`;
  return { text, blocks: [section(text)] };
}

/** Why posting a rollback for the approvers failed, as far as the advice to the requester goes. */
export type PostFailureCause =
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'not-in-channel' }
  | { kind: 'other' };

export function rollbackPostFailed(
  details: RollbackDetails,
  problem: string,
  cause: PostFailureCause,
): Message {
  const advice =
    cause.kind === 'rate-limited'
      ? `Slack asked the bot to wait ${waitText(cause.retryAfterSeconds)} before posting more (a rate limit); run the same command again after that to post it.`
      : cause.kind === 'not-in-channel'
        ? 'Invite the bot to the rollback channel (or set REAUTH_ROLLBACK_CHANNEL), then run the same command again to post it.'
        : "Run the same command again shortly to post it; the bot's log has the details.";
  const text =
    `:warning: Rollback \`${details.rollback.id}\` is recorded, but posting it for the approvers failed (${escapeMrkdwn(problem)}). ` +
    advice;
  return { text, blocks: [section(text)] };
}

/** Retry-After as a person reads it: seconds under a minute, else whole minutes rounded up. */
function waitText(seconds: number): string {
  if (seconds < 60) return plural(seconds, 'second');
  return plural(Math.ceil(seconds / 60), 'minute');
}

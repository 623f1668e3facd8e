import type { Account, Channel } from '../domain/accounts.js';
import type { UnconfirmedSeller } from '../domain/connectorEvents.js';
import { escapeMrkdwn } from '../domain/text.js';
import { actions, button, context, type Message, section } from './blocks.js';
import { slackDate } from './provenance.js';

export const WRONG_ACCOUNT_ROLLBACK_ACTION = 'wrong_account_rollback';
export const WRONG_ACCOUNT_CONFIRM_ACTION = 'wrong_account_confirm';

/** What the alert's buttons carry: enough to act without trusting anything else in the payload. */
export interface WrongAccountRef {
  accountId: string;
  channelId: string;
  /** The reported Seller ID the alert is about (a later report makes the alert stale). */
  reportedSellerId: string;
  occurredAt: string;
}

export function wrongAccountRef(value: string | undefined): WrongAccountRef | undefined {
  try {
    const parsed = JSON.parse(value ?? '') as Partial<WrongAccountRef>;
    if (
      typeof parsed.accountId === 'string' &&
      typeof parsed.channelId === 'string' &&
      typeof parsed.reportedSellerId === 'string' &&
      typeof parsed.occurredAt === 'string'
    )
      return parsed as WrongAccountRef;
  } catch {
    // Not ours: answered as a stale button.
  }
  return undefined;
}

function where(marketplace: string, sellerId: string): string {
  return `\`${escapeMrkdwn(sellerId)}\` (${escapeMrkdwn(marketplace)})`;
}

/** The alert in the rollback channel (and the account manager's DM). */
export function wrongAccountAlert(account: Account, u: UnconfirmedSeller): Message {
  const ref: WrongAccountRef = {
    accountId: u.accountId,
    channelId: u.channelId,
    reportedSellerId: u.reportedSellerId,
    occurredAt: u.occurredAt,
  };
  const value = JSON.stringify(ref);
  const name = escapeMrkdwn(account.name);
  const text = `Possible wrong Amazon account for ${name}: channel ${u.channelId} reported Seller ID ${u.reportedSellerId}, not ${u.sellerId}`;
  return {
    text,
    blocks: [
      section(
        `:warning: *Possible wrong Amazon account for ${name}*\n` +
          `The connector reported ${where(u.reportedMarketplace, u.reportedSellerId)} for channel \`${escapeMrkdwn(u.channelId)}\`, ` +
          `${slackDate(u.occurredAt, '{date_short_pretty}')} at <!date^${Math.floor(Date.parse(u.occurredAt) / 1000)}^{time}|${u.occurredAt}>; ` +
          `on record: ${where(u.marketplace, u.sellerId)}.`,
      ),
      context(
        'The reported Seller ID is kept as unconfirmed; status answers show it beside the one on record. ' +
          'If the customer authorized the wrong Seller Central account, request a rollback (its missed-orders window starts at the event time).',
      ),
      actions(
        'wrong_account_actions',
        button('Request rollback', WRONG_ACCOUNT_ROLLBACK_ACTION, value, 'danger'),
        button('It is correct', WRONG_ACCOUNT_CONFIRM_ACTION, value, 'primary'),
      ),
    ],
  };
}

/** The alert once someone confirmed the reported Seller ID. */
export function wrongAccountConfirmed(
  account: Account,
  channel: Channel,
  previous: string,
  by: string,
): Message {
  const said = `Confirmed by <@${by}>: Seller ID ${where(channel.marketplace, channel.sellerId)} is now on record for ${escapeMrkdwn(account.name)}'s channel \`${escapeMrkdwn(channel.id)}\` (was \`${escapeMrkdwn(previous)}\`).`;
  return { text: said.replace(/`/g, ''), blocks: [section(`:white_check_mark: ${said}`)] };
}

export function wrongAccountStale(what: string): Message {
  return { text: what, blocks: [section(`:grey_question: ${what}`)] };
}

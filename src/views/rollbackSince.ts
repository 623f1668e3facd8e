import type { ModalView } from '@slack/types';
import type { Channel } from '../domain/accounts.js';
import { ORDER_REDOWNLOAD_HOURS } from '../domain/rollback.js';
import { escapeMrkdwn } from '../domain/text.js';
import type { AccountPicture } from '../services/accountService.js';
import { actions, button, type Message, section } from './blocks.js';
import { accountLabel } from './lookup.js';
import { channelLabel } from './rollback.js';

/*
 * Asking when the wrong account was authorized, when `/reauth rollback` came without `--since`:
 * a form with a date-time picker and an honest "I don't know", opened at once with the command's
 * trigger; if Slack cannot open it, a private message with a button that opens it.
 */

export const ROLLBACK_SINCE_CALLBACK = 'rollback_since';
export const ROLLBACK_SINCE_OPEN_ACTION = 'rollback_since_open';

export const SINCE_INPUTS = {
  at: { block: 'since_at', action: 'when' },
  unknown: { block: 'since_unknown', action: 'choice' },
} as const;

export const UNKNOWN_VALUE = 'unknown';

/** The request waiting for its start, carried by the form (set by the bot; Slack signs what comes back). */
export interface SinceRequest {
  accountId: string;
  channelId: string;
  reason: string;
  /** Where the command was typed: the answers go there, privately. */
  replyChannel: string;
}

export function sinceModal(request: SinceRequest, picture: AccountPicture, channel: Channel): ModalView {
  const plain = (text: string) => ({ type: 'plain_text' as const, text });
  return {
    type: 'modal',
    callback_id: ROLLBACK_SINCE_CALLBACK,
    private_metadata: JSON.stringify(request satisfies SinceRequest),
    title: plain('Request a rollback'),
    submit: plain('Request'),
    close: plain('Cancel'),
    blocks: [
      section(
        `Rollback for ${accountLabel(picture.account)}, ${channelLabel(channel)} (Seller ID \`${escapeMrkdwn(channel.sellerId)}\`): ` +
          `*when was the wrong Amazon account authorized?* Orders missed from then on and not downloaded within ` +
          `${ORDER_REDOWNLOAD_HOURS} hours need adding by hand, so the time matters. If nobody knows, say so.`,
      ),
      {
        type: 'input',
        block_id: SINCE_INPUTS.at.block,
        optional: true,
        label: plain('When the wrong account was authorized'),
        hint: plain('In your own time zone, as Slack shows it.'),
        element: { type: 'datetimepicker', action_id: SINCE_INPUTS.at.action },
      },
      {
        type: 'input',
        block_id: SINCE_INPUTS.unknown.block,
        optional: true,
        label: plain('Not known?'),
        element: {
          type: 'checkboxes',
          action_id: SINCE_INPUTS.unknown.action,
          options: [{ text: plain("I don't know when it was authorized"), value: UNKNOWN_VALUE }],
        },
      },
    ],
  };
}

export function parseSinceRequest(text: string): SinceRequest | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<SinceRequest> | null;
    if (
      parsed &&
      typeof parsed.accountId === 'string' &&
      typeof parsed.channelId === 'string' &&
      typeof parsed.reason === 'string' &&
      typeof parsed.replyChannel === 'string'
    )
      return {
        accountId: parsed.accountId,
        channelId: parsed.channelId,
        reason: parsed.reason,
        replyChannel: parsed.replyChannel,
      };
  } catch {
    // Not ours: the caller refuses it.
  }
  return undefined;
}

/** When the form could not be opened: ask for `--since`, with a button that opens the form. */
export function sinceNeededMessage(request: SinceRequest, timeZone: string): Message {
  const text =
    'Nothing requested yet: *when was the wrong Amazon account authorized?* Press *Say when* to pick it ' +
    "(or say you don't know), or run the command again with `--since <date-time>`, for example " +
    `\`--since 2026-11-27T09:30\` (read in ${timeZone}).`;
  return {
    text,
    blocks: [
      section(text),
      actions('rollback_since', button('Say when', ROLLBACK_SINCE_OPEN_ACTION, JSON.stringify(request))),
    ],
  };
}

/** The form's own checks, each naming what to change. */
export const SINCE_FORM_ERRORS = {
  neither: "Pick when the wrong account was authorized, or tick I don't know.",
  both: "Pick a time or tick I don't know, not both.",
} as const;

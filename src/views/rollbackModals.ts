import type { KnownBlock, ModalView } from '@slack/types';
import type { Channel } from '../domain/accounts.js';
import type { TokenCheck } from '../domain/rollback.js';
import { escapeMrkdwn } from '../domain/text.js';
import type { RollbackDetails } from '../services/rollbackService.js';
import type { Message } from './blocks.js';
import { section } from './blocks.js';
import { channelOption } from './checklist.js';
import { channelLabel, mention, unitLabel } from './rollback.js';

export const DENY_REASON_CALLBACK = 'rollback_deny_reason';
export const TOKEN_CHECK_CALLBACK = 'rollback_token_check';

/** Block and action ids of the modal inputs, for reading `view.state.values`. */
export const INPUTS = {
  denyReason: { block: 'deny_reason', action: 'reason' },
  channel: { block: 'token_channel', action: 'channel' },
  merchantToken: { block: 'merchant_token', action: 'value' },
  mwsAuthToken: { block: 'mws_auth_token', action: 'value' },
} as const;

export const MAX_DENY_REASON = 500;

/** What a modal remembers about where it was opened; set by the bot, never typed by anyone. */
export interface RollbackModalMetadata {
  rollbackId: string;
}

export function denyReasonModal(details: RollbackDetails): ModalView {
  const { rollback, account } = details;
  const buttons = { title: 'Deny rollback', submit: 'Deny', close: 'Cancel' };
  return rollbackModal(DENY_REASON_CALLBACK, rollback.id, buttons, [
    section(
      `Deny rollback \`${rollback.id}\` for ${escapeMrkdwn(account.name)}, ${unitLabel(rollback)}? ` +
        `${mention(rollback.requester)} will see your reason in the request's thread.`,
    ),
    {
      type: 'input',
      block_id: INPUTS.denyReason.block,
      label: { type: 'plain_text', text: 'Why not?' },
      element: {
        type: 'plain_text_input',
        action_id: INPUTS.denyReason.action,
        multiline: true,
        max_length: MAX_DENY_REASON,
      },
    },
  ]);
}

/**
 * One channel at a time: pick it, paste what Seller Central shows. The inputs start empty and the
 * pasted values are never sent back to Slack.
 */
export function tokenCheckModal(details: RollbackDetails): ModalView {
  const { rollback, account } = details;
  // The rolled-back unit's channels first, then the customer's others: the checklist checks them all.
  const channels = [...details.channels, ...(details.otherChannels ?? [])];
  const options = channels.slice(0, 100).map(channelOption);
  const buttons = { title: 'Check tokens', submit: 'Check', close: 'Close' };
  return rollbackModal(TOKEN_CHECK_CALLBACK, rollback.id, buttons, [
    section(
      `${escapeMrkdwn(account.name)}, ${unitLabel(rollback)}. Paste what Seller Central shows for one channel. ` +
        'The bot only answers whether they match what is on record: nothing you paste is kept, logged or shown.',
    ),
    {
      type: 'input',
      block_id: INPUTS.channel.block,
      label: { type: 'plain_text', text: 'Channel' },
      element: {
        type: 'static_select',
        action_id: INPUTS.channel.action,
        options,
        ...(options.length === 1 && options[0] ? { initial_option: options[0] } : {}),
      },
    },
    {
      type: 'input',
      block_id: INPUTS.merchantToken.block,
      label: { type: 'plain_text', text: 'Merchant Token' },
      hint: {
        type: 'plain_text',
        text: 'Seller Central: Settings > Account Info > Seller Account Information.',
      },
      element: { type: 'plain_text_input', action_id: INPUTS.merchantToken.action, max_length: 40 },
    },
    {
      type: 'input',
      block_id: INPUTS.mwsAuthToken.block,
      label: { type: 'plain_text', text: 'MWS Authorization Token' },
      hint: {
        type: 'plain_text',
        text: 'Seller Central: Manage Your Apps, the View link in the MWS Authorization Token column.',
      },
      element: { type: 'plain_text_input', action_id: INPUTS.mwsAuthToken.action, max_length: 100 },
    },
  ]);
}

/** A modal about one rollback: its id travels in the metadata, where `parseModalMetadata` reads it back. */
function rollbackModal(
  callbackId: string,
  rollbackId: string,
  labels: { title: string; submit: string; close: string },
  blocks: KnownBlock[],
): ModalView {
  const plain = (text: string) => ({ type: 'plain_text' as const, text });
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: JSON.stringify({ rollbackId } satisfies RollbackModalMetadata),
    title: plain(labels.title),
    submit: plain(labels.submit),
    close: plain(labels.close),
    blocks,
  };
}

/** The verdict, shown only to the person who asked; it names what is on record, never what was pasted. */
export function tokenCheckResult(channel: Channel, check: TokenCheck): Message {
  const merchant =
    check.merchantToken === 'match'
      ? `:white_check_mark: Merchant Token matches Seller ID \`${escapeMrkdwn(channel.sellerId)}\`.`
      : `:x: Merchant Token does not match Seller ID \`${escapeMrkdwn(channel.sellerId)}\` on record: check Seller Account Information, then the channel's Amazon settings.`;
  let mws: string;
  switch (check.mwsAuthToken) {
    case 'match':
      mws = ':white_check_mark: MWS Authorization Token matches the one on record.';
      break;
    case 'mismatch':
      mws =
        ":x: MWS Authorization Token does not match the one on record: copy it again from Manage Your Apps and update the channel's Amazon settings.";
      break;
    case 'no-record':
      mws =
        ':grey_question: No MWS Authorization Token is on record for this channel (the import has no `mws_auth_token_sha256` for it), so it could not be compared.';
      break;
  }
  const lines = [`*${channelLabel(channel)}*`, merchant, mws];
  if (!check.mwsAuthTokenLooksRight)
    lines.push(
      'What was pasted as the MWS Authorization Token does not look like one (`amzn.mws.` followed by a UUID): check it was copied whole.',
    );
  return {
    text: `Token check for ${channel.marketplace} ${escapeMrkdwn(channel.id)}`,
    blocks: [section(lines.join('\n'))],
  };
}

export function parseModalMetadata(text: string): RollbackModalMetadata | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (
      parsed &&
      typeof parsed === 'object' &&
      typeof (parsed as RollbackModalMetadata).rollbackId === 'string'
    )
      return { rollbackId: (parsed as RollbackModalMetadata).rollbackId };
  } catch {
    // Not ours: the caller refuses it.
  }
  return undefined;
}

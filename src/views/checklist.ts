import type { KnownBlock, SectionBlock } from '@slack/types';
import type { Channel } from '../domain/accounts.js';
import type { ChecklistItem, Rollback, UntickOutcome } from '../domain/rollback.js';
import { escapeMrkdwn, listJoin } from '../domain/text.js';
import type { RollbackDetails } from '../services/rollbackService.js';
import { actions, button, context, header, LIMITS, type Message, section } from './blocks.js';
import { channelLabel, mention, missedOrdersSentence, unitLabel } from './rollback.js';
import { slackTime } from './slackTime.js';

export const CHECKLIST_ITEM_ACTION = 'rollback_checklist_item';
export const CHECKLIST_UNTICK_ACTION = 'rollback_checklist_untick';
export const TOKEN_CHECK_ACTION = 'rollback_token_check';

/** A checklist button's value: the rollback and the item, so one action id serves every item. */
export function checklistItemValue(rollbackId: string, itemId: string): string {
  return `${rollbackId}|${itemId}`;
}

export function parseChecklistItemValue(value: string): { rollbackId: string; itemId: string } | undefined {
  const bar = value.indexOf('|');
  if (bar <= 0 || bar === value.length - 1) return undefined;
  return { rollbackId: value.slice(0, bar), itemId: value.slice(bar + 1) };
}

/**
 * The recovery checklist, posted in the request's thread after approval and updated in place as
 * items are ticked: each open item has its own button, each done one says who and when.
 */
export function checklistMessage(details: RollbackDetails, timeZone: string): Message {
  const { rollback, account } = details;
  const items = rollback.checklist;
  const done = items.filter((i) => i.doneAt).length;
  const progress = `${done} of ${items.length} done`;
  const itemBlocks = items.map((item) => itemBlock(item, details, timeZone));
  const blocks: KnownBlock[] = [
    header(`Recovery checklist: ${account.name}`),
    section(
      `${unitLabel(rollback)}. Tick each step once the customer has done it. ` +
        'Not sure the tokens are right? *Check tokens* compares them with the channel on record, privately.',
    ),
    ...fitted(itemBlocks, LIMITS.blocksPerMessage - 4),
    actions('rollback_checklist_tools', button('Check tokens', TOKEN_CHECK_ACTION, rollback.id)),
    context(
      rollback.state === 'completed'
        ? `:tada: All ${items.length} done. Rollback \`${rollback.id}\``
        : `${progress}. Rollback \`${rollback.id}\``,
    ),
  ];
  return { text: `Recovery checklist for ${escapeMrkdwn(account.name)}: ${progress}`, blocks };
}

/** One section per item; if a unit ever had more items than a message holds, the rest are counted. */
function fitted(blocks: SectionBlock[], room: number): KnownBlock[] {
  if (blocks.length <= room) return blocks;
  const shown = blocks.slice(0, room - 1);
  return [...shown, section(`…and ${blocks.length - shown.length} more items than one message can hold.`)];
}

function itemBlock(item: ChecklistItem, details: RollbackDetails, timeZone: string): SectionBlock {
  const text = itemText(item, details, timeZone);
  if (item.doneAt) {
    const ticked = section(
      `:white_check_mark: ${text}\n_Done by ${mention(item.doneBy ?? 'someone')} at ${slackTime(item.doneAt, timeZone)}_`,
    );
    // Once complete the rollback is over, so its items stay as they are.
    if (details.rollback.state !== 'approved') return ticked;
    return {
      ...ticked,
      accessory: button('Untick', CHECKLIST_UNTICK_ACTION, checklistItemValue(details.rollback.id, item.id)),
    };
  }
  return {
    ...section(`:white_large_square: ${text}`),
    accessory: button('Done', CHECKLIST_ITEM_ACTION, checklistItemValue(details.rollback.id, item.id)),
  };
}

export function itemText(item: ChecklistItem, details: RollbackDetails, timeZone: string): string {
  const where = itemPlace(item, details);
  switch (item.kind) {
    case 'app-active':
      return (
        `*Seller ID \`${escapeMrkdwn(item.sellerId ?? '')}\`: app active.* In Seller Central, Apps & Services ` +
        '(Partner Network on older menus) > Manage Your Apps shows the Brightpearl app as *Active*. If it is Disabled, ' +
        'enable it; Amazon may then ask for the MWS tokens again in the back office.'
      );
    case 'merchant-token':
      return (
        `*${where}: Merchant Token.* The channel's Amazon settings page shows the Merchant Token from Seller Central's ` +
        'Seller Account Information screen; if not, correct it and save.'
      );
    case 'mws-token':
      return (
        `*${where}: MWS Authorization Token.* The channel's settings page shows the token listed under Manage Your Apps ` +
        '(the View link in its MWS Authorization Token column); if not, correct it and save.'
      );
    case 'missed-orders':
      return `*Missed orders.* ${missedOrdersSentence(details.rollback, timeZone)}`;
    case 'inventory-sync':
      return '*Inventory.* Run the Bulk Inventory sync from Channels > Amazon > Settings.';
    case 'ready-to-retry':
      return (
        '*Everything is syncing.* Everything syncs to and from Amazon correctly again (tick this when it does: ' +
        'it ends the missed-orders window). Then the customer can retry the reauthorization, with the right ' +
        `Seller Central login: \`/reauth steps ${escapeMrkdwn(details.account.id)}\`.`
      );
  }
}

/**
 * Which channels a token item is about: one channel of the rolled-back unit, or every channel of
 * another Seller ID of the customer ("Seller ID `X` (US, CA)").
 */
function itemPlace(item: ChecklistItem, details: RollbackDetails): string {
  if (item.channelId) {
    const channel = details.channels.find((c) => c.id === item.channelId);
    return channel ? channelLabel(channel) : `\`${escapeMrkdwn(item.channelId)}\``;
  }
  const inUnit = new Set(details.rollback.channelIds);
  const markets = (details.otherChannels ?? [])
    .filter((c) => c.sellerId === item.sellerId && !inUnit.has(c.id))
    .map((c) => c.marketplace);
  const list = markets.length > 0 ? ` (${listJoin(markets)})` : '';
  return `Seller ID \`${escapeMrkdwn(item.sellerId ?? '')}\`${list}, each channel`;
}

/** Posted in the thread when the last item is ticked, for the requester and the account manager. */
export function checklistCompleteMessage(details: RollbackDetails, timeZone: string): Message {
  const { rollback, account } = details;
  const people = [mention(rollback.requester)];
  if (account.accountManager && account.accountManager !== rollback.requester)
    people.push(mention(account.accountManager));
  const text =
    `${people.join(' ')} the recovery checklist for ${escapeMrkdwn(account.name)} (${unitLabel(rollback)}) is complete: ` +
    `the customer can retry the reauthorization now. Steps: \`/reauth steps ${escapeMrkdwn(account.id)}\`; ` +
    `record it after with \`/reauth done ${escapeMrkdwn(account.id)} <marketplace>\`.\n` +
    `*Missed orders:* ${missedOrdersSentence(rollback, timeZone)}`;
  return { text, blocks: [section(text)] };
}

export function checklistItemAlreadyDone(item: ChecklistItem, timeZone: string): Message {
  const text = `That step was already ticked by ${mention(item.doneBy ?? 'someone')}${item.doneAt ? ` at ${slackTime(item.doneAt, timeZone)}` : ''}. Nothing was changed.`;
  return { text, blocks: [section(text)] };
}

export function checklistNotActive(rollback: Rollback): Message {
  const text = `The checklist of rollback \`${rollback.id}\` is not open (the rollback is ${rollback.state}). Nothing was changed.`;
  return { text, blocks: [section(text)] };
}

export function channelOption(channel: Channel): {
  text: { type: 'plain_text'; text: string };
  value: string;
} {
  return {
    text: {
      type: 'plain_text',
      text: `${channel.marketplace} · ${channel.id} · ${channel.sellerId}`.slice(0, 75),
    },
    value: channel.id,
  };
}

/** Why an untick changed nothing, for the person who clicked. */
export function untickRefusedMessage(
  outcome: Extract<UntickOutcome, { kind: 'not-done' | 'completed' | 'not-yours' }>,
  timeZone: string,
): Message {
  const text =
    outcome.kind === 'not-done'
      ? 'That step is not ticked (any more). Nothing was changed.'
      : outcome.kind === 'completed'
        ? 'The recovery checklist is complete, so its steps stay ticked. Nothing was changed.'
        : `Only ${mention(outcome.item.doneBy ?? 'whoever ticked it')} (who ticked it${outcome.item.doneAt ? ` at ${slackTime(outcome.item.doneAt, timeZone)}` : ''}) or an approver can untick that step. Nothing was changed.`;
  return { text, blocks: [section(text)] };
}

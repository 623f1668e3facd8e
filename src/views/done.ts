import type { Channel } from '../domain/accounts.js';
import { REGION_IN_SENTENCE } from '../domain/marketplaces.js';
import { escapeMrkdwn, inflect, listJoin } from '../domain/text.js';
import type { DoneOutcome } from '../services/accountService.js';
import { context, type Message, section } from './blocks.js';
import { accountLabel, noChannelText, severalChannelsText } from './lookup.js';
import { slackTime } from './slackTime.js';
import { summaryText } from './status.js';

export function doneMessage(outcome: DoneOutcome, timeZone: string): Message {
  const { picture } = outcome;
  const label = accountLabel(picture.account);
  if (outcome.kind === 'no-channel') {
    const text = `Nothing recorded for ${label}: ${noChannelText(picture.channels, outcome.what, outcome.reason)}.`;
    return { text, blocks: [section(text)] };
  }
  if (outcome.kind === 'ambiguous-channel') {
    const text = severalChannelsText(label, outcome.channels);
    return { text, blocks: [section(text)] };
  }
  const { unit, changed } = outcome;
  const where = `Seller ID \`${escapeMrkdwn(unit.sellerId)}\` in ${REGION_IN_SENTENCE[unit.region]}`;
  const codes = listJoin(unit.channels.map((c) => c.marketplace));
  const text =
    changed.length > 0
      ? `:white_check_mark: Recorded for ${label}: ${where} is reauthorized, so ${codes} now ${inflect(unit.channels.length, 'shows', 'show')} MWS/SP-API.`
      : `Already recorded for ${label}: ${where} (${codes}) shows MWS/SP-API${byWhom(unit.channels[0], timeZone)}. Nothing changed.`;
  return {
    text,
    blocks: [section(text), context(`${escapeMrkdwn(picture.account.name)}: ${summaryText(picture)}`)],
  };
}

function byWhom(channel: Channel | undefined, timeZone: string): string {
  if (!channel?.authorizedBy) return '';
  const who = /^[UW][A-Z0-9]+$/.test(channel.authorizedBy)
    ? `<@${channel.authorizedBy}>`
    : escapeMrkdwn(channel.authorizedBy);
  return `, recorded by ${who}${channel.authorizedAt ? ` at ${slackTime(channel.authorizedAt, timeZone)}` : ''}`;
}

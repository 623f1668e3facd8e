import type { Channel } from '../domain/accounts.js';
import { REGION_NAMES } from '../domain/marketplaces.js';
import { escapeMrkdwn, listJoin } from '../domain/text.js';
import type { DoneOutcome } from '../services/accountService.js';
import { context, type Message, section } from './blocks.js';
import { accountLabel } from './lookup.js';
import { summaryText } from './status.js';

export function doneMessage(outcome: DoneOutcome): Message {
  const { picture } = outcome;
  const label = accountLabel(picture.account);
  if (outcome.kind === 'no-channel') {
    const what = escapeMrkdwn(outcome.what);
    const known =
      picture.channels.map((c) => `${c.marketplace} (\`${escapeMrkdwn(c.id)}\`)`).join(', ') || 'none';
    const why =
      outcome.reason === 'unknown'
        ? `*${what}* is neither a marketplace code nor one of its channel IDs`
        : `it has ${outcome.reason}`;
    const text = `Nothing recorded for ${label}: ${why}. Its channels: ${known}.`;
    return { text, blocks: [section(text)] };
  }
  if (outcome.kind === 'ambiguous-channel') {
    const text =
      `${label} has several channels in that marketplace, under different Seller IDs. Name the channel instead: ` +
      outcome.channels
        .map((c) => `\`${escapeMrkdwn(c.id)}\` (Seller ID \`${escapeMrkdwn(c.sellerId)}\`)`)
        .join(', ');
    return { text, blocks: [section(text)] };
  }
  const { unit, changed } = outcome;
  const where = `Seller ID \`${escapeMrkdwn(unit.sellerId)}\` in ${REGION_NAMES[unit.region]}`;
  const codes = listJoin(unit.channels.map((c) => c.marketplace));
  const text =
    changed.length > 0
      ? `:white_check_mark: Recorded for ${label}: ${where} is reauthorized, so ${codes} now show MWS/SP-API.`
      : `Already recorded for ${label}: ${where} (${codes}) shows MWS/SP-API${byWhom(unit.channels[0])}. Nothing changed.`;
  return {
    text,
    blocks: [section(text), context(`${escapeMrkdwn(picture.account.name)}: ${summaryText(picture)}`)],
  };
}

function byWhom(channel: Channel | undefined): string {
  if (!channel?.authorizedBy) return '';
  const who = /^[UW][A-Z0-9]+$/.test(channel.authorizedBy)
    ? `<@${channel.authorizedBy}>`
    : escapeMrkdwn(channel.authorizedBy);
  return `, recorded by ${who}${channel.authorizedAt ? ` at ${channel.authorizedAt}` : ''}`;
}

import { escapeMrkdwn } from '../domain/text.js';
import { context, LIMITS, type Message, SLASH_COMMAND_TEXT_LIMIT, section } from './blocks.js';

export interface CommandHelp {
  usage: string;
  summary: string;
}

export function helpMessage(commands: readonly CommandHelp[], lead?: string): Message {
  const lines = commands.map((c) => `\`/reauth ${c.usage}\`  ${c.summary}`);
  return {
    text: lead ?? 'reauth-bot commands',
    blocks: [
      ...(lead ? [section(lead)] : []),
      section(`*reauth-bot* helps move customers' Amazon channels from MWS to SP-API.\n${lines.join('\n')}`),
      context('<account> is an account id, its name (a unique start is enough) or a Seller ID.'),
    ],
  };
}

export function usageErrorMessage(problem: string, usage?: string): Message {
  const text = usage ? `${problem}\nUsage: \`/reauth ${usage}\`` : problem;
  return { text, blocks: [section(text)] };
}

/** The answer to a command longer than Slack lets anyone type: nothing of it is read or echoed. */
export function commandTooLongMessage(length: number): Message {
  const text = `:x: That command is ${length.toLocaleString('en-US')} characters long; Slack takes at most ${SLASH_COMMAND_TEXT_LIMIT.toLocaleString('en-US')} in its message box, so it was not read and nothing changed. Shorten it (a reason needs only a sentence or two) and try again.`;
  return { text, blocks: [section(text)] };
}

/** To the person who shared a status, when Slack took the share without confirming it was posted. */
export function shareUnconfirmedNote(): Message {
  const text =
    ':warning: Slack did not confirm that the status was shared in this channel (it may just be slow), so it was not posted again. Look in the channel before sharing it again.';
  return { text, blocks: [section(text)] };
}

const SENT_AGAIN =
  '_Sent again: Slack did not confirm the first copy reached you. If you see this twice, nothing was done twice._';

/** A private reply sent a second time because Slack did not confirm the first: labelled as such. */
export function sentAgain(message: Message): Message {
  const blocks =
    message.blocks.length > 0 && message.blocks.length < LIMITS.blocksPerMessage
      ? [...message.blocks, context(SENT_AGAIN)]
      : message.blocks;
  return { text: `${message.text}\n${SENT_AGAIN}`, blocks };
}

export function unknownSubcommandLead(word: string): string {
  return `\`${escapeMrkdwn(word)}\` is not a reauth command. Here is what it can do:`;
}

export function failureMessage(subcommand: string, error: unknown): Message {
  const reason = error instanceof Error ? error.message : String(error);
  const text = `:x: \`/reauth ${escapeMrkdwn(subcommand)}\` failed: ${escapeMrkdwn(reason)}. Nothing more was changed; the details are in the bot's log.`;
  return { text, blocks: [section(text)] };
}

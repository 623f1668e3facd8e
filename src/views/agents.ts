import { type Message, section } from './blocks.js';

/** The answer to someone REAUTH_AGENTS leaves out: what they tried, that nothing changed, who can. */
export function notAnAgentMessage(what: string): Message {
  const text =
    `:no_entry: Only support agents (REAUTH_AGENTS) and approvers can ${what}; nothing changed. ` +
    'Ask one of them, or ask the bot’s operator to add you.';
  return { text, blocks: [section(text)] };
}

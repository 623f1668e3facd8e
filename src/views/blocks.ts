import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  KnownBlock,
  SectionBlock,
} from '@slack/types';

/** Slack's limits on what one message may hold. */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerHomeView: 100,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  fallbackText: 3000,
} as const;

/**
 * The longest `/reauth` text read. Slack documents no limit of its own for a slash command's text;
 * it is typed in the message box, which takes at most 40,000 characters (Slack's limit on a
 * message's text, past which it truncates). Anything longer did not come from a person typing in
 * Slack, and is refused before any lookup runs on it.
 */
export const SLASH_COMMAND_TEXT_LIMIT = 40_000;

/** What every reply is: blocks to show, and plain text for notifications and screen readers. */
export interface Message {
  text: string;
  blocks: KnownBlock[];
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, LIMITS.headerText), emoji: true } };
}

export function section(markdown: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(markdown, LIMITS.sectionText) } };
}

export function context(...markdown: string[]): ContextBlock {
  return { type: 'context', elements: markdown.map((text) => ({ type: 'mrkdwn', text })) };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: clip(text, LIMITS.buttonText), emoji: true },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

export function actions(blockId: string, ...elements: Button[]): ActionsBlock {
  return { type: 'actions', block_id: blockId, elements };
}

/**
 * Lines packed into as few sections as fit Slack's per-section limit, never splitting a line,
 * so long lists stay whole instead of being cut.
 */
export function sectionsOf(lines: readonly string[]): SectionBlock[] {
  const sections: SectionBlock[] = [];
  let current = '';
  for (const line of lines) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length > LIMITS.sectionText && current) {
      sections.push(section(current));
      current = line;
    } else {
      current = candidate;
    }
  }
  if (current) sections.push(section(current));
  return sections;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

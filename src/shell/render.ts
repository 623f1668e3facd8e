import { headingRule, type PlainTextOptions, plainText } from '../views/plainText.js';
import { type BlockJson, blocksOf, type ElementJson, isObject, type Json } from './slackShapes.js';

/**
 * Block Kit in the shell. src/views/plainText.ts renders it, as for the command line tools; the shell
 * adds numbers in front of what a person can press, bold, italic and dim on a terminal, blocks one
 * under another, a word on blocks it cannot show, and legacy attachments. It returns lines, so the
 * printer can indent them under the header that says where a message went.
 */

export interface Style {
  bold(text: string): string;
  italic(text: string): string;
  dim(text: string): string;
}

export const plainStyle: Style = { bold: (t) => t, italic: (t) => t, dim: (t) => t };
export const ansiStyle: Style = {
  bold: (t) => `\u001b[1m${t}\u001b[22m`,
  italic: (t) => `\u001b[3m${t}\u001b[23m`,
  dim: (t) => `\u001b[2m${t}\u001b[22m`,
};

/** Element types the shell can press when they are in a message or Home view; each is shown with a number. */
export const INTERACTIVE_TYPES: ReadonlySet<string> = new Set([
  'button',
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
  'multi_static_select',
  'multi_external_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
  'overflow',
  'datepicker',
  'timepicker',
  'datetimepicker',
  'checkboxes',
  'radio_buttons',
]);

export interface RenderOptions {
  style: Style;
  /** The number to show for an interactive element; none means it is shown but cannot be pressed. */
  numberFor?: (element: ElementJson, blockId: string) => number | undefined;
  /** Display names for `<@U…>` and `<#C…>` mentions, when known. */
  nameOf?: (id: string) => string | undefined;
}

function plainTextOptions(options: RenderOptions): PlainTextOptions {
  const { style, numberFor } = options;
  return {
    spacing: 'compact',
    style: {
      heading: (text) => `${style.bold(text)}\n${headingRule(text)}`,
      bold: style.bold,
      italic: style.italic,
      // The backticks stay: without colour they are what sets a Seller ID or a command apart.
      code: (text) => `\`${text}\``,
      context: style.dim,
    },
    ...(options.nameOf ? { nameOf: options.nameOf } : {}),
    interactive: (element, blockId) => {
      if (!numberFor || !INTERACTIVE_TYPES.has(element.type)) return undefined;
      const number = numberFor(element, blockId);
      return number === undefined ? undefined : `[${number}]`;
    },
    unknownBlock: (type) => style.dim(`[a ${type} block the shell does not display]`),
  };
}

function lines(text: string): string[] {
  return text === '' ? [] : text.split('\n');
}

export function renderBlocks(blocks: readonly BlockJson[], options: RenderOptions): string[] {
  return lines(plainText(blocks, plainTextOptions(options)));
}

/** Slack mrkdwn as the shell shows it. */
export function mrkdwnToText(text: string, options: RenderOptions): string {
  return plainText({ text }, plainTextOptions(options));
}

/** A whole message: its blocks, or its text when it has none, then any legacy attachments. */
export function renderMessage(
  message: { text?: string; blocks?: unknown; attachments?: unknown },
  options: RenderOptions,
): string[] {
  const out = lines(
    plainText({ text: message.text ?? '', blocks: blocksOf(message.blocks) }, plainTextOptions(options)),
  );
  if (Array.isArray(message.attachments)) {
    for (const attachment of message.attachments) {
      if (isObject(attachment)) out.push(...renderAttachment(attachment, options).map((l) => `| ${l}`));
    }
  }
  return out;
}

function renderAttachment(attachment: Json, options: RenderOptions): string[] {
  const out: string[] = [];
  for (const key of ['pretext', 'title', 'text'] as const) {
    const text = attachment[key];
    if (typeof text === 'string') out.push(...lines(mrkdwnToText(text, options)));
  }
  if (Array.isArray(attachment.fields)) {
    for (const field of attachment.fields) {
      if (isObject(field)) out.push(`${String(field.title ?? '')}: ${String(field.value ?? '')}`);
    }
  }
  out.push(...renderBlocks(blocksOf(attachment.blocks), options));
  if (typeof attachment.footer === 'string') out.push(options.style.dim(attachment.footer));
  return out;
}

import {
  type BlockJson,
  blocksOf,
  type ElementJson,
  elementsOf,
  isObject,
  type Json,
  optionsOf,
  textOf,
} from './slackShapes.js';

/**
 * Block Kit as readable terminal text. Note for the lead: branch store-import is writing a Block Kit to
 * plain text renderer for the command line (src/views/plainText.ts); this one also numbers interactive
 * elements so they can be pressed, and the two should become one when both are in main.
 */

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
}

export const plainStyle: Style = { bold: (t) => t, dim: (t) => t };
export const ansiStyle: Style = {
  bold: (t) => `\u001b[1m${t}\u001b[22m`,
  dim: (t) => `\u001b[2m${t}\u001b[22m`,
};

/** Element types a person can operate in a message or Home view; each is shown with a number. */
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

export function renderBlocks(blocks: readonly BlockJson[], options: RenderOptions): string[] {
  const lines: string[] = [];
  for (const block of blocks) lines.push(...renderBlock(block, options));
  return lines;
}

/** A whole message: its blocks, or its text when it has none, then any legacy attachments. */
export function renderMessage(
  message: { text?: string; blocks?: unknown; attachments?: unknown },
  options: RenderOptions,
): string[] {
  const blocks = blocksOf(message.blocks);
  const lines = blocks.length > 0 ? renderBlocks(blocks, options) : mrkdwnLines(message.text ?? '', options);
  if (Array.isArray(message.attachments)) {
    for (const attachment of message.attachments) {
      if (!isObject(attachment)) continue;
      lines.push(...renderAttachment(attachment, options).map((l) => `| ${l}`));
    }
  }
  return lines;
}

function renderBlock(block: BlockJson, options: RenderOptions): string[] {
  const { style } = options;
  const blockId = block.block_id ?? '';
  switch (block.type) {
    case 'header': {
      const text = textOf(block.text);
      return [style.bold(text), '='.repeat(Math.min(Math.max(text.length, 3), 72))];
    }
    case 'section': {
      const lines: string[] = [];
      if (block.text) lines.push(...textObjectLines(block.text, options));
      if (Array.isArray(block.fields)) {
        for (const field of block.fields) lines.push(...textObjectLines(field, options));
      }
      if (isObject(block.accessory)) {
        const accessory = block.accessory as ElementJson;
        lines.push(
          INTERACTIVE_TYPES.has(accessory.type)
            ? elementLabel(accessory, options.numberFor?.(accessory, blockId))
            : nonInteractiveLabel(accessory),
        );
      }
      return lines;
    }
    case 'divider':
      return ['-'.repeat(40)];
    case 'context': {
      const parts = elementsOf(block.elements).map((e) =>
        e.type === 'image' ? `[${String(e.alt_text ?? 'image')}]` : inline(textOf(e), e.type, options),
      );
      return [style.dim(parts.join('  '))];
    }
    case 'actions':
      return [
        elementsOf(block.elements)
          .map((e) => elementLabel(e, options.numberFor?.(e, blockId)))
          .join('  '),
      ];
    case 'image':
      return [`[image: ${String(block.alt_text ?? '')}]${block.title ? ` ${textOf(block.title)}` : ''}`];
    case 'input': {
      const element = isObject(block.element) ? (block.element as ElementJson) : undefined;
      return [`${textOf(block.label)}: ${element ? `(${element.type})` : ''}`];
    }
    case 'markdown':
      return String(block.text ?? '').split('\n');
    case 'rich_text':
      return richTextLines(block, options);
    case 'video':
      return [`[video: ${textOf(block.title)}]`];
    case 'file':
      return [`[file ${String(block.external_id ?? '')}]`];
    default:
      return [style.dim(`[a ${block.type} block the shell does not display]`)];
  }
}

function textObjectLines(value: unknown, options: RenderOptions): string[] {
  if (!isObject(value)) return [];
  return inline(textOf(value), String(value.type), options).split('\n');
}

function inline(text: string, type: string, options: RenderOptions): string {
  return type === 'mrkdwn' ? mrkdwnToText(text, options) : text;
}

function mrkdwnLines(text: string, options: RenderOptions): string[] {
  return text ? mrkdwnToText(text, options).split('\n') : [];
}

/** How an interactive element reads: `[3] Approve`, `[4] Choose a marketplace ▾`. */
export function elementLabel(element: ElementJson, number: number | undefined): string {
  const key = number === undefined ? '' : `[${number}] `;
  const text = textOf(element.text);
  switch (element.type) {
    case 'button': {
      const label = number === undefined ? `[${text}]` : `${key}${text}`;
      return typeof element.url === 'string' ? `${label} (opens ${element.url})` : label;
    }
    case 'overflow':
      return `${key}… (${optionsOf(element)
        .map((o) => textOf(o.text))
        .join(' / ')})`;
    case 'checkboxes':
    case 'radio_buttons': {
      const chosen = new Set(
        [
          ...(Array.isArray(element.initial_options) ? element.initial_options : []),
          ...(isObject(element.initial_option) ? [element.initial_option] : []),
        ].map((o) => (isObject(o) ? String(o.value) : '')),
      );
      const mark = element.type === 'checkboxes' ? ['[x]', '[ ]'] : ['(o)', '( )'];
      return `${key}${optionsOf(element)
        .map((o) => `${chosen.has(o.value) ? mark[0] : mark[1]} ${textOf(o.text)}`)
        .join('  ')}`;
    }
    case 'datepicker':
      return `${key}${String(element.initial_date ?? (textOf(element.placeholder) || 'Pick a date'))} ▾`;
    case 'timepicker':
      return `${key}${String(element.initial_time ?? (textOf(element.placeholder) || 'Pick a time'))} ▾`;
    default: {
      const initial = isObject(element.initial_option) ? textOf(element.initial_option.text) : '';
      return `${key}${initial || textOf(element.placeholder) || 'Select'} ▾`;
    }
  }
}

function nonInteractiveLabel(element: ElementJson): string {
  if (element.type === 'image') return `[image: ${String(element.alt_text ?? '')}]`;
  return `[${element.type}]`;
}

function renderAttachment(attachment: Json, options: RenderOptions): string[] {
  const lines: string[] = [];
  for (const key of ['pretext', 'title', 'text'] as const) {
    if (typeof attachment[key] === 'string') lines.push(...mrkdwnLines(attachment[key] as string, options));
  }
  if (Array.isArray(attachment.fields)) {
    for (const field of attachment.fields) {
      if (isObject(field)) lines.push(`${String(field.title ?? '')}: ${String(field.value ?? '')}`);
    }
  }
  lines.push(...renderBlocks(blocksOf(attachment.blocks), options));
  if (typeof attachment.footer === 'string') lines.push(options.style.dim(attachment.footer));
  return lines;
}

function richTextLines(block: BlockJson, options: RenderOptions): string[] {
  const out: string[] = [];
  const walk = (node: unknown, prefix: string): void => {
    if (!isObject(node)) return;
    if (node.type === 'rich_text_list' && Array.isArray(node.elements)) {
      node.elements.forEach((item, i) => {
        walk(item, node.style === 'ordered' ? `${i + 1}. ` : '• ');
      });
      return;
    }
    if (Array.isArray(node.elements) && node.elements.every((e) => isObject(e) && !('elements' in e))) {
      const text = node.elements.map((e) => richTextLeaf(e as Json, options)).join('');
      out.push(...`${prefix}${text}`.split('\n'));
      return;
    }
    if (Array.isArray(node.elements)) for (const child of node.elements) walk(child, prefix);
  };
  walk(block, '');
  return out;
}

function richTextLeaf(leaf: Json, options: RenderOptions): string {
  switch (leaf.type) {
    case 'text':
      return String(leaf.text ?? '');
    case 'link':
      return leaf.text ? `${String(leaf.text)} (${String(leaf.url)})` : String(leaf.url ?? '');
    case 'user':
      return `@${options.nameOf?.(String(leaf.user_id)) ?? String(leaf.user_id)}`;
    case 'channel':
      return `#${options.nameOf?.(String(leaf.channel_id)) ?? String(leaf.channel_id)}`;
    case 'emoji':
      return emoji(String(leaf.name ?? ''));
    case 'broadcast':
      return `@${String(leaf.range ?? '')}`;
    default:
      return '';
  }
}

/**
 * Slack mrkdwn as terminal text: mentions and links resolved, entities decoded, `*bold*` shown bold
 * (on a terminal) without the stars, common emoji as characters. Code spans are left as typed.
 */
export function mrkdwnToText(text: string, options: RenderOptions): string {
  return text
    .split(/(`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? decodeEntities(part) : prose(part, options)))
    .join('');
}

function prose(text: string, options: RenderOptions): string {
  const { style } = options;
  const withLinks = text.replace(/<([^<>\n]+)>/g, (_match, inner: string) => special(inner, options));
  return decodeEntities(
    withLinks
      .replace(
        /(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/gm,
        (_m, pre: string, t: string) => `${pre}${style.bold(t)}`,
      )
      .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?])/gm, '$1$2')
      .replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s).,:;!?])/gm, '$1$2')
      .replace(/:([a-z0-9_+-]+):/g, (match, name: string) => EMOJI[name] ?? match),
  );
}

function special(inner: string, options: RenderOptions): string {
  const [target = '', label] = inner.split('|', 2);
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return `@${label ?? options.nameOf?.(id) ?? id}`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return `#${label ?? options.nameOf?.(id) ?? id}`;
  }
  if (target.startsWith('!subteam^')) return label ?? '@group';
  if (target.startsWith('!date^')) return label ?? target;
  if (target.startsWith('!')) return `@${target.slice(1)}`;
  return label ? `${label} (${target})` : target;
}

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function emoji(name: string): string {
  return EMOJI[name] ?? `:${name}:`;
}

const EMOJI: Record<string, string> = {
  warning: '⚠️',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  rotating_light: '🚨',
  alarm_clock: '⏰',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  information_source: 'ℹ️',
  bell: '🔔',
  calendar: '📅',
  date: '📅',
  memo: '📝',
  rewind: '⏪',
  leftwards_arrow_with_hook: '↩️',
  arrow_right: '➡️',
  tada: '🎉',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  red_circle: '🔴',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  white_circle: '⚪',
  lock: '🔒',
  mag: '🔍',
  bust_in_silhouette: '👤',
  busts_in_silhouette: '👥',
  clipboard: '📋',
  '+1': '👍',
  thumbsup: '👍',
  eyes: '👀',
  speech_balloon: '💬',
  envelope: '✉️',
  house: '🏠',
  gear: '⚙️',
  question: '❓',
  exclamation: '❗',
  heavy_exclamation_mark: '❗',
  stopwatch: '⏱️',
  wave: '👋',
  link: '🔗',
  globe_with_meridians: '🌐',
  earth_americas: '🌎',
  earth_africa: '🌍',
  earth_asia: '🌏',
};

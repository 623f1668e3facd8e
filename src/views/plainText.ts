import type { Block, KnownBlock } from '@slack/types';
import type { Message } from './blocks.js';

/**
 * Block Kit as plain text, for the command line: the same answers the bot gives in Slack, readable
 * in a terminal. Blocks it does not know are skipped rather than guessed at.
 */

/** How marked-up text is shown; the defaults drop the markers. A terminal can pass ANSI styles. */
export interface PlainTextStyle {
  heading(text: string): string;
  bold(text: string): string;
  italic(text: string): string;
  strike(text: string): string;
  code(text: string): string;
  preformatted(text: string): string;
  /** The text for an emoji `:name:`; undefined keeps `:name:`. */
  emoji(name: string): string | undefined;
}

export interface PlainTextOptions {
  style?: Partial<PlainTextStyle>;
  /** Width of a divider line. */
  width?: number;
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
  tada: '🎉',
  information_source: 'ℹ️',
  bulb: '💡',
  memo: '📝',
  calendar: '📅',
  lock: '🔒',
  '+1': '👍',
  thumbsup: '👍',
  no_entry: '⛔',
  arrow_right: '→',
};

export const DEFAULT_STYLE: PlainTextStyle = {
  heading: (text) => `${text}\n${'='.repeat(Math.min([...text].length, 80))}`,
  bold: (text) => text,
  italic: (text) => text,
  strike: (text) => text,
  code: (text) => text,
  preformatted: (text) => text,
  emoji: (name) => EMOJI[name.replace(/::skin-tone-\d$/, '')],
};

type AnyBlock = KnownBlock | Block;
type Loose = Record<string, unknown>;

/** A whole message: its blocks, or its fallback text when it has none. */
export function plainText(message: Message | readonly AnyBlock[], options: PlainTextOptions = {}): string {
  const style = { ...DEFAULT_STYLE, ...options.style };
  const width = options.width ?? 40;
  const blocks = Array.isArray(message) ? message : (message as Message).blocks;
  if (blocks.length === 0 && !Array.isArray(message)) return mrkdwnToPlain((message as Message).text, style);
  let out = '';
  let previous: string | undefined;
  for (const block of blocks as readonly AnyBlock[]) {
    const text = renderBlock(block as unknown as Loose, style, width);
    if (text === undefined) continue;
    // Blocks stand apart by a blank line, as Slack spaces them; a divider is its own separation.
    const separator =
      previous === undefined ? '' : previous === 'divider' || block.type === 'divider' ? '\n' : '\n\n';
    out += separator + text;
    previous = block.type;
  }
  return out;
}

function renderBlock(block: Loose, style: PlainTextStyle, width: number): string | undefined {
  switch (block.type) {
    case 'header':
      return style.heading(textOf(block.text, style));
    case 'section': {
      const parts: string[] = [];
      if (block.text) parts.push(textOf(block.text, style));
      if (Array.isArray(block.fields)) parts.push(...block.fields.map((f) => textOf(f, style)));
      if (isRecord(block.accessory)) parts.push(elementText(block.accessory, style));
      return parts.filter(Boolean).join('\n');
    }
    case 'context':
      return list(block.elements)
        .map((e) => (e.type === 'image' ? `[${str(e.alt_text)}]` : textOf(e, style)))
        .join('  ');
    case 'divider':
      return '-'.repeat(width);
    case 'actions':
      return list(block.elements)
        .map((e) => elementText(e, style))
        .join('  ');
    case 'image':
      return `[image: ${block.title ? textOf(block.title, style) : str(block.alt_text)}]`;
    case 'input':
      return `${textOf(block.label, style)}: ${isRecord(block.element) ? elementText(block.element, style) : ''}`.trim();
    case 'markdown':
      return mrkdwnToPlain(str(block.text), style);
    case 'rich_text':
      return list(block.elements)
        .map((e) => richTextContainer(e, style))
        .join('\n');
    default:
      return undefined;
  }
}

/** A text object: mrkdwn is converted; plain_text is shown as written, emoji codes aside. */
function textOf(value: unknown, style: PlainTextStyle): string {
  if (!isRecord(value)) return '';
  const text = str(value.text);
  return value.type === 'mrkdwn' ? mrkdwnToPlain(text, style) : emojify(text, style);
}

function elementText(element: Loose, style: PlainTextStyle): string {
  const label = (v: unknown) => textOf(v, style);
  switch (element.type) {
    case 'button':
      return `[${label(element.text)}]`;
    case 'overflow':
      return '[…]';
    case 'image':
      return `[${str(element.alt_text)}]`;
    case 'checkboxes':
    case 'radio_buttons': {
      const chosen = new Set(
        list(element.initial_options ?? (element.initial_option ? [element.initial_option] : [])).map((o) =>
          str(o.value),
        ),
      );
      return list(element.options)
        .map((o) => `${chosen.has(str(o.value)) ? '(x)' : '( )'} ${label(o.text)}`)
        .join('  ');
    }
    default: {
      // Selects, pickers and inputs: show the current choice or the placeholder.
      const initial = isRecord(element.initial_option) ? label(element.initial_option.text) : undefined;
      const current = initial ?? str(element.initial_date ?? element.initial_time ?? element.initial_value);
      return `[${current || label(element.placeholder) || 'choose'} ▾]`;
    }
  }
}

function richTextContainer(container: Loose, style: PlainTextStyle): string {
  const inline = (c: Loose) =>
    list(c.elements)
      .map((e) => richTextElement(e, style))
      .join('');
  switch (container.type) {
    case 'rich_text_list': {
      const ordered = container.style === 'ordered';
      const indent = '  '.repeat(Number(container.indent ?? 0));
      return list(container.elements)
        .map((item, i) => `${indent}${ordered ? `${i + 1}.` : '•'} ${inline(item)}`)
        .join('\n');
    }
    case 'rich_text_quote':
      return inline(container)
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    case 'rich_text_preformatted':
      return style.preformatted(inline(container));
    default:
      return inline(container);
  }
}

function richTextElement(element: Loose, style: PlainTextStyle): string {
  let text: string;
  switch (element.type) {
    case 'text':
      text = str(element.text);
      break;
    case 'link':
      text = element.text ? `${str(element.text)} (${str(element.url)})` : str(element.url);
      break;
    case 'user':
      text = `@${str(element.user_id)}`;
      break;
    case 'usergroup':
      text = `@${str(element.usergroup_id)}`;
      break;
    case 'channel':
      text = `#${str(element.channel_id)}`;
      break;
    case 'broadcast':
      text = `@${str(element.range)}`;
      break;
    case 'emoji':
      text = style.emoji(str(element.name)) ?? `:${str(element.name)}:`;
      break;
    case 'date':
      text = str(element.fallback ?? element.format);
      break;
    default:
      return '';
  }
  const marks = isRecord(element.style) ? element.style : {};
  if (marks.code) text = style.code(text);
  if (marks.bold) text = style.bold(text);
  if (marks.italic) text = style.italic(text);
  if (marks.strike) text = style.strike(text);
  return text;
}

/**
 * Slack mrkdwn as plain text: `<@U123>` becomes @U123, links show their label and address, `&lt;`
 * and friends are unescaped last (so escaped input stays inert text), and *bold*, _italic_,
 * ~strike~ and `code` go through the style.
 */
export function mrkdwnToPlain(text: string, style: PlainTextStyle = DEFAULT_STYLE): string {
  // Finished pieces are parked behind placeholders so later rules cannot touch their insides.
  const parked: string[] = [];
  const park = (piece: string) => `\uE000${parked.push(piece) - 1}\uE001`;
  let s = text
    .replace(/```\n?([\s\S]*?)\n?```/g, (_, body: string) => park(style.preformatted(unescapeEntities(body))))
    .replace(/`([^`\n]+)`/g, (_, body: string) => park(style.code(unescapeEntities(body))))
    .replace(/<([^<>\n]+)>/g, (_, inner: string) => park(angle(inner)));
  s = marker(s, '*', style.bold);
  s = marker(s, '_', style.italic);
  s = marker(s, '~', style.strike);
  s = emojify(unescapeEntities(s), style);
  // Parked pieces can hold other parked pieces (bold around code), so restore until none are left.
  while (/\uE000\d+\uE001/.test(s))
    s = s.replace(/\uE000(\d+)\uE001/g, (_, i: string) => parked[Number(i)] ?? '');
  return s;
}

/** `*bold*` only where Slack would see it: the marks hug the words and sit at word edges. */
function marker(s: string, mark: string, apply: (text: string) => string): string {
  const m = `\\${mark}`;
  const pattern = new RegExp(
    `(^|[\\s(\\[{"'\\uE001*_~])${m}(?=[^\\s${m}])([^${m}\\n]*?[^\\s${m}])${m}(?=$|[\\s)\\]}.,;:!?"'\\uE000*_~])`,
    'g',
  );
  return s.replace(pattern, (_, before: string, body: string) => `${before}${apply(body)}`);
}

/** The inside of `<...>`: mentions, special mentions, dates and links. */
function angle(inner: string): string {
  const [target = '', label] = splitOnce(inner, '|');
  const shownLabel = label === undefined ? undefined : unescapeEntities(label);
  if (target.startsWith('@')) return `@${shownLabel ?? target.slice(1)}`;
  if (target.startsWith('#')) return `#${shownLabel ?? target.slice(1)}`;
  if (target.startsWith('!subteam^')) return shownLabel ?? `@${target.slice('!subteam^'.length)}`;
  if (target.startsWith('!date^')) return shownLabel ?? '';
  if (target.startsWith('!')) return `@${shownLabel ?? target.slice(1)}`;
  const url = unescapeEntities(target);
  const address = url.startsWith('mailto:') ? url.slice('mailto:'.length) : url;
  if (shownLabel === undefined || shownLabel === address || shownLabel === url) return address;
  return `${shownLabel} (${address})`;
}

function splitOnce(s: string, separator: string): [string, string?] {
  const i = s.indexOf(separator);
  return i === -1 ? [s] : [s.slice(0, i), s.slice(i + 1)];
}

function emojify(s: string, style: PlainTextStyle): string {
  return s.replace(
    /:([a-z0-9_+'-]+(?:::skin-tone-\d)?):/g,
    (whole, name: string) => style.emoji(name) ?? whole,
  );
}

function unescapeEntities(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function isRecord(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): Loose[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

import { withoutControls } from '../domain/text.js';
import { emojiFor } from './emoji.js';

/**
 * Block Kit as plain text: the same answers the bot gives in Slack, readable in a terminal. The one
 * renderer for the command line tools and the local shell (src/shell/render.ts adds its numbers to
 * press, colour and layout through the options). Blocks it does not know are skipped rather than
 * guessed at, unless `unknownBlock` says otherwise.
 */

/** How marked-up text is shown; the defaults drop the markers. A terminal can pass ANSI styles. */
export interface PlainTextStyle {
  heading(text: string): string;
  bold(text: string): string;
  italic(text: string): string;
  strike(text: string): string;
  code(text: string): string;
  preformatted(text: string): string;
  /** A context block: the small print under a message. */
  context(text: string): string;
  /** The text for an emoji `:name:`; undefined keeps `:name:`. */
  emoji(name: string): string | undefined;
}

/** A button, menu, picker or choice as it arrives in Block Kit JSON. */
export interface BlockElementJson {
  type: string;
  action_id?: string;
  [key: string]: unknown;
}

export interface PlainTextOptions {
  style?: Partial<PlainTextStyle>;
  /** Width of a divider line. */
  width?: number;
  /** `spaced` (the default): a blank line between blocks, as Slack spaces them; `compact`: none. */
  spacing?: 'spaced' | 'compact';
  /** Display names for user, channel and group IDs in mentions, when known. */
  nameOf?: (id: string) => string | undefined;
  /**
   * Called, in reading order, for each element a person operates in place (in actions blocks and as
   * section accessories). A key it returns, such as `[3]`, is shown in front of the element's label
   * instead of the brackets around it; the shell numbers elements this way so they can be pressed.
   */
  interactive?: (element: BlockElementJson, blockId: string) => string | undefined;
  /** The text for a block type this renderer does not know; by default such blocks are skipped. */
  unknownBlock?: (type: string) => string | undefined;
}

/** The `=====` under a heading, as long as the heading (up to 80 columns). */
export function headingRule(text: string): string {
  return '='.repeat(Math.min([...text].length, 80));
}

export const DEFAULT_STYLE: PlainTextStyle = {
  heading: (text) => `${text}\n${headingRule(text)}`,
  bold: (text) => text,
  italic: (text) => text,
  strike: (text) => text,
  code: (text) => text,
  preformatted: (text) => text,
  context: (text) => text,
  emoji: emojiFor,
};

type Loose = Record<string, unknown>;

/** Everything a rendering needs, options resolved once. */
interface Context {
  style: PlainTextStyle;
  width: number;
  nameOf: (id: string) => string | undefined;
  interactive: NonNullable<PlainTextOptions['interactive']>;
  unknownBlock: NonNullable<PlainTextOptions['unknownBlock']>;
}

function contextOf(options: PlainTextOptions): Context {
  return {
    style: { ...DEFAULT_STYLE, ...options.style },
    width: options.width ?? 40,
    nameOf: options.nameOf ?? (() => undefined),
    interactive: options.interactive ?? (() => undefined),
    unknownBlock: options.unknownBlock ?? (() => undefined),
  };
}

/**
 * A whole message: its blocks, or its fallback text when it has none. Takes the bot's own `Message`
 * or loose Block Kit JSON as it arrives over HTTP.
 */
export function plainText(
  message: { text?: string; blocks?: readonly unknown[] } | readonly unknown[],
  options: PlainTextOptions = {},
): string {
  const ctx = contextOf(options);
  const blocks = isMessage(message) ? list(message.blocks) : list(message);
  if (blocks.length === 0 && isMessage(message)) return mrkdwn(message.text ?? '', ctx);
  const compact = options.spacing === 'compact';
  let out = '';
  let previous: unknown;
  for (const block of blocks) {
    const text = renderBlock(block, ctx);
    if (text === undefined) continue;
    // Blocks stand apart by a blank line, as Slack spaces them; a divider is its own separation.
    const separator =
      previous === undefined
        ? ''
        : compact || previous === 'divider' || block.type === 'divider'
          ? '\n'
          : '\n\n';
    out += separator + text;
    previous = block.type;
  }
  return out;
}

function isMessage(value: unknown): value is { text?: string; blocks?: readonly unknown[] } {
  return !Array.isArray(value);
}

function renderBlock(block: Loose, ctx: Context): string | undefined {
  const { style } = ctx;
  const blockId = str(block.block_id);
  switch (block.type) {
    case 'header':
      return style.heading(textOf(block.text, ctx));
    case 'section': {
      const parts: string[] = [];
      if (block.text) parts.push(textOf(block.text, ctx));
      if (Array.isArray(block.fields)) parts.push(...block.fields.map((f) => textOf(f, ctx)));
      if (isRecord(block.accessory)) parts.push(operable(block.accessory, blockId, ctx));
      return parts.filter(Boolean).join('\n');
    }
    case 'context':
      return style.context(
        list(block.elements)
          .map((e) => (e.type === 'image' ? imageText(e) : textOf(e, ctx)))
          .join('  '),
      );
    case 'divider':
      return '-'.repeat(ctx.width);
    case 'actions':
      return list(block.elements)
        .map((e) => operable(e, blockId, ctx))
        .join('  ');
    case 'image':
      return `[image: ${block.title ? textOf(block.title, ctx) : str(block.alt_text)}]`;
    case 'input':
      return `${textOf(block.label, ctx)}: ${isRecord(block.element) ? shownElement(block.element, undefined, ctx) : ''}`.trim();
    case 'markdown':
      return mrkdwn(str(block.text), ctx);
    case 'rich_text':
      return list(block.elements)
        .map((e) => richTextContainer(e, ctx))
        .join('\n');
    default:
      return ctx.unknownBlock(str(block.type));
  }
}

/** A text object: mrkdwn is converted; plain_text is shown as written, emoji codes aside. */
function textOf(value: unknown, ctx: Context): string {
  if (!isRecord(value)) return '';
  const text = str(value.text);
  return value.type === 'mrkdwn' ? mrkdwn(text, ctx) : emojify(text, ctx.style);
}

function imageText(image: Loose): string {
  return `[${str(image.alt_text) || 'image'}]`;
}

/** An element a person could operate where it stands: the `interactive` hook may give it a key. */
function operable(element: Loose, blockId: string, ctx: Context): string {
  if (element.type === 'image') return imageText(element);
  return shownElement(element, ctx.interactive(element as BlockElementJson, blockId), ctx);
}

/** `[Approve]`, `[Pick one ▾]`, `( ) Yes  (x) No`; with a key: `[3] Approve`, `[4] Pick one ▾`. */
function shownElement(element: Loose, key: string | undefined, ctx: Context): string {
  const label = elementLabel(element, ctx);
  const choices = element.type === 'checkboxes' || element.type === 'radio_buttons';
  const shown = key !== undefined ? `${key} ${label}` : choices ? label : `[${label}]`;
  return typeof element.url === 'string' ? `${shown} (opens ${element.url})` : shown;
}

function elementLabel(element: Loose, ctx: Context): string {
  const label = (v: unknown) => textOf(v, ctx);
  const placeholder = label(element.placeholder);
  switch (element.type) {
    case 'button':
      return label(element.text);
    case 'overflow': {
      const options = list(element.options).map((o) => label(o.text));
      return options.length > 0 ? `… (${options.join(' / ')})` : '…';
    }
    case 'checkboxes':
    case 'radio_buttons': {
      const chosen = new Set(initialOptions(element).map((o) => str(o.value)));
      const [on, off] = element.type === 'checkboxes' ? ['[x]', '[ ]'] : ['(x)', '( )'];
      return list(element.options)
        .map((o) => `${chosen.has(str(o.value)) ? on : off} ${label(o.text)}`)
        .join('  ');
    }
    case 'datepicker':
      return `${str(element.initial_date) || placeholder || 'Pick a date'} ▾`;
    case 'timepicker':
      return `${str(element.initial_time) || placeholder || 'Pick a time'} ▾`;
    default: {
      // Selects and inputs: the current choice, else the placeholder.
      const initial = initialOptions(element)
        .map((o) => label(o.text))
        .join(', ');
      return `${initial || str(element.initial_value) || placeholder || 'Select'} ▾`;
    }
  }
}

function initialOptions(element: Loose): Loose[] {
  return list(element.initial_options ?? (element.initial_option ? [element.initial_option] : []));
}

function richTextContainer(container: Loose, ctx: Context): string {
  const inline = (c: Loose) =>
    list(c.elements)
      .map((e) => richTextElement(e, ctx))
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
      return ctx.style.preformatted(inline(container));
    default:
      return inline(container);
  }
}

function richTextElement(element: Loose, ctx: Context): string {
  const { style } = ctx;
  const named = (id: unknown) => ctx.nameOf(str(id)) ?? str(id);
  let text: string;
  switch (element.type) {
    case 'text':
      text = str(element.text);
      break;
    case 'link':
      text = element.text ? `${str(element.text)} (${str(element.url)})` : str(element.url);
      break;
    case 'user':
      text = `@${named(element.user_id)}`;
      break;
    case 'usergroup':
      text = `@${named(element.usergroup_id)}`;
      break;
    case 'channel':
      text = `#${named(element.channel_id)}`;
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
 * Slack mrkdwn as plain text: `<@U123>` becomes @U123 (or the name `nameOf` knows), links show their
 * label and address, `&lt;` and friends are unescaped last (so escaped input stays inert text),
 * *bold*, _italic_, ~strike~ and `code` go through the style, and emoji codes become emoji.
 */
export function mrkdwnToPlain(text: string, style: Partial<PlainTextStyle> = DEFAULT_STYLE): string {
  return mrkdwn(text, contextOf({ style }));
}

function mrkdwn(raw: string, ctx: Context): string {
  const { style } = ctx;
  const text = inert(raw);
  // Finished pieces are parked behind placeholders so later rules cannot touch their insides.
  const parked: string[] = [];
  const park = (piece: string) => `\uE000${parked.push(piece) - 1}\uE001`;
  let s = text
    .replace(/```\n?([\s\S]*?)\n?```/g, (_, body: string) => park(style.preformatted(unescapeEntities(body))))
    .replace(/`([^`\n]+)`/g, (_, body: string) => park(style.code(unescapeEntities(body))))
    .replace(/<([^<>\n]+)>/g, (_, inner: string) => park(angle(inner, ctx)));
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
function angle(inner: string, ctx: Context): string {
  const [target = '', label] = splitOnce(inner, '|');
  const shownLabel = label === undefined ? undefined : unescapeEntities(label);
  const named = (id: string) => shownLabel ?? ctx.nameOf(id) ?? id;
  if (target.startsWith('@')) return `@${named(target.slice(1))}`;
  if (target.startsWith('#')) return `#${named(target.slice(1))}`;
  if (target.startsWith('!subteam^')) return shownLabel ?? `@${named(target.slice('!subteam^'.length))}`;
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

function emojify(s: string, style: Pick<PlainTextStyle, 'emoji'>): string {
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

/**
 * Every string read from the blocks, made safe for a terminal: a name or reason from outside may
 * carry ESC sequences or bidi overrides, shown escaped (`\u001B`) rather than obeyed.
 */
function str(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  return inert(text);
}

function inert(text: string): string {
  return withoutControls(text, { keep: '\n\t', escape: true });
}

import { isIsoDate } from '../domain/deadline.js';
import {
  type ElementJson,
  isObject,
  type OptionJson,
  optionsOf,
  type StateValue,
  textOf,
} from './slackShapes.js';

/** The terminal, as seen by something that asks questions. */
export interface Asker {
  /** Shows `prompt` and resolves with the next line typed, or undefined at the end of input. */
  ask(prompt: string): Promise<string | undefined>;
  say(...lines: string[]): void;
}

export const CANCEL_WORD = '/cancel';

export type Answer = { kind: 'value'; state: StateValue } | { kind: 'cancel' };

export interface AskContext {
  optional: boolean;
  /** `U…`, `@name` or `<@U…>` to a user ID (the shell names users by what was typed in `/as`). */
  userId(text: string): string;
  /** `#name` or an ID to a channel ID. */
  channelId(text: string): string;
  currentChannel: string;
}

/** How one kind of element is answered on a line of text. */
interface LineParser {
  /** Shown before the question, e.g. the numbered options. */
  intro: string[];
  /** After the label: what to type. */
  hint: string;
  /** The element's state for the line, or a message saying what is wrong with it. */
  parse(text: string): StateValue | string;
  /** What an empty line means when the element has an initial value. */
  initial?: StateValue;
  /** What an empty line means for an optional element without one. */
  empty: StateValue;
}

/**
 * Asks for one element's value, field by field as a person fills a form: numbered options for
 * selects, checked dates and numbers, the element's own length and range limits. Slack checks
 * these in the client, so the app never sees a value breaking them, and neither does it here.
 */
export async function askElement(
  element: ElementJson,
  label: string,
  io: Asker,
  context: AskContext,
): Promise<Answer> {
  const parser = parserFor(element, context);
  if (typeof parser === 'string') {
    io.say(`  ${parser}`);
    return { kind: 'value', state: { type: element.type } };
  }
  io.say(...parser.intro);
  const optional = context.optional ? ' (optional)' : '';
  for (;;) {
    const line = await io.ask(`${label}${optional}${parser.hint}: `);
    if (line === undefined || line.trim() === CANCEL_WORD) return { kind: 'cancel' };
    const text = line.trim();
    if (!text) {
      if (parser.initial) return { kind: 'value', state: parser.initial };
      if (context.optional) return { kind: 'value', state: parser.empty };
      io.say('  This field is required.');
      continue;
    }
    const parsed = parser.parse(text);
    if (typeof parsed === 'string') {
      io.say(`  ${parsed}`);
      continue;
    }
    return { kind: 'value', state: parsed };
  }
}

function parserFor(element: ElementJson, context: AskContext): LineParser | string {
  const type = element.type;
  const initialNote = (shown: string | undefined) => (shown ? ` [Enter keeps ${shown}]` : '');
  switch (type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input': {
      const initial = typeof element.initial_value === 'string' ? element.initial_value : undefined;
      const multiline = element.multiline === true;
      return {
        intro: [],
        hint: `${multiline ? ' (\\n starts a new line)' : ''}${initialNote(initial && JSON.stringify(initial))}`,
        parse: (text) => {
          const value = multiline ? text.replace(/\\n/g, '\n') : text;
          const problem = checkText(element, value);
          return problem ?? { type, value };
        },
        ...(initial !== undefined ? { initial: { type, value: initial } } : {}),
        empty: { type, value: null },
      };
    }
    case 'static_select':
    case 'radio_buttons':
    case 'overflow': {
      const options = optionsOf(element);
      const initial = isObject(element.initial_option)
        ? (element.initial_option as unknown as OptionJson)
        : undefined;
      return {
        intro: optionLines(options),
        hint: ` (a number)${initialNote(initial && textOf(initial.text))}`,
        parse: (text) => {
          const chosen = pickOptions(options, text, { multiple: false, max: 1 });
          return typeof chosen === 'string' ? chosen : { type, selected_option: chosen[0] };
        },
        ...(initial ? { initial: { type, selected_option: initial } } : {}),
        empty: { type, selected_option: null },
      };
    }
    case 'multi_static_select':
    case 'checkboxes': {
      const options = optionsOf(element);
      const initial = Array.isArray(element.initial_options)
        ? (element.initial_options as OptionJson[])
        : undefined;
      const max =
        typeof element.max_selected_items === 'number' ? element.max_selected_items : options.length;
      return {
        intro: optionLines(options),
        hint: ` (numbers separated by commas, or "none")${initialNote(initial?.map((o) => textOf(o.text)).join(', '))}`,
        parse: (text) => {
          const chosen =
            text.toLowerCase() === 'none' ? [] : pickOptions(options, text, { multiple: true, max });
          return typeof chosen === 'string' ? chosen : { type, selected_options: chosen };
        },
        ...(initial ? { initial: { type, selected_options: initial } } : {}),
        empty: { type, selected_options: [] },
      };
    }
    case 'users_select':
      return single(
        type,
        'selected_user',
        'a user, e.g. @alice or U123',
        element.initial_user,
        context.userId,
      );
    case 'conversations_select':
    case 'channels_select': {
      const key = type === 'channels_select' ? 'selected_channel' : 'selected_conversation';
      const initial =
        element.initial_channel ??
        element.initial_conversation ??
        (element.default_to_current_conversation === true ? context.currentChannel : undefined);
      return single(type, key, 'a channel, e.g. #support', initial, context.channelId);
    }
    case 'multi_users_select':
      return multiple(
        type,
        'selected_users',
        'users separated by commas',
        element.initial_users,
        context.userId,
      );
    case 'multi_conversations_select':
    case 'multi_channels_select': {
      const key = type === 'multi_channels_select' ? 'selected_channels' : 'selected_conversations';
      const initial = element.initial_channels ?? element.initial_conversations;
      return multiple(type, key, 'channels separated by commas', initial, context.channelId);
    }
    case 'datepicker':
      return single(type, 'selected_date', 'YYYY-MM-DD', element.initial_date, (text) => {
        if (!isIsoDate(text)) throw new Error('Type a date as YYYY-MM-DD, such as 2027-03-31.');
        return text;
      });
    case 'timepicker':
      return single(type, 'selected_time', 'HH:MM, 24-hour', element.initial_time, (text) => {
        if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(text)) throw new Error('Type a time as HH:MM, such as 09:30.');
        return text;
      });
    case 'datetimepicker':
      return single(
        type,
        'selected_date_time',
        'YYYY-MM-DD HH:MM, UTC',
        element.initial_date_time,
        (text) => {
          const match = /^(\d{4}-\d{2}-\d{2})[ T]([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
          if (!match || !isIsoDate(match[1] ?? ''))
            throw new Error('Type a date and time as YYYY-MM-DD HH:MM.');
          return Date.parse(`${match[1]}T${match[2]}:${match[3]}:00Z`) / 1000;
        },
      );
    case 'rich_text_input':
      return {
        intro: [],
        hint: '',
        parse: (text) => ({
          type,
          rich_text_value: {
            type: 'rich_text',
            elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }],
          },
        }),
        empty: { type, rich_text_value: null },
      };
    default:
      return `The shell cannot fill in a ${type}; it is left empty.`;
  }
}

function single(
  type: string,
  key: string,
  what: string,
  initial: unknown,
  convert: (text: string) => unknown,
): LineParser {
  return {
    intro: [],
    hint: ` (${what})${initial !== undefined ? ` [Enter keeps ${String(initial)}]` : ''}`,
    parse: (text) => {
      try {
        return { type, [key]: convert(text) };
      } catch (error) {
        return (error as Error).message;
      }
    },
    ...(initial !== undefined ? { initial: { type, [key]: initial } } : {}),
    empty: { type, [key]: null },
  };
}

/** Like `single`, for several values on one line (commas or spaces between); the hint names no initial value. */
function multiple(
  type: string,
  key: string,
  what: string,
  initial: unknown,
  convert: (text: string) => string,
): LineParser {
  const each = (text: string) =>
    text
      .split(/[,\s]+/)
      .filter(Boolean)
      .map(convert);
  return {
    ...single(type, key, what, Array.isArray(initial) ? initial : undefined, each),
    hint: ` (${what})`,
    empty: { type, [key]: [] },
  };
}

function optionLines(options: readonly OptionJson[]): string[] {
  return options.map(
    (o, i) => `    ${i + 1}) ${textOf(o.text)}${o.description ? ` (${textOf(o.description)})` : ''}`,
  );
}

/** Options chosen by number, text or value; a message if any is not one of them. */
function pickOptions(
  options: readonly OptionJson[],
  text: string,
  { multiple, max }: { multiple: boolean; max: number },
): OptionJson[] | string {
  const wanted = !multiple
    ? [text]
    : text.includes(',')
      ? text
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean)
      : /^[\d\s]+$/.test(text)
        ? text.split(/\s+/).filter(Boolean)
        : [text];
  const chosen: OptionJson[] = [];
  for (const item of wanted) {
    const n = /^\d+$/.test(item) ? Number(item) : Number.NaN;
    const option =
      options[n - 1] ??
      options.find(
        (o) =>
          textOf(o.text).toLowerCase() === item.toLowerCase() || o.value.toLowerCase() === item.toLowerCase(),
      );
    if (!option) return `"${item}" is not one of the options: type a number from 1 to ${options.length}.`;
    if (!chosen.includes(option)) chosen.push(option);
  }
  if (chosen.length > max) return `Choose at most ${max}.`;
  return chosen;
}

function checkText(element: ElementJson, value: string): string | undefined {
  const min = typeof element.min_length === 'number' ? element.min_length : 0;
  const max = typeof element.max_length === 'number' ? element.max_length : 3000;
  if (value.length < min) return `Type at least ${min} characters (that was ${value.length}).`;
  if (value.length > max) return `Type at most ${max} characters (that was ${value.length}).`;
  if (element.type === 'email_text_input' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value))
    return 'Type an email address, such as name@example.com.';
  if (element.type === 'url_text_input' && !/^https?:\/\/\S+$/.test(value))
    return 'Type a web address starting with https://.';
  if (element.type === 'number_input') {
    const n = Number(value);
    if (!/^-?\d+(\.\d+)?$/.test(value) || Number.isNaN(n)) return 'Type a number.';
    if (element.is_decimal_allowed !== true && !Number.isInteger(n)) return 'Type a whole number.';
    if (element.min_value !== undefined && n < Number(element.min_value))
      return `Type a number of at least ${String(element.min_value)}.`;
    if (element.max_value !== undefined && n > Number(element.max_value))
      return `Type a number of at most ${String(element.max_value)}.`;
  }
  return undefined;
}

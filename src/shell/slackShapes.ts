/**
 * The shapes of Slack JSON the shell reads and writes. Everything arrives from the app over HTTP as
 * untyped JSON, so these types are deliberately loose: known fields typed, anything else kept as is.
 */

export type Json = Record<string, unknown>;

export interface TextObject {
  type: 'plain_text' | 'mrkdwn';
  text: string;
}

export interface BlockJson {
  type: string;
  block_id?: string;
  [key: string]: unknown;
}

export interface ElementJson {
  type: string;
  action_id?: string;
  [key: string]: unknown;
}

export interface OptionJson {
  text: TextObject;
  value: string;
  description?: TextObject;
  url?: string;
}

/** One element's state in `view.state.values[block_id][action_id]`, as Slack sends it. */
export interface StateValue {
  type: string;
  [key: string]: unknown;
}

export type StateValues = Record<string, Record<string, StateValue>>;

/** A modal or Home view as Slack stores and returns it (views.open, views.publish). */
export interface ViewJson {
  id: string;
  type: 'modal' | 'home' | string;
  blocks: BlockJson[];
  title?: TextObject;
  submit?: TextObject;
  close?: TextObject;
  callback_id?: string;
  private_metadata?: string;
  external_id?: string;
  notify_on_close?: boolean;
  clear_on_close?: boolean;
  state: { values: StateValues };
  hash: string;
  root_view_id: string | null;
  previous_view_id: string | null;
  [key: string]: unknown;
}

/** The workspace the shell pretends to be. */
export const LOCAL_TEAM = { id: 'TLOCAL', domain: 'local-shell', name: 'Local shell' } as const;

/** The app's own identity in the shell. */
export const LOCAL_BOT = {
  userId: 'UREAUTHBOT',
  botId: 'BREAUTHBOT',
  appId: 'ALOCALSHELL',
  name: 'reauth-bot',
  token: 'xoxb-local-shell-not-a-slack-token',
} as const;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of a text object (or a bare string); empty for anything else. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.text === 'string') return value.text;
  return '';
}

export function blocksOf(value: unknown): BlockJson[] {
  return Array.isArray(value)
    ? value.filter((b): b is BlockJson => isObject(b) && typeof b.type === 'string')
    : [];
}

export function elementsOf(value: unknown): ElementJson[] {
  return Array.isArray(value)
    ? value.filter((e): e is ElementJson => isObject(e) && typeof e.type === 'string')
    : [];
}

/** Every option of a select, flattening option groups. */
export function optionsOf(element: ElementJson): OptionJson[] {
  const direct = Array.isArray(element.options) ? element.options : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.flatMap((g) => (isObject(g) && Array.isArray(g.options) ? g.options : []))
    : [];
  return [...direct, ...grouped].filter(
    (o): o is OptionJson => isObject(o) && isObject(o.text) && typeof o.value === 'string',
  );
}

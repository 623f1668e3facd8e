import { type AskContext, type Asker, askElement, CANCEL_WORD } from './elements.js';
import { type RenderOptions, renderBlocks } from './render.js';
import { type ElementJson, isObject, type StateValues, textOf, type ViewJson } from './slackShapes.js';

export type ModalAnswer = { kind: 'submit'; values: StateValues } | { kind: 'cancel' };

export interface ModalAskOptions {
  render: RenderOptions;
  context: Omit<AskContext, 'optional'>;
  /** Values from the last attempt, kept for the fields that had no error. */
  previous?: StateValues;
  /** `response_action: errors` from the app: block ID to message. */
  errors?: Record<string, string>;
}

/**
 * Fills in a modal the way a person would: its text shown in order, each input asked in turn.
 * After the app answered with errors, only the fields in error are asked again, each under its
 * error. `/cancel` at any question closes the modal.
 */
export async function askModal(view: ViewJson, io: Asker, options: ModalAskOptions): Promise<ModalAnswer> {
  const { style } = options.render;
  const inputs = view.blocks.filter((b) => b.type === 'input' && isObject(b.element));
  const errors = options.errors ?? {};
  const unplaced = Object.entries(errors).filter(([blockId]) => !inputs.some((b) => b.block_id === blockId));
  const retry = options.previous !== undefined && Object.keys(errors).length > 0 && unplaced.length === 0;
  for (const [, message] of unplaced) io.say(`  ✗ ${message}`);

  if (!retry) {
    const title = textOf(view.title) || 'Form';
    io.say(
      '',
      `${style.bold(`[${title}]`)} ${style.dim(`(a form: answer each question; ${CANCEL_WORD} closes it)`)}`,
    );
  }
  const values: StateValues = {};
  for (const block of view.blocks) {
    const blockId = block.block_id ?? '';
    if (block.type !== 'input' || !isObject(block.element)) {
      if (!retry) io.say(...renderBlocks([block], options.render).map((l) => `  ${l}`));
      continue;
    }
    const element = block.element as ElementJson;
    const actionId = element.action_id ?? '';
    const kept = options.previous?.[blockId]?.[actionId];
    if (retry && !errors[blockId] && kept) {
      values[blockId] = { [actionId]: kept };
      continue;
    }
    if (errors[blockId]) io.say(`  ✗ ${errors[blockId]}`);
    else if (block.hint) io.say(style.dim(`  ${textOf(block.hint)}`));
    const answer = await askElement(element, `  ${textOf(block.label)}`, io, {
      ...options.context,
      optional: block.optional === true,
    });
    if (answer.kind === 'cancel') return answer;
    values[blockId] = { [actionId]: answer.state };
  }

  if (inputs.length === 0) {
    if (!view.submit) return { kind: 'cancel' };
    const close = textOf(view.close) || 'Cancel';
    const line = await io.ask(`  Enter: ${textOf(view.submit)}, ${CANCEL_WORD}: ${close} > `);
    if (line === undefined || line.trim() === CANCEL_WORD) return { kind: 'cancel' };
  }
  return { kind: 'submit', values };
}

import { LIMITS } from '../views/blocks.js';
import { type BlockJson, blocksOf, type Json, textOf } from './slackShapes.js';

/** A Web API error code, answered as `{ok: false, error}` exactly as Slack would. */
export class SlackApiError extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'SlackApiError';
  }
}

export interface MessageContent {
  text: string;
  blocks: BlockJson[];
  attachments?: unknown[];
}

export function contentOf(body: Json): MessageContent {
  return {
    text: typeof body.text === 'string' ? body.text : '',
    blocks: blocksOf(body.blocks),
    ...(Array.isArray(body.attachments) ? { attachments: body.attachments } : {}),
  };
}

/** Message content, refused as Slack refuses it: nothing to show, too many blocks, oversized text. */
export function checkedContent(args: Json): MessageContent {
  const content = contentOf(args);
  if (!content.text && content.blocks.length === 0 && !content.attachments)
    throw new SlackApiError('no_text');
  if (content.text.length > 40_000) throw new SlackApiError('msg_too_long');
  if (content.blocks.length > LIMITS.blocksPerMessage || content.blocks.some(oversized))
    throw new SlackApiError('invalid_blocks');
  return content;
}

function oversized(block: BlockJson): boolean {
  if (block.type === 'header') return textOf(block.text).length > LIMITS.headerText;
  if (block.type === 'section') {
    if (textOf(block.text).length > LIMITS.sectionText) return true;
    return Array.isArray(block.fields) && block.fields.length > 10;
  }
  if (block.type === 'actions') return blocksOf(block.elements).length > 25;
  return false;
}

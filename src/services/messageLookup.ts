import type { WebClient } from '@slack/web-api';
import {
  findMessageTs,
  type MessageLookup,
  type MessageMetadata,
  type SlackMessageSeen,
} from '../domain/slackDelivery.js';

/** How many pages (of LOOKUP_PAGE messages) a lookup reads before giving up. */
const LOOKUP_PAGES = 10;
const LOOKUP_PAGE = 200;

/** Runs one Web API call; a caller may wrap it (retries, logging). */
export type CallSlack = <T>(method: string, run: () => Promise<T>) => Promise<T>;

/**
 * The ts of the bot's message carrying `metadata` where `where` says, or undefined when it is not
 * there. Throws when it cannot tell (Slack failed, or more messages remain than it reads): the caller
 * must then not post, or the message could appear twice.
 */
export async function findPostedMessage(
  client: WebClient,
  where: MessageLookup,
  metadata: MessageMetadata,
  call: CallSlack = (_method, run) => run(),
): Promise<string | undefined> {
  const method = where.kind === 'history' ? 'conversations.history' : 'conversations.replies';
  let cursor: string | undefined;
  for (let page = 0; page < LOOKUP_PAGES; page++) {
    const common = {
      channel: where.channel,
      include_all_metadata: true,
      limit: LOOKUP_PAGE,
      ...(cursor ? { cursor } : {}),
    };
    const result = await call(method, () =>
      where.kind === 'history'
        ? client.conversations.history({ ...common, oldest: where.oldest })
        : client.conversations.replies({ ...common, ts: where.threadTs }),
    );
    const ts = findMessageTs((result.messages ?? []) as SlackMessageSeen[], metadata);
    if (ts) return ts;
    cursor = result.response_metadata?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  throw new Error(
    `${method} in ${where.channel}: no message with metadata ${JSON.stringify(metadata.event_payload)} in the first ${LOOKUP_PAGES * LOOKUP_PAGE} messages, and more remain`,
  );
}

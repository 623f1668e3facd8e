import type { Logger } from '@slack/logger';
import type { KnownBlock } from '@slack/types';
import { WebAPIPlatformError, WebAPIRateLimitedError, type WebClient } from '@slack/web-api';
import type { Rollback } from '../domain/rollback.js';
import {
  afterUncertainPost,
  type RollbackMessageKind,
  type RollbackMessageLookup,
  rollbackMessageLookup,
  rollbackMessageMetadata,
} from '../domain/rollbackDelivery.js';
import { mayHaveActed } from '../domain/slackDelivery.js';
import { noMetrics, type ServiceMetrics } from '../observability/metrics.js';
import type { Message } from '../views/blocks.js';
import { findPostedMessage } from './messageLookup.js';
import { SlackUncertainError } from './slackPoster.js';
import { failureOf } from './webApiPoster.js';

/** How many 429s in a row a rollback post waits out (Slack did not post: waiting is safe). */
const RATE_LIMIT_WAITS = 3;
/**
 * The longest Retry-After a post waits out (s). Someone is waiting for the answer; past this the
 * 429 is thrown at once, so they are told Slack asked to wait, and a repeated command does not queue.
 */
const LONGEST_RATE_LIMIT_WAIT_S = 5;
/** Pause before posting again a message Slack did not answer for and does not hold (ms, per attempt). */
const AGAIN_DELAYS_MS = [300, 1_000];

const WHAT: Record<RollbackMessageKind, string> = {
  request: 'the rollback request',
  note: 'the note in its thread',
  checklist: 'the recovery checklist',
  complete: 'the note that the checklist is complete',
};

/**
 * Slack gave no answer to a post (or a 5xx), and looking for the message failed too: nobody can tell
 * whether it is in Slack, so it is not posted again (that could double it).
 */
export class RollbackPostUnconfirmedError extends Error {
  constructor(
    readonly kind: RollbackMessageKind,
    readonly postFailure: unknown,
    readonly lookupFailure: unknown,
  ) {
    super(
      `Slack did not answer whether it posted ${WHAT[kind]} (${reasonOf(postFailure)}), and looking for it failed (${reasonOf(lookupFailure)}); it was not posted again, so it cannot be doubled`,
    );
    this.name = 'RollbackPostUnconfirmedError';
  }
}

/** An earlier attempt may have posted it, and looking for it failed: it is not posted (could double it). */
export class RollbackPostUncheckedError extends Error {
  constructor(
    readonly kind: RollbackMessageKind,
    readonly lookupFailure: unknown,
  ) {
    super(
      `Could not check whether ${WHAT[kind]} is already in Slack (${reasonOf(lookupFailure)}); it was not posted, so it cannot be doubled: try again shortly`,
    );
    this.name = 'RollbackPostUncheckedError';
  }
}

export interface RollbackPostOptions {
  sleep?: (ms: number) => Promise<void>;
  metrics?: ServiceMetrics;
}

/**
 * Posts a rollback's messages exactly once. `client` must not retry on its own (see
 * `digestWebClient`): a retried post whose first answer was lost is the duplicate this prevents.
 * A short 429 is waited out and the post repeated (Slack did not post it); a long one, or a refusal,
 * is thrown; no answer
 * or a 5xx makes it look for the message by its metadata, adopting it when there and posting again
 * only when not.
 */
export class RollbackPoster {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly metrics: ServiceMetrics;

  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
    options: RollbackPostOptions = {},
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.metrics = options.metrics ?? noMetrics;
  }

  /**
   * Posts `kind` of this rollback in `channel` (in the request's thread but for the request).
   * `lookFirst` when an earlier attempt may have posted it (a repeated command): it is looked for
   * before anything is posted, and nothing is posted when the look fails.
   */
  async postOnce(
    rollback: Pick<Rollback, 'id' | 'requestedAt' | 'messages'>,
    kind: RollbackMessageKind,
    channel: string,
    message: Message,
    options: { lookFirst?: boolean } = {},
  ): Promise<{ channel: string; ts: string; adopted: boolean }> {
    const metadata = rollbackMessageMetadata(rollback.id, kind);
    const where = rollbackMessageLookup(rollback, kind, channel);
    const threadTs = where.kind === 'replies' ? where.threadTs : undefined;
    const postIn = where.channel;
    if (options.lookFirst) {
      let found: string | undefined;
      try {
        found = await this.find(where, metadata);
      } catch (lookupError) {
        const unchecked = new RollbackPostUncheckedError(kind, lookupError);
        this.logger.error(`Rollback ${rollback.id}: ${unchecked.message}`);
        throw unchecked;
      }
      if (found) {
        this.logger.info(
          `Rollback ${rollback.id}: ${WHAT[kind]} is already in Slack (${found}); recorded, not posted.`,
        );
        return { channel: postIn, ts: found, adopted: true };
      }
    }
    for (let attempt = 1; ; attempt++) {
      let uncertain: SlackUncertainError;
      try {
        const posted = await this.post(postIn, message, threadTs, metadata);
        return { ...posted, adopted: false };
      } catch (error) {
        if (!(error instanceof SlackUncertainError)) throw error;
        uncertain = error;
      }
      let found: string | undefined;
      try {
        found = await this.find(where, metadata);
      } catch (lookupError) {
        const unconfirmed = new RollbackPostUnconfirmedError(kind, uncertain.failure, lookupError);
        this.logger.error(`Rollback ${rollback.id}: ${unconfirmed.message}`);
        throw unconfirmed;
      }
      const next = afterUncertainPost(found, attempt);
      if (next.kind === 'adopt') {
        this.logger.warn(
          `Rollback ${rollback.id}: Slack gave no answer to posting ${WHAT[kind]} (${reasonOf(uncertain.failure)}) but holds it (${next.ts}); not posted again.`,
        );
        return { channel: postIn, ts: next.ts, adopted: true };
      }
      if (next.kind === 'give-up') throw uncertain;
      const delay = AGAIN_DELAYS_MS[attempt - 1] ?? 1_000;
      this.logger.warn(
        `Rollback ${rollback.id}: posting ${WHAT[kind]} got no answer (${reasonOf(uncertain.failure)}) and Slack does not hold it; posting again in ${delay} ms.`,
      );
      this.metrics.slackRetry('chat.postMessage');
      await this.sleep(delay);
    }
  }

  private async post(
    channel: string,
    message: Message,
    threadTs: string | undefined,
    metadata: ReturnType<typeof rollbackMessageMetadata>,
  ): Promise<{ channel: string; ts: string }> {
    for (let waits = 0; ; waits++) {
      try {
        const result = await this.client.chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks as KnownBlock[],
          ...(threadTs ? { thread_ts: threadTs } : {}),
          metadata,
        });
        if (!result.ts) throw new Error('chat.postMessage answered without a ts');
        return { channel: result.channel ?? channel, ts: result.ts };
      } catch (error) {
        if (error instanceof WebAPIRateLimitedError && error.retryAfter > LONGEST_RATE_LIMIT_WAIT_S) {
          this.logger.warn(
            `Slack rate-limited chat.postMessage for ${error.retryAfter} s: not waiting that long; not posted.`,
          );
          throw error;
        }
        if (error instanceof WebAPIRateLimitedError && waits < RATE_LIMIT_WAITS) {
          this.logger.warn(`Slack rate-limited chat.postMessage: waiting ${error.retryAfter} s as it asks.`);
          this.metrics.slackRetry('chat.postMessage');
          await this.sleep(error.retryAfter * 1000);
          continue;
        }
        if (!(error instanceof WebAPIPlatformError) && mayHaveActed(failureOf(error))) {
          this.metrics.uncertainPost('chat.postMessage');
          throw new SlackUncertainError('chat.postMessage', error);
        }
        throw error;
      }
    }
  }

  /** The ts of the message with this metadata where `where` says; throws when it cannot tell. */
  private find(
    where: RollbackMessageLookup,
    metadata: ReturnType<typeof rollbackMessageMetadata>,
  ): Promise<string | undefined> {
    return findPostedMessage(this.client, where, metadata);
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

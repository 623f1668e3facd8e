import type { Logger } from '@slack/logger';
import type { KnownBlock } from '@slack/types';
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
} from '@slack/web-api';
import { mayHaveActed, type SlackFailure } from '../domain/slackDelivery.js';
import { noMetrics, type ServiceMetrics } from '../observability/metrics.js';
import { findPostedMessage } from './messageLookup.js';
import { type SlackPoster, SlackRefusedError, SlackUncertainError } from './slackPoster.js';

export interface RetryPolicy {
  /** How often a 5xx answer or a network failure is retried, and after how long (ms) each time. */
  serverErrorDelaysMs: readonly number[];
  /** How many 429s in a row are waited out before giving up until the next tick. */
  rateLimitWaits: number;
  sleep(ms: number): Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  serverErrorDelaysMs: [500, 1_000, 2_000],
  rateLimitWaits: 5,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * A Web API client of the digest's own. It reports a 429 at once instead of pausing its queue
 * and retrying behind our back, so the poster waits out Retry-After itself, knows what happened,
 * and never stalls the client the slash commands use.
 */
export function digestWebClient(
  token: string,
  slackApiUrl: string,
  logger: Logger,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): WebClient {
  return new WebClient(token, {
    slackApiUrl,
    logger,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: options.timeoutMs ?? 30_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** What a failed Web API call tells about whether Slack acted on it. */
export function failureOf(error: unknown): SlackFailure {
  if (error instanceof WebAPIPlatformError) return { kind: 'refused' };
  if (error instanceof WebAPIRateLimitedError) return { kind: 'rate-limited' };
  if (error instanceof WebAPIHTTPError) return { kind: 'http', status: error.statusCode };
  return { kind: 'no-answer' };
}

/**
 * A SlackPoster over the Web API: 429 waited out per Retry-After; a 5xx or network failure retried a
 * few times on calls that change nothing, and reported as uncertain on a post (the digest looks first).
 */
export function webApiPoster(
  client: WebClient,
  logger: Logger,
  policy: RetryPolicy = DEFAULT_RETRY,
  metrics: ServiceMetrics = noMetrics,
): SlackPoster {
  async function call<T>(method: string, run: () => Promise<T>, repeatable = true): Promise<T> {
    let serverErrors = 0;
    let rateLimits = 0;
    for (;;) {
      try {
        return await run();
      } catch (error) {
        if (error instanceof WebAPIPlatformError) throw new SlackRefusedError(method, error.data.error);
        if (error instanceof WebAPIRateLimitedError && rateLimits < policy.rateLimitWaits) {
          rateLimits++;
          logger.warn(`Slack rate-limited ${method}: waiting ${error.retryAfter} s as Retry-After asks.`);
          metrics.slackRetry(method);
          await policy.sleep(error.retryAfter * 1000);
          continue;
        }
        const transient =
          (error instanceof WebAPIHTTPError && error.statusCode >= 500) ||
          error instanceof WebAPIRequestError;
        if (transient && !repeatable && mayHaveActed(failureOf(error))) {
          metrics.uncertainPost(method);
          throw new SlackUncertainError(method, error);
        }
        const delay = policy.serverErrorDelaysMs[serverErrors];
        if (transient && delay !== undefined) {
          serverErrors++;
          logger.warn(
            `${method} failed (${(error as Error).message}); retry ${serverErrors} in ${delay} ms.`,
          );
          metrics.slackRetry(method);
          await policy.sleep(delay);
          continue;
        }
        throw error;
      }
    }
  }

  return {
    async post(channel, message, threadTs, metadata) {
      const result = await call(
        'chat.postMessage',
        () =>
          client.chat.postMessage({
            channel,
            text: message.text,
            blocks: message.blocks as KnownBlock[],
            ...(threadTs ? { thread_ts: threadTs } : {}),
            ...(metadata ? { metadata } : {}),
            unfurl_links: false,
            unfurl_media: false,
          }),
        false,
      );
      if (!result.ts) throw new Error('chat.postMessage answered without a ts');
      return result.ts;
    },
    async openDm(user) {
      const result = await call('conversations.open', () => client.conversations.open({ users: user }));
      const id = result.channel?.id;
      if (!id) throw new Error('conversations.open answered without a channel');
      return id;
    },
    findPosted(where, metadata) {
      return findPostedMessage(client, where, metadata, call);
    },
    async waitBeforeRetry(error, attempt) {
      const delay = policy.serverErrorDelaysMs[attempt - 1];
      if (delay === undefined) return false;
      logger.warn(
        `${error.method} failed (${(error.failure as Error).message}); retry ${attempt} in ${delay} ms (looking for it in Slack first).`,
      );
      metrics.slackRetry(error.method);
      await policy.sleep(delay);
      return true;
    },
  };
}

import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import pRetry, { AbortError } from 'p-retry';
import { fetchWithTimeout } from './transport.js';

/** Slack answered, and refused the token (`invalid_auth`, `token_revoked`, ...): waiting will not help. */
export class SlackTokenRefusedError extends Error {
  constructor(readonly slackError: string) {
    super(`Slack did not accept SLACK_BOT_TOKEN (${slackError}).`);
    this.name = 'SlackTokenRefusedError';
  }
}

/** No answer from Slack (network, DNS, timeout, 5xx) for the whole time allowed at start. */
export class SlackUnreachableError extends Error {
  constructor(apiUrl: string, reason: string, seconds: number, attempts: number) {
    super(
      `Slack cannot be reached at ${apiUrl} (${reason}); tried ${attempts} time${attempts === 1 ? '' : 's'} over ${seconds} s.`,
    );
    this.name = 'SlackUnreachableError';
  }
}

export interface BotIdentity {
  botId: string;
  botUserId: string;
}

export interface ConnectOptions {
  botToken: string;
  /** Web API base URL, ending in `/`. */
  apiUrl: string;
  /** How long to keep trying while Slack does not answer (REAUTH_SLACK_CONNECT_TIMEOUT_S). */
  giveUpAfterS: number;
  /** Where each retry is announced. */
  logger: { warn(message: string): void };
  /** How long one call may take. */
  callTimeoutMs?: number;
}

/**
 * Checks the bot token with `auth.test` before the bot takes requests. A network failure is retried
 * with growing, jittered waits (two replicas starting together do not retry in step) until
 * `giveUpAfterS` has passed; a refusal from Slack is final at once. The answer names the bot, so Bolt
 * need not call `auth.test` again.
 */
export async function connectToSlack(options: ConnectOptions): Promise<BotIdentity> {
  const callTimeoutMs = options.callTimeoutMs ?? 10_000;
  const client = new WebClient(options.botToken, {
    slackApiUrl: options.apiUrl,
    // The retries are this function's, so each one is announced and the total time is bounded.
    retryConfig: { retries: 0 },
    fetch: fetchWithTimeout(callTimeoutMs),
    timeout: callTimeoutMs,
    logLevel: LogLevel.ERROR,
  });
  const started = performance.now();
  const elapsedS = () => (performance.now() - started) / 1000;
  let attempts = 0;
  try {
    return await pRetry(
      async () => {
        attempts += 1;
        try {
          const answer = await client.auth.test();
          return { botId: answer.bot_id ?? '', botUserId: answer.user_id ?? '' };
        } catch (error) {
          if (isPlatformError(error)) throw new AbortError(new SlackTokenRefusedError(error.data.error));
          throw error;
        }
      },
      {
        retries: Number.POSITIVE_INFINITY,
        maxRetryTime: options.giveUpAfterS * 1000,
        minTimeout: 1000,
        factor: 2,
        maxTimeout: 15_000,
        randomize: true,
        onFailedAttempt: ({ error, attemptNumber }) => {
          const left = Math.round(options.giveUpAfterS - elapsedS());
          if (left <= 0) return;
          options.logger.warn(
            `Slack cannot be reached at ${options.apiUrl} (${reasonOf(error)}), attempt ${attemptNumber}: ` +
              `trying again for up to ${left} more s (REAUTH_SLACK_CONNECT_TIMEOUT_S=${options.giveUpAfterS}).`,
          );
        },
      },
    );
  } catch (error) {
    if (error instanceof SlackTokenRefusedError) throw error;
    throw new SlackUnreachableError(options.apiUrl, reasonOf(error), Math.round(elapsedS()), attempts);
  }
}

function isPlatformError(error: unknown): error is { data: { error: string } } {
  return (error as { code?: unknown }).code === ErrorCode.PlatformError;
}

/** What went wrong, without anything the call carried (the token is in the request body, never here). */
function reasonOf(error: unknown): string {
  const e = error as {
    code?: string;
    statusCode?: number;
    original?: Error & { cause?: Error & { code?: string } };
  };
  if (e.code === ErrorCode.HTTPError && e.statusCode) return `HTTP ${e.statusCode}`;
  if (e.code === ErrorCode.RequestError && e.original) {
    if (e.original.name === 'TimeoutError') return 'no answer in time';
    return e.original.cause?.code ?? e.original.cause?.message ?? e.original.message;
  }
  return (error as Error).message;
}

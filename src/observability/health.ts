import type { ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import type { AppMetrics } from './metrics.js';

export interface ReadinessChecks {
  /** Undefined when the store can take writes, else why not. */
  store(): string | undefined;
  /** Resolves when Slack accepts the bot token (auth.test), rejects otherwise. */
  slack(): Promise<unknown>;
}

export interface ReadinessReport {
  ready: boolean;
  store: string;
  slack: string;
}

/** How long an answer from Slack's auth.test stands before /readyz asks again. */
const SLACK_OK_MS = 30_000;
const SLACK_FAILED_MS = 5_000;

/**
 * Ready means the store is open and writable and Slack accepts the token. The Slack check is
 * remembered for a while, so a probe every few seconds does not become a stream of auth.test calls.
 */
export class Readiness {
  private slackAnswer: { at: number; problem: string | undefined } | undefined;
  private asking: Promise<string | undefined> | undefined;

  constructor(
    private readonly checks: ReadinessChecks,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async report(): Promise<ReadinessReport> {
    const storeProblem = this.checks.store();
    const slackProblem = await this.slackProblem();
    return {
      ready: !storeProblem && !slackProblem,
      store: storeProblem ?? 'ok',
      slack: slackProblem ?? 'ok',
    };
  }

  private async slackProblem(): Promise<string | undefined> {
    const last = this.slackAnswer;
    const now = this.nowMs();
    if (last && now - last.at < (last.problem ? SLACK_FAILED_MS : SLACK_OK_MS)) return last.problem;
    this.asking ??= this.checks
      .slack()
      .then(
        () => undefined,
        (error: unknown) => `auth.test failed: ${(error as Error).message ?? String(error)}`,
      )
      .then((problem) => {
        this.slackAnswer = { at: this.nowMs(), problem };
        this.asking = undefined;
        return problem;
      });
    return this.asking;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * `/healthz` (the process answers), `/readyz` (503 while the store or Slack is unavailable) and
 * `/metrics` (Prometheus text): on the HTTP receiver's port, or on METRICS_PORT in Socket Mode.
 */
export function healthRoutes(metrics: AppMetrics, readiness: Readiness, logger: Logger): CustomRoute[] {
  return [
    { path: '/healthz', method: ['GET'], handler: (_req, res) => json(res, 200, { ok: true }) },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        void readiness.report().then((report) => {
          if (!report.ready) logger.warn(`Not ready: store ${report.store}; Slack ${report.slack}`);
          json(res, report.ready ? 200 : 503, report);
        });
      },
    },
    {
      path: '/metrics',
      method: ['GET'],
      handler: (_req, res) => {
        metrics.text().then(
          (text) => {
            res.writeHead(200, { 'content-type': metrics.contentType });
            res.end(text);
          },
          (error: unknown) => {
            logger.error('Could not collect the metrics:', error);
            json(res, 500, { ok: false });
          },
        );
      },
    },
  ];
}

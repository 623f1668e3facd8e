import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** What the services report as it happens; `noMetrics` where nothing is measured (the CLI tools). */
export interface ServiceMetrics {
  /** A Slack call is tried again (after a 429, a 5xx or no answer). */
  slackRetry(method: string): void;
  /** A post whose answer was lost: Slack may or may not have posted it. */
  uncertainPost(method: string): void;
  digestMessagePosted(target: 'channel' | 'dm'): void;
}

export const noMetrics: ServiceMetrics = {
  slackRetry() {},
  uncertainPost() {},
  digestMessagePosted() {},
};

/** Where the gauges read from when scraped. */
export interface GaugeSources {
  pendingUnits(): Promise<number>;
  openRollbacks(): Promise<number>;
}

let processRegistry: Registry | undefined;

/**
 * Node's own metrics (event-loop lag, heap, CPU, GC) once per process: they describe the process,
 * not one app, and each collector keeps a timer of its own running.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'reauth_' });
  }
  return processRegistry;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** The app's Prometheus metrics, served at `/metrics`; one registry per app, so tests can start many. */
export class AppMetrics implements ServiceMetrics {
  readonly registry = new Registry();
  private readonly registers = [this.registry];

  readonly requests = new Counter({
    name: 'reauth_requests_total',
    help: 'Slack requests handled, by surface (command, action, view, event, ...) and outcome (ok, error).',
    labelNames: ['surface', 'outcome'] as const,
    registers: this.registers,
  });
  readonly ackSeconds = new Histogram({
    name: 'reauth_ack_seconds',
    help: 'Time from a Slack request reaching the app to its acknowledgement (Slack allows 3 s).',
    labelNames: ['surface'] as const,
    buckets: LATENCY_BUCKETS,
    registers: this.registers,
  });
  readonly answerSeconds = new Histogram({
    name: 'reauth_answer_seconds',
    help: 'Time from a Slack request reaching the app until its listener finished, the answer sent.',
    labelNames: ['surface'] as const,
    buckets: LATENCY_BUCKETS,
    registers: this.registers,
  });
  readonly slackCalls = new Counter({
    name: 'reauth_slack_api_calls_total',
    help:
      'HTTP calls to Slack (Web API methods, and response_url), each attempt counted, by outcome: ok, error ' +
      '(Slack refused), rate_limited (429), server_error (5xx), http_error, timeout, network_error.',
    labelNames: ['method', 'outcome'] as const,
    registers: this.registers,
  });
  readonly slackRetries = new Counter({
    name: 'reauth_slack_api_retries_total',
    help: 'Slack calls tried again after a 429, a 5xx or no answer, by method.',
    labelNames: ['method'] as const,
    registers: this.registers,
  });
  readonly uncertainPosts = new Counter({
    name: 'reauth_slack_uncertain_posts_total',
    help: 'Posts whose answer was lost (Slack may have posted them): each is looked for before posting again.',
    labelNames: ['method'] as const,
    registers: this.registers,
  });
  readonly digestMessages = new Counter({
    name: 'reauth_digest_messages_posted_total',
    help: 'Digest messages Slack accepted, to the digest channel or as a DM to an account manager.',
    labelNames: ['target'] as const,
    registers: this.registers,
  });
  readonly storeWriteSeconds = new Histogram({
    name: 'reauth_store_write_seconds',
    help: 'Time a store write took until durable (or refused), by operation.',
    labelNames: ['operation', 'outcome'] as const,
    buckets: STORE_BUCKETS,
    registers: this.registers,
  });

  constructor() {
    processMetrics();
  }

  /** Gauges read when scraped; a read that fails leaves the last value. */
  watch(sources: GaugeSources): void {
    const gauge = (name: string, help: string, read: () => Promise<number>) =>
      new Gauge({
        name,
        help,
        registers: this.registers,
        async collect() {
          try {
            this.set(await read());
          } catch {
            // Readiness reports the store; the scrape still gives every other metric.
          }
        },
      });
    gauge(
      'reauth_pending_units',
      'Reauthorization units (Seller ID and region) with a channel still on MWS.',
      sources.pendingUnits,
    );
    gauge('reauth_open_rollbacks', 'Rollback requests waiting for a decision.', sources.openRollbacks);
  }

  slackRetry(method: string): void {
    this.slackRetries.inc({ method });
  }
  uncertainPost(method: string): void {
    this.uncertainPosts.inc({ method });
  }
  digestMessagePosted(target: 'channel' | 'dm'): void {
    this.digestMessages.inc({ target });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition: this app's metrics, then the process's. */
  async text(): Promise<string> {
    return `${await this.registry.metrics()}\n${await processMetrics().metrics()}`;
  }
}

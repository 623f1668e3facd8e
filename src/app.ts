import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type AppOptions, HTTPReceiver, type Receiver } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import { type RetryOptions, WebClient } from '@slack/web-api';
import * as home from '../handlers/home.js';
import * as reauthCommand from '../handlers/reauth/index.js';
import * as rollbackHandlers from '../handlers/rollback/index.js';
import * as statusActions from '../handlers/statusActions.js';
import * as wrongAccount from '../handlers/wrongAccount.js';
import type { Leadership } from '../store/leadership.js';
import type { ReplayStore } from '../store/replayStore.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';
import type { Config, SlackConfig } from './config.js';
import { CONNECTOR_PATH, connectorRequestListener, startConnectorServer } from './connectorHttp.js';
import { healthRoutes, Readiness } from './observability/health.js';
import { createLogger } from './observability/logging.js';
import { AppMetrics } from './observability/metrics.js';
import { instrumentRequests } from './observability/requests.js';
import { countRetries, observedFetch } from './observability/slackCalls.js';
import { measureStore } from './observability/storeMetrics.js';
import { createServices, type Services } from './services/index.js';
import { ReplayGuard as SignedReplayGuard } from './signedRequests.js';
import { fetchForSlack, fetchWithTimeout, type ReplayGuard, refuseReplays } from './transport.js';

export interface AppDeps {
  config: Config & { slack: SlackConfig };
  store: Store;
  clock: Clock;
  /** The app's log; by default pino on standard output at `config.logLevel` (src/observability/logging.ts). */
  logger?: Logger;
  /**
   * Known bot identity: skips the `auth.test` call Bolt would otherwise make in its constructor
   * (tests, and any host that already checked the token).
   */
  botIdentity?: { botId: string; botUserId: string };
  /** Delivers requests in place of HTTP or Socket Mode: the local shell's receiver. */
  receiver?: Receiver;
  /** How long any call to Slack may take before it is abandoned (default 10 s). */
  slackTimeoutMs?: number;
  /** Who runs the expiry sweep when several instances share a database (default: this one). */
  leadership?: Leadership;
  /** Signed requests served by any instance on the same database, refused as replays here too. */
  replayStore?: ReplayStore;
  /** How often the Bolt client retries a failed Slack call: twice, or never when `botIdentity` is given. */
  slackRetries?: number;
}

/** Builds the Bolt app and registers every Slack surface; starting and stopping are the caller's. */
export interface CreatedApp {
  app: App;
  services: Services;
  /** What /metrics serves. */
  metrics: AppMetrics;
  /** What /readyz answers. */
  readiness: Readiness;
  /** Stops the app and the timers it runs (the rollback expiry sweep): call this, not `app.stop()`. */
  stop(): Promise<void>;
  /**
   * Where the connector API is answered: 'http' on the app's own server, 'own-server' when
   * `startConnector()` must open CONNECTOR_PORT (Socket Mode), or undefined when it is disabled.
   */
  connector?: 'http' | 'own-server';
  /** Opens the connector's own server (Socket Mode); resolves with its port. `stop()` closes it. */
  startConnector(): Promise<number | undefined>;
  /** The signed requests remembered against replays (HTTP only), for tests to see its size. */
  replayGuard: ReplayGuard | undefined;
}

export function createApp(deps: AppDeps): CreatedApp {
  const { config } = deps;
  const timeoutMs = deps.slackTimeoutMs ?? 10_000;
  const logger =
    deps.logger ??
    createLogger({
      level: config.logLevel ?? 'info',
      secrets: [
        config.slack.botToken,
        config.slack.signingSecret,
        config.slack.appToken,
        config.connector?.secret,
      ],
    });
  const metrics = new AppMetrics();
  const measured = measureStore(deps.store, metrics);
  // Also used by respond(): a response_url that never answers must not hold the listener.
  // A 429 fails that one call (after a short wait of its own, see fetchForSlack) instead of pausing the
  // client's queue, which would hold every other call, views.open included.
  // Every attempt is counted, the ones fetchForSlack sends again after a 429 included.
  const observed = observedFetch(fetchWithTimeout(timeoutMs), config.slackApiUrl, metrics);
  const slackFetch = fetchForSlack(timeoutMs, {
    ...(config.slackApiUrl ? { apiUrl: config.slackApiUrl } : {}),
    fetch: observed,
    onWait: (method) => metrics.slackRetry(method),
  });
  const retryConfig = {
    retries: deps.slackRetries ?? (deps.botIdentity ? 0 : 2),
    // p-retry's own option, which the Web API client hands it as it is.
    onFailedAttempt: countRetries(metrics),
  } as RetryOptions;
  const options: AppOptions = {
    token: config.slack.botToken,
    clientOptions: {
      slackApiUrl: config.slackApiUrl,
      retryConfig,
      rejectRateLimitedCalls: true,
      fetch: slackFetch,
      timeout: timeoutMs,
    },
    // The level too, or Bolt sets the logger to its own default (info).
    logger,
    logLevel: logger.getLevel(),
    // No listener reads context.conversation, and Bolt's default store looks every event up and
    // builds an Error (with its stack) for each one it does not find.
    convoStore: false,
  };
  if (deps.botIdentity) {
    options.botId = deps.botIdentity.botId;
    options.botUserId = deps.botIdentity.botUserId;
  } else {
    options.deferInitialization = true;
  }
  // Its own client, never retrying: a probe wants Slack's answer now, not after backing off.
  const probe = new WebClient(config.slack.botToken, {
    slackApiUrl: config.slackApiUrl,
    logger,
    retryConfig: { retries: 0 },
    fetch: observed,
    timeout: Math.min(timeoutMs, 5_000),
  });
  const readiness = new Readiness({
    store: () => (deps.store.isOpen() ? measured.writeFailure() : 'closed'),
    slack: () => probe.auth.test(),
  });
  const routes = healthRoutes(metrics, readiness, logger);
  let httpReceiver: HTTPReceiver | undefined;
  // Built once the services exist (they need the app's logger); the route looks it up per request.
  let connectorListener: ReturnType<typeof connectorRequestListener> | undefined;
  if (deps.receiver) {
    options.receiver = deps.receiver;
  } else if (config.slack.appToken) {
    options.socketMode = true;
    options.appToken = config.slack.appToken;
    // Bolt's Socket Mode receiver serves custom routes on a port of their own.
    options.customRoutes = routes;
    options.installerOptions = { port: config.metricsPort ?? 3000 };
  } else {
    httpReceiver = new HTTPReceiver({
      signingSecret: config.slack.signingSecret,
      port: config.port,
      logger,
      logLevel: logger.getLevel(),
      customRoutes: [
        ...routes,
        ...(config.connector
          ? [
              {
                path: CONNECTOR_PATH,
                method: ['POST'],
                handler: (req: IncomingMessage, res: ServerResponse) => connectorListener?.(req, res),
              },
            ]
          : []),
      ],
    });
    options.receiver = httpReceiver;
  }
  const app = new App(options);
  instrumentRequests(app, metrics, logger);
  const replayGuard = httpReceiver
    ? refuseReplays(httpReceiver, {
        signingSecret: config.slack.signingSecret,
        logger: app.logger,
        ...(deps.replayStore ? { shared: deps.replayStore } : {}),
      })
    : undefined;
  // The digest's own Web API client gives up after the same time as every other Slack call.
  const services = createServices(config, measured.store, deps.clock, app.logger, {
    slackTimeoutMs: timeoutMs,
    // Without fetchForSlack's waits: the posters wait out a 429 themselves, and log it.
    slackFetch: observed,
    metrics,
  });
  app.logger.info(services.agents.describe());
  reauthCommand.register(app, services);
  statusActions.register(app, services);
  home.register(app, services);
  rollbackHandlers.register(app, services);
  wrongAccount.register(app, services);
  const expirySweep = rollbackHandlers.startExpirySweep(
    app,
    services,
    config.rollbacks?.sweepIntervalMs ?? rollbackHandlers.DEFAULT_SWEEP_INTERVAL_MS,
    deps.leadership,
  );
  app.error(async (error) => {
    services.logger.error('Unhandled error in a Slack listener:', error);
  });
  if (services.connector && config.connector) {
    connectorListener = connectorRequestListener({
      secret: config.connector.secret,
      service: services.connector,
      guard: new SignedReplayGuard(() => deps.clock.now().getTime()),
      logger: services.logger,
    });
  }
  let connectorServer: Server | undefined;
  const connector = config.connector ? (httpReceiver ? 'http' : 'own-server') : undefined;
  const startConnector = async () => {
    if (connector !== 'own-server' || !connectorListener || !config.connector) return undefined;
    connectorServer = await startConnectorServer(connectorListener, config.connector.port);
    return (connectorServer.address() as AddressInfo).port;
  };
  const stop = async () => {
    expirySweep.stop();
    if (connectorServer) {
      const closing = connectorServer;
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    }
    await app.stop();
  };
  return {
    app,
    services,
    metrics,
    readiness,
    stop,
    replayGuard,
    ...(connector ? { connector } : {}),
    startConnector,
  };
}

import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type AppOptions, HTTPReceiver, LogLevel, type Receiver } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import * as home from '../handlers/home.js';
import * as reauthCommand from '../handlers/reauth/index.js';
import * as rollbackHandlers from '../handlers/rollback/index.js';
import * as statusActions from '../handlers/statusActions.js';
import * as wrongAccount from '../handlers/wrongAccount.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';
import type { Config, SlackConfig } from './config.js';
import { CONNECTOR_PATH, connectorRequestListener, startConnectorServer } from './connectorHttp.js';
import { createServices, type Services } from './services/index.js';
import { SignedReplayGuard } from './signedRequests.js';
import { fetchWithTimeout, refuseReplays } from './transport.js';

export interface AppDeps {
  config: Config & { slack: SlackConfig };
  store: Store;
  clock: Clock;
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
  /** How often the Bolt client retries a failed Slack call: twice, or never when `botIdentity` is given. */
  slackRetries?: number;
}

/** Builds the Bolt app and registers every Slack surface; starting and stopping are the caller's. */
export interface CreatedApp {
  app: App;
  services: Services;
  /** Stops the app and the timers it runs (the rollback expiry sweep): call this, not `app.stop()`. */
  stop(): Promise<void>;
  /**
   * Where the connector API is answered: 'http' on the app's own server, 'own-server' when
   * `startConnector()` must open CONNECTOR_PORT (Socket Mode), or undefined when it is disabled.
   */
  connector?: 'http' | 'own-server';
  /** Opens the connector's own server (Socket Mode); resolves with its port. `stop()` closes it. */
  startConnector(): Promise<number | undefined>;
}

export function createApp(deps: AppDeps): CreatedApp {
  const { config } = deps;
  const timeoutMs = deps.slackTimeoutMs ?? 10_000;
  const options: AppOptions = {
    token: config.slack.botToken,
    clientOptions: {
      slackApiUrl: config.slackApiUrl,
      retryConfig: { retries: deps.slackRetries ?? (deps.botIdentity ? 0 : 2) },
      // Also used by respond(): a response_url that never answers must not hold the listener.
      fetch: fetchWithTimeout(timeoutMs),
      timeout: timeoutMs,
    },
    ...(deps.logger ? { logger: deps.logger } : { logLevel: LogLevel.INFO }),
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
  let httpReceiver: HTTPReceiver | undefined;
  // Built once the services exist (they need the app's logger); the route looks it up per request.
  let connectorListener: ReturnType<typeof connectorRequestListener> | undefined;
  if (deps.receiver) {
    options.receiver = deps.receiver;
  } else if (config.slack.appToken) {
    options.socketMode = true;
    options.appToken = config.slack.appToken;
  } else {
    httpReceiver = new HTTPReceiver({
      signingSecret: config.slack.signingSecret,
      port: config.port,
      ...(deps.logger ? { logger: deps.logger } : { logLevel: LogLevel.INFO }),
      customRoutes: [
        {
          path: '/healthz',
          method: ['GET'],
          handler: (_req, res) => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end('{"ok":true}');
          },
        },
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
  if (httpReceiver) {
    refuseReplays(httpReceiver, { signingSecret: config.slack.signingSecret, logger: app.logger });
  }
  // The digest's own Web API client gives up after the same time as every other Slack call.
  const services = createServices(config, deps.store, deps.clock, app.logger, { slackTimeoutMs: timeoutMs });
  reauthCommand.register(app, services);
  statusActions.register(app, services);
  home.register(app, services);
  rollbackHandlers.register(app, services);
  wrongAccount.register(app, services);
  const expirySweep = rollbackHandlers.startExpirySweep(
    app,
    services,
    config.rollbacks?.sweepIntervalMs ?? rollbackHandlers.DEFAULT_SWEEP_INTERVAL_MS,
  );
  app.error(async (error) => {
    services.logger.error('Unhandled error in a Slack listener:', error);
  });
  if (services.connector && config.connector) {
    connectorListener = connectorRequestListener({
      secret: config.connector.secret,
      service: services.connector,
      guard: new SignedReplayGuard(),
      clock: deps.clock,
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
  return { app, services, stop, ...(connector ? { connector } : {}), startConnector };
}

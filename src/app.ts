import { App, type AppOptions, HTTPReceiver, LogLevel, type Receiver } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import * as home from '../handlers/home.js';
import * as reauthCommand from '../handlers/reauth/index.js';
import * as rollbackHandlers from '../handlers/rollback/index.js';
import * as statusActions from '../handlers/statusActions.js';
import type { Leadership } from '../store/leadership.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';
import type { Config, SlackConfig } from './config.js';
import { createServices, type Services } from './services/index.js';
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
  /** Who runs the expiry sweep when several instances share a database (default: this one). */
  leadership?: Leadership;
  /** How often the Bolt client retries a failed Slack call: twice, or never when `botIdentity` is given. */
  slackRetries?: number;
}

/** Builds the Bolt app and registers every Slack surface; starting and stopping are the caller's. */
export interface CreatedApp {
  app: App;
  services: Services;
  /** Stops the app and the timers it runs (the rollback expiry sweep): call this, not `app.stop()`. */
  stop(): Promise<void>;
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
  const expirySweep = rollbackHandlers.startExpirySweep(
    app,
    services,
    config.rollbacks?.sweepIntervalMs ?? rollbackHandlers.DEFAULT_SWEEP_INTERVAL_MS,
    deps.leadership,
  );
  app.error(async (error) => {
    services.logger.error('Unhandled error in a Slack listener:', error);
  });
  const stop = async () => {
    expirySweep.stop();
    await app.stop();
  };
  return { app, services, stop };
}

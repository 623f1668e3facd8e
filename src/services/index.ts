import type { Logger } from '@slack/logger';
import type { Store } from '../../store/store.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { connectorChecker } from '../connectorContract.js';
import { noMetrics, type ServiceMetrics } from '../observability/metrics.js';
import { AccountService } from './accountService.js';
import { AgentPolicy } from './agentPolicy.js';
import { type AlertPoster, ConnectorService } from './connectorService.js';
import { DigestService } from './digestService.js';
import { ExportService } from './exportService.js';
import { HistoryService } from './historyService.js';
import { HomeService } from './homeService.js';
import { ImportService } from './importService.js';
import type { PendingDecisions } from './pendingDecisions.js';
import { RollbackPoster } from './rollbackPoster.js';
import { RollbackService } from './rollbackService.js';
import type { SlackPoster } from './slackPoster.js';
import { DEFAULT_RETRY, digestWebClient, webApiPoster } from './webApiPoster.js';

/** Everything handlers may call; built once at start and handed to each `register(app, services)`. */
export interface Services {
  config: Config;
  clock: Clock;
  logger: Logger;
  store: Store;
  accounts: AccountService;
  digests: DigestService;
  home: HomeService;
  /** Rollbacks waiting for an approver's decision; the rollback feature plugs in here. */
  pendingDecisions: PendingDecisions;
  imports: ImportService;
  exports: ExportService;
  rollbacks: RollbackService;
  history: HistoryService;
  /** Who may record reauthorizations, ask for rollbacks and tick checklist items (REAUTH_AGENTS). */
  agents: AgentPolicy;
  /**
   * Posts a rollback's messages exactly once, on a Web API client that never retries by itself;
   * undefined without a bot token (the publisher then falls back to the listener's client).
   */
  rollbackPoster?: RollbackPoster;
  /** Applies connector batches; undefined unless the connector API is enabled (REAUTH_CONNECTOR_SECRET). */
  connector?: ConnectorService;
}

export interface ServiceOptions {
  /** How digests reach Slack; by default the Web API with the bot token, when there is one. */
  poster?: SlackPoster;
  /** How long the default poster waits for Slack before giving up on a call (and retrying it). */
  slackTimeoutMs?: number;
  /** fetch for the default posters' Web API clients (the app's, which counts every call). */
  slackFetch?: typeof fetch;
  /** Where retries, uncertain posts and posted digest messages are counted. */
  metrics?: ServiceMetrics;
}

export function createServices(
  config: Config,
  store: Store,
  clock: Clock,
  logger: Logger,
  options: ServiceOptions = {},
): Services {
  const metrics = options.metrics ?? noMetrics;
  const clientOptions = {
    ...(options.slackTimeoutMs ? { timeoutMs: options.slackTimeoutMs } : {}),
    ...(options.slackFetch ? { fetch: options.slackFetch } : {}),
  };
  const poster =
    options.poster ??
    (config.slack?.botToken
      ? webApiPoster(
          digestWebClient(config.slack.botToken, config.slackApiUrl, logger, clientOptions),
          logger,
          DEFAULT_RETRY,
          metrics,
        )
      : undefined);
  const rollbackPoster = config.slack?.botToken
    ? new RollbackPoster(
        digestWebClient(config.slack.botToken, config.slackApiUrl, logger, clientOptions),
        logger,
        { metrics },
      )
    : undefined;
  const groupClient =
    config.agents && config.agents.groups.length > 0 && config.slack?.botToken
      ? digestWebClient(config.slack.botToken, config.slackApiUrl, logger, clientOptions)
      : undefined;
  const agents = new AgentPolicy(
    config.agents,
    config.approvers,
    clock,
    logger,
    groupClient &&
      (async (usergroup) => (await groupClient.usergroups.users.list({ usergroup })).users ?? []),
  );
  const accounts = new AccountService(store, clock, config);
  const services: Services = {
    config,
    clock,
    logger,
    store,
    accounts,
    digests: new DigestService(
      store,
      clock,
      logger,
      { ...config.digest, timeZone: config.timeZone, deadline: config.deadline },
      poster,
      metrics,
    ),
    // Looked up at each call, so the rollback feature (or a test) can plug its provider in afterwards.
    home: new HomeService(
      store,
      clock,
      { deadline: config.deadline, timeZone: config.timeZone, approvers: config.approvers },
      (approverId) => services.pendingDecisions(approverId),
    ),
    imports: new ImportService(store, clock),
    exports: new ExportService(store),
    rollbacks: new RollbackService(store, clock, accounts, {
      timeZone: config.timeZone,
      approvers: config.approvers,
      ...(config.rollbacks ? { ttlHours: config.rollbacks.ttlHours } : {}),
    }),
    history: new HistoryService(store, accounts),
    agents,
    pendingDecisions: (approverId) => services.rollbacks.pendingDecisions(approverId),
    ...(rollbackPoster ? { rollbackPoster } : {}),
    ...(config.connector ? { connector: connectorService(config, store, clock, logger, options) } : {}),
  };
  return services;
}

function connectorService(
  config: Config,
  store: Store,
  clock: Clock,
  logger: Logger,
  options: ServiceOptions,
): ConnectorService {
  let post: AlertPoster | undefined;
  if (config.slack?.botToken) {
    const client = digestWebClient(config.slack.botToken, config.slackApiUrl, logger, {
      ...(options.slackTimeoutMs ? { timeoutMs: options.slackTimeoutMs } : {}),
    });
    post = async (channel, message) => {
      await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
    };
  }
  const channel = config.rollbacks?.channel;
  return new ConnectorService(
    store,
    clock,
    logger,
    connectorChecker(),
    post ? { post, ...(channel ? { channel } : {}) } : undefined,
  );
}

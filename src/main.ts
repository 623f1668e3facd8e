import type { Server } from 'node:http';
import { StoreLockedError } from '../store/fileLock.js';
import { leadershipFor, openStore, replayStoreFor, storeLabel } from '../store/openStore.js';
import { StoreCloseError, StoreFileError } from '../store/storeFileError.js';
import { createApp } from './app.js';
import { systemClock } from './clock.js';
import { type Config, ConfigError, DEFAULT_SLACK_CONNECT_TIMEOUT_S, loadConfig } from './config.js';
import { unknownVariables } from './configVariables.js';
import { loadDotEnv } from './dotenv.js';
import { createLogger } from './observability/logging.js';
import { DigestScheduler } from './services/digestScheduler.js';
import { runShell } from './shell/shell.js';
import { connectToSlack, SlackTokenRefusedError, SlackUnreachableError } from './slackConnection.js';

const HOW_TO_CONNECT =
  'To connect to Slack, set SLACK_BOT_TOKEN with SLACK_APP_TOKEN (or SLACK_SIGNING_SECRET) in the ' +
  'environment or in .env: see the README, "Set up the Slack app".';
const NO_CREDENTIALS = `No Slack credentials found, so this is the local shell. ${HOW_TO_CONNECT}`;
// Under a supervisor (systemd, Docker, Kubernetes) there is no terminal: a shell reading an empty
// standard input would end at once with a clean exit, and a bot with a mistyped variable would look
// as if it had been stopped on purpose.
const NO_CREDENTIALS_UNATTENDED =
  `No Slack credentials found (SLACK_BOT_TOKEN is not set). ${HOW_TO_CONNECT} ` +
  'Without a terminal the local shell opens only when asked: npm start -- --shell.';

const USAGE = 'Usage: npm start [-- --shell [--demo]]';

/** Exit codes after SIGINT or SIGTERM (1 is "cannot start"); docs/operating.md lists them. */
const EXIT_STOPPED = 0;
/** Stopped, but something could not be finished (logged): e.g. the journal was not folded into the store file. */
const EXIT_STOPPED_WITH_PROBLEMS = 3;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  loadDotEnv();
  const config = loadConfig(process.env);
  if (!config.slack && !args.shell && !process.stdin.isTTY)
    throw new StartupError(NO_CREDENTIALS_UNATTENDED + notRead(process.env));
  if (args.shell || !config.slack) {
    if (!config.slack && !args.shell) console.error(NO_CREDENTIALS + notRead(process.env));
    await shell(config, args.demo);
    return;
  }
  if (args.demo)
    throw new StartupError(`--demo is for the local shell: npm start -- --shell --demo. ${USAGE}`);
  const slackConfig = config as Config & { slack: NonNullable<Config['slack']> };
  const store = await openStore(config, { purpose: 'the bot (npm start)' });
  // One logger from the first line: the retries while Slack cannot be reached are logged like the rest.
  const logger = createLogger({
    level: config.logLevel ?? 'info',
    secrets: [config.slack.botToken, config.slack.signingSecret, config.slack.appToken],
  });
  // On PostgreSQL, one instance of several runs the digest schedule and the expiry sweep.
  const leadership = leadershipFor(store, logger);
  let botIdentity: Awaited<ReturnType<typeof connectToSlack>>;
  try {
    botIdentity = await connectToSlack({
      botToken: config.slack.botToken,
      apiUrl: config.slackApiUrl,
      giveUpAfterS: config.slackConnectTimeoutS ?? DEFAULT_SLACK_CONNECT_TIMEOUT_S,
      logger,
    });
  } catch (error) {
    await store.close();
    if (error instanceof SlackTokenRefusedError)
      throw new StartupError(`${error.message} Check the token, and SLACK_API_URL if set.`);
    if (error instanceof SlackUnreachableError)
      throw new StartupError(
        `${error.message} Check the network, a proxy or firewall, and SLACK_API_URL if set; ` +
          'REAUTH_SLACK_CONNECT_TIMEOUT_S sets how long to keep trying.',
      );
    throw error;
  }
  const created = createApp({
    config: slackConfig,
    store,
    clock: systemClock,
    logger,
    botIdentity,
    // Given the identity, createApp would make the client never retry: the bot's own calls still do.
    slackRetries: 2,
    leadership,
    replayStore: replayStoreFor(store),
  });
  const { app, services, stop: stopApp } = created;
  const server: unknown = await app.start();
  const connectorPort = await created.startConnector();
  const connectorNote =
    created.connector === 'http'
      ? ', /connector/v1/events'
      : created.connector === 'own-server'
        ? `; connector API on port ${connectorPort} (/connector/v1/events)`
        : '';
  const mode = config.slack.appToken
    ? `Socket Mode, /healthz, /readyz and /metrics on port ${config.metricsPort ?? 3000}${connectorNote}`
    : `HTTP on port ${boundPort(server) ?? config.port} (/slack/events, /healthz, /readyz, /metrics${connectorNote})`;
  services.logger.info(`reauth-bot is running: ${mode}, store ${storeLabel(config)}`);
  const digestScheduler = new DigestScheduler(
    services.digests,
    systemClock,
    services.logger,
    undefined,
    leadership,
  );
  digestScheduler.start();

  let stopping = false;
  // Never rejects: whatever fails while stopping is logged, the store is closed (which lets go of
  // its lock) and the exit code says it.
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    services.logger.info(`${signal} received: stopping`);
    let code = EXIT_STOPPED;
    try {
      await digestScheduler.stop();
      await stopApp();
      await leadership.release();
    } catch (error) {
      services.logger.error('Stopping the app failed:', error);
      code = EXIT_STOPPED_WITH_PROBLEMS;
    }
    try {
      await store.close();
    } catch (error) {
      services.logger.error(error instanceof StoreCloseError ? error.message : error);
      code = EXIT_STOPPED_WITH_PROBLEMS;
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

class StartupError extends Error {}

/** Names the set variables nothing reads: a mistyped SLACK_BOT_TOKEN looks like none at all. */
function notRead(env: NodeJS.ProcessEnv): string {
  const unknown = unknownVariables(env);
  return unknown.length > 0 ? ` Set but not read (mistyped?): ${unknown.join(', ')}.` : '';
}

function parseArgs(args: readonly string[]): { shell: boolean; demo: boolean } {
  const unknown = args.filter((a) => a !== '--shell' && a !== '--demo');
  if (unknown.length > 0) throw new StartupError(`Unknown option ${unknown.join(' ')}. ${USAGE}`);
  return { shell: args.includes('--shell'), demo: args.includes('--demo') };
}

/**
 * The local shell on this terminal (or on a file given as standard input), over the real store:
 * it takes the store's lock, so it refuses to run beside the bot.
 */
async function shell(config: Config, demo: boolean): Promise<void> {
  const store = await openStore(config, { purpose: 'the local shell (npm start -- --shell)' });
  try {
    await runShell({
      config,
      store,
      clock: systemClock,
      input: process.stdin,
      output: process.stdout,
      errorOutput: process.stderr,
      interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
      color: Boolean(process.stdout.isTTY),
      demo,
      storeLabel: storeLabel(config),
    });
  } finally {
    await store.close().catch((error: unknown) => {
      if (!(error instanceof StoreCloseError)) throw error;
      console.error(error.message);
      process.exit(EXIT_STOPPED_WITH_PROBLEMS);
    });
  }
  process.exit(EXIT_STOPPED);
}

function boundPort(server: unknown): number | undefined {
  // Bolt's receivers return their http.Server (HTTP mode) or nothing useful (Socket Mode).
  if (server && typeof (server as Server).address === 'function') {
    const address = (server as Server).address();
    if (address && typeof address === 'object') return address.port;
  }
  return undefined;
}

main().catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof StoreFileError ||
    error instanceof StoreLockedError ||
    error instanceof StartupError
  ) {
    console.error(`reauth-bot cannot start. ${error.message}`);
  } else {
    console.error('reauth-bot cannot start:', error);
  }
  process.exit(1);
});

import type { Server } from 'node:http';
import { StoreLockedError } from '../store/fileLock.js';
import { leadershipFor, openStore, storeLabel } from '../store/openStore.js';
import { StoreFileError } from '../store/storeFileError.js';
import { createApp } from './app.js';
import { systemClock } from './clock.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { loadDotEnv } from './dotenv.js';
import { DigestScheduler } from './services/digestScheduler.js';
import { runShell } from './shell/shell.js';

const NO_CREDENTIALS =
  'No Slack credentials found, so this is the local shell. To connect to Slack, set SLACK_BOT_TOKEN with ' +
  'SLACK_APP_TOKEN (or SLACK_SIGNING_SECRET) in .env: see the README, "Set up the Slack app".';

const USAGE = 'Usage: npm start [-- --shell [--demo]]';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  loadDotEnv();
  const config = loadConfig(process.env);
  if (args.shell || !config.slack) {
    if (!config.slack && !args.shell) console.error(NO_CREDENTIALS);
    await shell(config, args.demo);
    return;
  }
  if (args.demo)
    throw new StartupError(`--demo is for the local shell: npm start -- --shell --demo. ${USAGE}`);
  const slackConfig = config as Config & { slack: NonNullable<Config['slack']> };
  const store = await openStore(config, { purpose: 'the bot (npm start)' });
  const leadership = leadershipFor(store);
  const {
    app,
    services,
    stop: stopApp,
  } = createApp({ config: slackConfig, store, clock: systemClock, leadership });
  try {
    await app.init();
  } catch (error) {
    await store.close();
    throw new StartupError(
      `Slack did not accept SLACK_BOT_TOKEN (${(error as Error).message}). Check the token, and SLACK_API_URL if set.`,
    );
  }
  const server: unknown = await app.start();
  const mode = config.slack.appToken
    ? 'Socket Mode'
    : `HTTP on port ${boundPort(server) ?? config.port} (/slack/events, /healthz)`;
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
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    services.logger.info(`${signal} received: stopping`);
    try {
      await digestScheduler.stop();
      await stopApp();
      await leadership.release();
    } finally {
      await store.close();
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

class StartupError extends Error {}

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
    await store.close();
  }
  process.exit(0);
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

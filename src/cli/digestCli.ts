import { userInfo } from 'node:os';
import { type Logger, LogLevel } from '@slack/web-api';
import { StoreLockedError } from '../../store/fileLock.js';
import { openStore } from '../../store/openStore.js';
import { StoreFileError } from '../../store/storeFileError.js';
import type { Clock } from '../clock.js';
import { ConfigError, loadConfig } from '../config.js';
import { createServices } from '../services/index.js';
import { digestPostOutcomeText } from '../views/digestCommand.js';
import { digestText } from '../views/digestText.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const USAGE = 'Usage: reauth digest [--dry-run]   (or: npm run digest -- [--dry-run])';
const ABOUT = `${USAGE}
Posts the digest to REAUTH_DIGEST_CHANNEL now, as an extra slot (the schedule is unchanged); needs
SLACK_BOT_TOKEN and the store's lock, so it refuses while the bot runs.
  --dry-run   print the digest as text instead; posts nothing, changes nothing, works while the bot runs
`;

/**
 * `npm run digest`: posts the digest now as an extra slot (it needs the store's lock, so it refuses
 * while the bot runs); `--dry-run` prints it as text and touches nothing: no lock, no write, no Slack.
 * Returns the exit code.
 */
export async function runDigestCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
  clock: Clock,
): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(ABOUT);
    return 0;
  }
  const unknown = args.filter((a) => a !== '--dry-run');
  if (unknown.length > 0) {
    io.err(`Unknown argument${unknown.length > 1 ? 's' : ''}: ${unknown.join(' ')}\n${USAGE}\n`);
    return 2;
  }
  const dryRun = args.includes('--dry-run');
  try {
    const config = loadConfig(env, { receivesEvents: false });
    const logger = stderrLogger(io);
    if (dryRun) {
      const store = await openStore(config, { readOnly: true });
      try {
        const services = createServices(config, store, clock, logger, { poster: refusingPoster });
        const { digest, parts } = await services.digests.current();
        io.out(
          digestText(digest, {
            parts: parts.length,
            ...(config.digest.channel ? { channel: config.digest.channel } : {}),
          }),
        );
      } finally {
        await store.close();
      }
      return 0;
    }

    const missing: string[] = [];
    if (!config.slack?.botToken) missing.push('SLACK_BOT_TOKEN (the Bot User OAuth Token, xoxb-...)');
    if (!config.digest.channel)
      missing.push('REAUTH_DIGEST_CHANNEL (the ID of the channel to post to, C...)');
    if (missing.length > 0) {
      io.err(
        `npm run digest posts to Slack, so it needs ${missing.join(' and ')}. Set ${missing.length > 1 ? 'them' : 'it'} ` +
          'in the environment or in .env. To see the digest without posting: npm run digest -- --dry-run\n',
      );
      return 1;
    }
    const store = await openStore(config, { purpose: 'npm run digest', now: clock.now() });
    try {
      const services = createServices(config, store, clock, logger);
      const outcome = await services.digests.postExtra(`cli:${safeUserName()}`);
      (outcome.kind === 'posted' ? io.out : io.err)(`${digestPostOutcomeText(outcome, config.timeZone)}\n`);
      return outcome.kind === 'posted' ? 0 : 1;
    } finally {
      await store.close();
    }
  } catch (error) {
    if (error instanceof StoreLockedError) {
      io.err(
        `npm run digest did not post: ${error.message}\nThe running bot posts on schedule; an approver can post now with /reauth digest post.\n`,
      );
      return 1;
    }
    if (error instanceof ConfigError || error instanceof StoreFileError) {
      io.err(`npm run digest cannot run. ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

const refusingPoster = {
  post: () => Promise.reject(new Error('a dry run never posts')),
  openDm: () => Promise.reject(new Error('a dry run never posts')),
  findPosted: () => Promise.reject(new Error('a dry run never posts')),
  waitBeforeRetry: () => Promise.resolve(false),
};

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Progress and problems on standard error, so standard output holds only the answer. */
function stderrLogger(io: CliIo): Logger {
  let level = LogLevel.INFO;
  const write = (name: string, args: unknown[]) =>
    io.err(`${name} ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}\n`);
  return {
    debug: () => undefined,
    info: (...args: unknown[]) => write('info', args),
    warn: (...args: unknown[]) => write('warn', args),
    error: (...args: unknown[]) => write('error', args),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

import { type Config, ConfigError, loadConfig } from '../config.js';
import { loadDotEnv } from '../dotenv.js';

/** Where a command writes; process streams in real use, strings in tests. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  /** `isTTY` as on process.stderr: progress is drawn only on a terminal. */
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

export const EXIT_OK = 0;
/** The command ran and could not do what was asked: bad data, a locked store, bad configuration. */
export const EXIT_FAILED = 1;
/** The command line itself was wrong. */
export const EXIT_USAGE = 2;

export type CliCommand = (args: string[], env: NodeJS.ProcessEnv, io: CliIo) => Promise<number>;

/** Settings only the bot needs; a command line tool must not fail because one of them is off. */
const BOT_ONLY = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL', 'PORT'];

/** The configuration a command line tool needs (store, deadline), or the problems, already written to stderr. */
export function cliConfig(env: NodeJS.ProcessEnv, io: CliIo, command: string): Config | undefined {
  const relevant = Object.fromEntries(Object.entries(env).filter(([name]) => !BOT_ONLY.includes(name)));
  try {
    return loadConfig(relevant);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${command}: ${error.message}\nSet them in the environment or in .env.\n`);
    return undefined;
  }
}

/** Runs a command as the process: `.env` read first, exit code set (not forced, so output flushes). */
export async function runAsMain(command: CliCommand): Promise<void> {
  try {
    loadDotEnv();
    process.exitCode = await command(process.argv.slice(2), process.env, {
      stdout: process.stdout,
      stderr: process.stderr,
    });
  } catch (error) {
    console.error(error);
    process.exitCode = EXIT_FAILED;
  }
}

/** `--help` or `-h` anywhere: prints the usage to standard output and says so, and the command exits 0. */
export function helpAsked(args: readonly string[], io: CliIo, usage: string): boolean {
  if (!args.includes('--help') && !args.includes('-h')) return false;
  io.stdout.write(usage);
  return true;
}

import { type Clock, systemClock } from '../clock.js';
import { levenshtein } from '../domain/text.js';
import { type CliIo, EXIT_OK, EXIT_USAGE } from './cli.js';
import { connectorCommand } from './connectorCommand.js';
import { runDigestCli } from './digestCli.js';
import type { DoctorOptions } from './doctorChecks.js';
import { doctorCommand } from './doctorCommand.js';
import { exportCommand } from './exportCommand.js';
import { historyCommand } from './historyCommand.js';
import { importCommand } from './importCommand.js';
import { renewalsCommand } from './renewalsCommand.js';
import { statusCommand } from './statusCommand.js';
import { storeCommand } from './storeCommand.js';

export const REAUTH_USAGE = `reauth: the operator's command line for reauth-bot.

Usage: reauth <command> [arguments]

  import <file.csv>          load accounts and channels from a CSV: all rows or none (refused while the bot runs)
  export [--pending]         write accounts and channels to standard output as CSV in the import's format
  status <account> [--json]  where a customer stands, as /reauth status answers
  renewals [--days N] [--json]  SP-API authorizations due for renewal within N days (30), or expired
  digest [--dry-run]         post the digest now; --dry-run prints it and posts nothing
  history <account>          what happened to a customer, newest first, with who and when
  doctor                     check the configuration, the store file, its lock and the Slack token
  connector send <file.json> sign a file of connector events and send it to the running bot
  store copy --from X --to Y copy a whole store (file or postgres://...) into an empty one, and verify it
  help [command]             this text, or more about one command

Settings come from the environment and from .env in the current directory (REAUTH_DB, REAUTH_DEADLINE, ...).
Every command but import, digest (without --dry-run) and store copy only reads, so it works while the bot runs.
Exit status: 0 done, 1 could not do it (the reason is on standard error), 2 wrong command line.
`;

export interface ReauthOptions {
  clock?: Clock;
  doctor?: DoctorOptions;
}

type Subcommand = (
  args: string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
  options: ReauthOptions,
) => Promise<number>;

const SUBCOMMANDS: Record<string, Subcommand> = {
  import: (args, env, io, o) => importCommand(args, env, io, o.clock ? { clock: o.clock } : {}),
  export: (args, env, io) => exportCommand(args, env, io),
  status: (args, env, io, o) => statusCommand(args, env, io, o.clock ? { clock: o.clock } : {}),
  digest: (args, env, io, o) =>
    runDigestCli(
      args,
      env,
      { out: (t) => io.stdout.write(t), err: (t) => io.stderr.write(t) },
      o.clock ?? systemClock,
    ),
  renewals: (args, env, io, o) => renewalsCommand(args, env, io, o.clock ?? systemClock),
  history: (args, env, io, o) => historyCommand(args, env, io, o.clock ? { clock: o.clock } : {}),
  doctor: (args, env, io, o) => doctorCommand(args, env, io, o.doctor ?? {}),
  connector: (args, env, io) => connectorCommand(args, env, io),
  store: (args, env, io) => storeCommand(args, env, io),
};

/** `reauth <command> …`: dispatches to the command; usage for help, nothing, or an unknown command. */
export async function reauthCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
  options: ReauthOptions = {},
): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const about = rest[0] !== undefined ? SUBCOMMANDS[rest[0]] : undefined;
    if (about) return about(['--help'], env, io, options);
    io.stdout.write(REAUTH_USAGE);
    return EXIT_OK;
  }
  const command = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!command) {
    const near = Object.keys(SUBCOMMANDS).find((c) => levenshtein(c, name.toLowerCase()) <= 2);
    io.stderr.write(
      `reauth: unknown command ${JSON.stringify(name)}${near ? `; did you mean ${near}?` : '.'}\n\n${REAUTH_USAGE}`,
    );
    return EXIT_USAGE;
  }
  return command(rest, env, io, options);
}

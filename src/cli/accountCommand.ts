import type { Store } from '../../store/store.js';
import { type Clock, systemClock } from '../clock.js';
import type { Config } from '../config.js';
import { AccountService, type Lookup } from '../services/accountService.js';
import { accountAmbiguous, accountNotFound } from '../views/lookup.js';
import { plainText } from '../views/plainText.js';
import { type CliIo, cliConfig, EXIT_FAILED, EXIT_OK, EXIT_USAGE, helpAsked } from './cli.js';
import { openStoreToRead } from './readOnlyStore.js';

/** A command about one customer that only reads, such as `reauth status <account>`. */
export interface AccountCommand<T> {
  name: string;
  usage: string;
  /** The options it takes, e.g. `--json`; any other word starting with `-` is a usage error. */
  flags?: readonly string[];
  find(query: string, accounts: AccountService, store: Store): Promise<Lookup<T>>;
  /** What it prints on standard output for the one account found. */
  answer(found: T, context: { config: Config; flags: ReadonlySet<string> }): string;
}

/**
 * Runs an account command: `--help`; the account from every other word (so names with spaces work
 * unquoted); the store opened without its lock, so it works while the bot runs; the account looked
 * up. Exit 0 answered, 1 no single account matched (said on stderr) or no store, 2 usage.
 */
export async function runAccountCommand<T>(
  command: AccountCommand<T>,
  args: string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
  clock: Clock = systemClock,
): Promise<number> {
  const { name, usage } = command;
  if (helpAsked(args, io, usage)) return EXIT_OK;
  const flags = new Set(args.filter((a) => command.flags?.includes(a)));
  const words = args.filter((a) => !flags.has(a));
  const option = words.find((a) => /^--?[a-z]/i.test(a));
  const query = words.join(' ').trim();
  if (option || !query) {
    const problem = option ? `unknown option ${option}` : 'which account? Give its id, name or Seller ID';
    io.stderr.write(`${name}: ${problem}.\n${usage}`);
    return EXIT_USAGE;
  }
  const config = cliConfig(env, io, name);
  if (!config) return EXIT_FAILED;
  const store = await openStoreToRead(config, io, name);
  if (!store) return EXIT_FAILED;
  try {
    const accounts = new AccountService(store, clock, config);
    const found = await command.find(query, accounts, store);
    if (found.kind !== 'found') {
      const answer =
        found.kind === 'none'
          ? accountNotFound(query, found.suggestions)
          : accountAmbiguous(query, found.accounts);
      io.stderr.write(`${plainText(answer)}\n`);
      return EXIT_FAILED;
    }
    io.stdout.write(command.answer(found.value, { config, flags }));
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

import { type Clock, systemClock } from '../clock.js';
import { AccountService } from '../services/accountService.js';
import { HistoryService } from '../services/historyService.js';
import { historyText } from '../views/historyText.js';
import { accountAmbiguous, accountNotFound } from '../views/lookup.js';
import { plainText } from '../views/plainText.js';
import { type CliIo, cliConfig, EXIT_FAILED, EXIT_OK, EXIT_USAGE, helpAsked } from './cli.js';
import { openStoreToRead } from './readOnlyStore.js';

const NAME = 'reauth history';
const USAGE = `Usage: reauth history <account>
Prints what happened to a customer, newest first, with who and when: imports, reauthorizations,
rollbacks requested, decided and expired, checklist items. The account is its id, its name (a
unique start is enough) or a Seller ID. Reads the store without locking it.
`;

/** `reauth history <account>`: exit 0 printed, 1 no single account matched or no store, 2 usage. */
export async function historyCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
  options: { clock?: Clock } = {},
): Promise<number> {
  if (helpAsked(args, io, USAGE)) return EXIT_OK;
  const option = args.find((a) => /^--?[a-z]/i.test(a));
  const query = args.join(' ').trim();
  if (option || !query) {
    const problem = option ? `unknown option ${option}` : 'which account? Give its id, name or Seller ID';
    io.stderr.write(`${NAME}: ${problem}.\n${USAGE}`);
    return EXIT_USAGE;
  }
  const config = cliConfig(env, io, NAME);
  if (!config) return EXIT_FAILED;
  const store = await openStoreToRead(config.storeFile, io, NAME);
  if (!store) return EXIT_FAILED;
  try {
    const accounts = new AccountService(store, options.clock ?? systemClock, {
      deadline: config.deadline,
      timeZone: config.timeZone,
    });
    const found = await new HistoryService(store, accounts).history(query);
    if (found.kind !== 'found') {
      const answer =
        found.kind === 'none'
          ? accountNotFound(query, found.suggestions)
          : accountAmbiguous(query, found.accounts);
      io.stderr.write(`${plainText(answer)}\n`);
      return EXIT_FAILED;
    }
    io.stdout.write(historyText(found.value, config.timeZone));
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

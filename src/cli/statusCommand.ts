import { type Clock, systemClock } from '../clock.js';
import { AccountService } from '../services/accountService.js';
import { accountAmbiguous, accountNotFound } from '../views/lookup.js';
import { plainText } from '../views/plainText.js';
import { statusJson, statusMessage } from '../views/status.js';
import { type CliIo, cliConfig, EXIT_FAILED, EXIT_OK, EXIT_USAGE, helpAsked } from './cli.js';
import { openStoreToRead } from './readOnlyStore.js';

const NAME = 'reauth status';
const USAGE = `Usage: reauth status <account> [--json]   (or: npm run status -- <account> [--json])
Shows where a customer stands: each Seller ID and region, its marketplaces with MWS or MWS/SP-API,
how many reauthorizations are still needed, and the deadline. The account is its id, its name (a
unique start is enough) or a Seller ID. --json prints the answer as JSON for scripts.
Reads the store without locking it, so it works while the bot runs.
`;

/** `npm run status -- <account> [--json]`: exit 0 found, 1 no single account matched, 2 usage. */
export async function statusCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
  options: { clock?: Clock } = {},
): Promise<number> {
  if (helpAsked(args, io, USAGE)) return EXIT_OK;
  const json = args.includes('--json');
  const words = args.filter((a) => a !== '--json');
  const option = words.find((a) => /^--?[a-z]/i.test(a));
  const query = words.join(' ').trim();
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
    const found = await accounts.picture(query);
    if (found.kind !== 'found') {
      const answer =
        found.kind === 'none'
          ? accountNotFound(query, found.suggestions)
          : accountAmbiguous(query, found.accounts);
      io.stderr.write(`${plainText(answer)}\n`);
      return EXIT_FAILED;
    }
    io.stdout.write(
      json
        ? `${JSON.stringify(statusJson(found.value), null, 2)}\n`
        : `${plainText(statusMessage(found.value, { shareButton: false }))}\n`,
    );
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

import type { Clock } from '../clock.js';
import { type AccountHistory, HistoryService } from '../services/historyService.js';
import { historyText } from '../views/historyText.js';
import { type AccountCommand, runAccountCommand } from './accountCommand.js';
import type { CliIo } from './cli.js';

const USAGE = `Usage: reauth history <account>
Prints what happened to a customer, newest first, with who and when: imports, reauthorizations,
rollbacks requested, decided and expired, checklist items. The account is its id, its name (a
unique start is enough) or a Seller ID. Reads the store without locking it.
`;

const HISTORY: AccountCommand<AccountHistory> = {
  name: 'reauth history',
  usage: USAGE,
  find: (query, accounts, store) => new HistoryService(store, accounts).history(query),
  answer: (history, { config }) => historyText(history, config.timeZone),
};

/** `reauth history <account>`: exit 0 printed, 1 no single account matched or no store, 2 usage. */
export function historyCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
  options: { clock?: Clock } = {},
): Promise<number> {
  return runAccountCommand(HISTORY, args, env, io, options.clock);
}

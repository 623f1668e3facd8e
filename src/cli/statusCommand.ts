import type { Clock } from '../clock.js';
import { withoutControls } from '../domain/text.js';
import type { AccountPicture } from '../services/accountService.js';
import { plainText } from '../views/plainText.js';
import { statusJson, statusMessage } from '../views/status.js';
import { type AccountCommand, runAccountCommand } from './accountCommand.js';
import type { CliIo } from './cli.js';

const USAGE = `Usage: reauth status <account> [--json]   (or: npm run status -- <account> [--json])
Shows where a customer stands: each Seller ID and region, its marketplaces with MWS or MWS/SP-API,
how many reauthorizations are still needed, and the deadline. The account is its id, its name (a
unique start is enough) or a Seller ID. --json prints the answer as JSON for scripts.
Reads the store without locking it, so it works while the bot runs.
`;

const STATUS: AccountCommand<AccountPicture> = {
  name: 'reauth status',
  usage: USAGE,
  flags: ['--json'],
  find: (query, accounts) => accounts.picture(query),
  answer: (picture, { flags }) =>
    flags.has('--json')
      ? // JSON escapes C0 controls itself; C1 and bidi characters become \u escapes, which read back the same.
        `${withoutControls(JSON.stringify(statusJson(picture), null, 2), { keep: '\n', escape: true })}\n`
      : `${plainText(statusMessage(picture, { shareButton: false }))}\n`,
};

/** `reauth status <account> [--json]`: exit 0 found, 1 no single account matched, 2 usage. */
export function statusCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
  options: { clock?: Clock } = {},
): Promise<number> {
  return runAccountCommand(STATUS, args, env, io, options.clock);
}

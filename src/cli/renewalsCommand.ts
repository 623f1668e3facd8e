import type { Clock } from '../clock.js';
import { renewalsJson } from '../domain/renewalList.js';
import { withoutControls } from '../domain/text.js';
import { AccountService } from '../services/accountService.js';
import { plainText } from '../views/plainText.js';
import { renewalsMessage } from '../views/renewals.js';
import { type CliIo, cliConfig, EXIT_FAILED, EXIT_OK, EXIT_USAGE, helpAsked } from './cli.js';
import { openStoreToRead } from './readOnlyStore.js';

const NAME = 'reauth renewals';
const USAGE = `Usage: reauth renewals [--days N] [--json]   (or: npm run reauth -- renewals --days N --json)
Lists the units on SP-API whose yearly renewal is due within N days (default 30), or has expired,
as /reauth renewals answers. Dates are YYYY-MM-DD in REAUTH_TIMEZONE; --json prints
[{"accountId","region","sellerId","authorizedAt","renewBy","daysLeft"}], daysLeft negative when expired.
Reads the store without locking it, so it works while the bot runs.
`;

/** `reauth renewals [--days N] [--json]`: exit 0 answered, 1 no usable store, 2 usage. */
export async function renewalsCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
  clock: Clock,
): Promise<number> {
  if (helpAsked(args, io, USAGE)) return EXIT_OK;
  let days = 30;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--json') json = true;
    else if (arg === '--days' && /^\d{1,4}$/.test(args[i + 1] ?? '')) days = Number(args[++i]);
    else {
      const problem =
        arg === '--days' ? '--days needs a whole number of days, such as 30' : `unknown argument ${arg}`;
      io.stderr.write(`${NAME}: ${problem}.\n${USAGE}`);
      return EXIT_USAGE;
    }
  }
  const config = cliConfig(env, io, NAME);
  if (!config) return EXIT_FAILED;
  const store = await openStoreToRead(config, io, NAME);
  if (!store) return EXIT_FAILED;
  try {
    const accounts = new AccountService(store, clock, config);
    const due = await accounts.renewals(days);
    io.stdout.write(
      json
        ? `${withoutControls(JSON.stringify(renewalsJson(due), null, 2), { keep: '\n', escape: true })}\n`
        : `${plainText(renewalsMessage(due, days, config.timeZone))}\n`,
    );
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

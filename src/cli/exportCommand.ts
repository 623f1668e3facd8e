import { stringify } from 'csv-stringify/sync';
import { plural } from '../domain/text.js';
import { ExportService } from '../services/exportService.js';
import { type CliIo, cliConfig, EXIT_FAILED, EXIT_OK, EXIT_USAGE, helpAsked } from './cli.js';
import { terminalProgress } from './progress.js';
import { openStoreToRead } from './readOnlyStore.js';

const NAME = 'reauth export';
const USAGE = `Usage: reauth export [--pending] > accounts.csv
Writes the customers' accounts and Amazon channels as CSV to standard output, in the import's format
(header included), so the file can be edited and loaded again with reauth import.
  --pending   only the reauthorization units still needing one, each with all of its channels
Reads the store without locking it, so it works while the bot runs.
`;

/** Rows per piece written: progress moves, and a huge store is never one string in memory. */
const CHUNK = 2_000;

/**
 * Values with a space at either end are quoted too: the import trims unquoted values, and a quoted
 * value keeps its spaces, so the export reads back exactly.
 */
const CSV_OPTIONS = { quoted_match: /^\s|\s$/ } as const;

/** `reauth export [--pending]`: exit 0 written, 1 no usable store, 2 usage. */
export async function exportCommand(args: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  if (helpAsked(args, io, USAGE)) return EXIT_OK;
  const unknown = args.filter((a) => a !== '--pending');
  if (unknown.length > 0) {
    io.stderr.write(`${NAME}: unknown argument ${unknown.join(' ')}.\n${USAGE}`);
    return EXIT_USAGE;
  }
  const pendingOnly = args.includes('--pending');
  const config = cliConfig(env, io, NAME);
  if (!config) return EXIT_FAILED;

  const progress = terminalProgress(io.stderr);
  progress.step('Reading the store');
  const store = await openStoreToRead(config, io, NAME);
  if (!store) {
    progress.end();
    return EXIT_FAILED;
  }
  let exported: Awaited<ReturnType<ExportService['accounts']>>;
  try {
    exported = await new ExportService(store).accounts({ pendingOnly });
  } finally {
    await store.close();
  }

  const { columns, records } = exported;
  io.stdout.write(stringify([columns], CSV_OPTIONS));
  for (let done = 0; done < records.length; done += CHUNK) {
    progress.count('Exporting channels', done, records.length);
    io.stdout.write(stringify(records.slice(done, done + CHUNK), CSV_OPTIONS));
  }
  progress.count('Exporting channels', records.length, records.length);
  progress.end();

  for (const account of exported.accountsWithoutChannels)
    io.stderr.write(
      `warning: account ${account.id} (${account.name}) has no channels, so it is not in the file: ` +
        'each CSV row is a channel.\n',
    );
  if (io.stderr.isTTY) {
    const accounts = new Set(records.map((r) => r[0])).size;
    io.stderr.write(
      `Exported ${plural(records.length, 'channel')} of ${plural(accounts, 'account')}` +
        `${pendingOnly ? ' still needing reauthorization' : ''}.\n`,
    );
  }
  return EXIT_OK;
}

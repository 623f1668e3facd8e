import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { StoreLockedError } from '../../store/fileLock.js';
import { openStore } from '../../store/openStore.js';
import type { Store } from '../../store/store.js';
import { ImportRejectedError } from '../../store/store.js';
import { StoreFileError } from '../../store/storeFileError.js';
import { type Clock, systemClock } from '../clock.js';
import { formatProblem } from '../domain/csvImport.js';
import { plural } from '../domain/text.js';
import { ImportService, importSummaryLine } from '../services/importService.js';
import { type CliIo, cliConfig, EXIT_FAILED, EXIT_OK, EXIT_USAGE, helpAsked } from './cli.js';
import { terminalProgress } from './progress.js';

const NAME = 'reauth import';
const USAGE = `Usage: reauth import <file.csv>   (or: npm run import -- <file.csv>)
Loads customers' accounts and Amazon channels from a CSV file into the store (REAUTH_DB, default
./data/reauth.json): all rows or, if any row has a problem, none. See "Loading accounts (CSV import)" in
docs/operating.md for the columns.
`;

/** `reauth import <file.csv>` (or `npm run import`): exit 0 imported, 1 nothing imported (problems printed), 2 usage. */
export async function importCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
  options: { clock?: Clock } = {},
): Promise<number> {
  if (helpAsked(args, io, USAGE)) return EXIT_OK;
  const option = args.find((a) => a.startsWith('-') && a !== '-');
  if (option || args.length !== 1) {
    const problem = option
      ? `unknown option ${option}`
      : args.length === 0
        ? 'which file?'
        : 'give exactly one file';
    io.stderr.write(`${NAME}: ${problem}.\n${USAGE}`);
    return EXIT_USAGE;
  }
  const source = args[0] as string;
  const config = cliConfig(env, io, NAME);
  if (!config) return EXIT_FAILED;

  const text = await readCsv(resolve(env.INIT_CWD ?? process.cwd(), source), source, io);
  if (text === undefined) return EXIT_FAILED;

  let store: Store;
  try {
    store = await openStore(config, { purpose: 'the CSV import (reauth import)' });
  } catch (error) {
    if (error instanceof StoreLockedError || error instanceof StoreFileError) {
      io.stderr.write(`${NAME}: nothing was imported. ${error.message}\n`);
      return EXIT_FAILED;
    }
    throw error;
  }
  const progress = terminalProgress(io.stderr);
  try {
    const outcome = await new ImportService(store, options.clock ?? systemClock).importCsv(text, (p) => {
      if (p.stage === 'reading') progress.count('Reading rows', p.read, p.total);
      else progress.step(p.stage === 'checking' ? 'Checking against the store' : 'Writing the store');
    });
    progress.end();
    for (const w of outcome.warnings) io.stderr.write(`warning: ${formatProblem(w)}\n`);
    if (outcome.kind === 'rejected') {
      for (const p of outcome.problems) io.stderr.write(`${formatProblem(p)}\n`);
      io.stderr.write(
        `Nothing was imported: ${plural(outcome.problems.length, 'problem')} in ${source}. Fix ${outcome.problems.length === 1 ? 'it' : 'them'} and run the import again.\n`,
      );
      return EXIT_FAILED;
    }
    io.stdout.write(`${importSummaryLine(source, outcome.summary)}\n`);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof ImportRejectedError)) throw error;
    io.stderr.write(`${NAME}: ${error.message}\n`);
    return EXIT_FAILED;
  } finally {
    progress.end();
    await store.close();
  }
}

async function readCsv(path: string, source: string, io: CliIo): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'there is no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : (error as Error).message;
    io.stderr.write(`${NAME}: cannot read ${source}: ${why}. Nothing was imported.\n`);
    return undefined;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    io.stderr.write(
      `${NAME}: ${source} is not UTF-8 text. Save it as "CSV UTF-8" (in a spreadsheet) and import again. Nothing was imported.\n`,
    );
    return undefined;
  }
}

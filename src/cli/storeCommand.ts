import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { StoreLockedError } from '../../store/fileLock.js';
import { openStore, type StoreLocation, storeLabel } from '../../store/openStore.js';
import type { Store } from '../../store/store.js';
import {
  checksums,
  countsOf,
  describeCounts,
  isEmptyState,
  loadsState,
  readState,
  StoreNotEmptyError,
  TABLE_NAMES,
  TABLES,
} from '../../store/storeCopy.js';
import { StoreFileError } from '../../store/storeFileError.js';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, helpAsked } from './cli.js';

const NAME = 'reauth store copy';
const USAGE = `Usage: reauth store copy --from <file or postgres://...> --to <file or postgres://...>
Copies everything one store holds (accounts, channels, the audit trail, rollbacks and digest records)
into another, empty, store: from the JSON file to PostgreSQL, or back. Afterwards it reads the copy
again and compares each table's count and checksum with the source. The target must be empty; stop
the bot before copying, so nothing changes in the source meanwhile.
`;

/** `reauth store copy --from X --to Y`: exit 0 copied and verified, 1 refused or not equal, 2 usage. */
export async function storeCommand(args: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  if (helpAsked(args, io, USAGE)) return EXIT_OK;
  const [action, ...rest] = args;
  const options = new Map<string, string>();
  let problem = action === 'copy' ? undefined : `the only action is copy`;
  for (let i = 0; !problem && i < rest.length; i += 2) {
    const [flag, value] = [rest[i] as string, rest[i + 1]];
    if ((flag !== '--from' && flag !== '--to') || !value || value.startsWith('--'))
      problem = `expected --from <store> and --to <store>, found "${rest.slice(i).join(' ')}"`;
    else options.set(flag, value);
  }
  const from = options.get('--from');
  const to = options.get('--to');
  if (!problem && (!from || !to)) problem = 'give both --from and --to';
  if (!problem && from === to) problem = 'the source and the target are the same store';
  if (problem || !from || !to) {
    io.stderr.write(`${NAME}: ${problem}.\n${USAGE}`);
    return EXIT_USAGE;
  }
  const cwd = env.INIT_CWD ?? process.cwd();
  const source = location(from, cwd);
  const target = location(to, cwd);
  if (!source.databaseUrl && !existsSync(source.storeFile)) {
    io.stderr.write(`${NAME}: nothing was copied: the store ${source.storeFile} does not exist.\n`);
    return EXIT_FAILED;
  }

  const opened: Store[] = [];
  try {
    const reader = await openStore(source, { readOnly: true });
    opened.push(reader);
    const state = await readState(reader);
    const writer = await openStore(target, { purpose: NAME });
    opened.push(writer);
    const already = await readState(writer);
    if (!isEmptyState(already)) throw new StoreNotEmptyError(storeLabel(target), countsOf(already));
    if (!loadsState(writer)) throw new Error(`${storeLabel(target)} cannot be loaded`);
    await writer.loadState(state);
    await writer.close();
    opened.pop();

    const check = await openStore(target, { readOnly: true });
    opened.push(check);
    const copied = await readState(check);
    const [want, got] = [checksums(state), checksums(copied)];
    const [wantCounts, gotCounts] = [countsOf(state), countsOf(copied)];
    const lines = TABLES.map((t) => {
      const same = want[t] === got[t] && wantCounts[t] === gotCounts[t];
      return `  ${TABLE_NAMES[t].padEnd(16)} ${String(gotCounts[t]).padStart(7)}  sha256 ${got[t].slice(0, 16)}  ${same ? 'same as the source' : `DIFFERENT: the source has ${wantCounts[t]}, sha256 ${want[t].slice(0, 16)}`}`;
    });
    const equal = TABLES.every((t) => want[t] === got[t] && wantCounts[t] === gotCounts[t]);
    const out = equal ? io.stdout : io.stderr;
    out.write(
      `${equal ? 'Copied' : 'The copy differs from the source'}: ${storeLabel(source)} -> ${storeLabel(target)} ` +
        `(${describeCounts(gotCounts)})\n${lines.join('\n')}\n`,
    );
    return equal ? EXIT_OK : EXIT_FAILED;
  } catch (error) {
    if (
      error instanceof StoreNotEmptyError ||
      error instanceof StoreFileError ||
      error instanceof StoreLockedError
    ) {
      io.stderr.write(`${NAME}: nothing was copied. ${error.message}\n`);
      return EXIT_FAILED;
    }
    throw error;
  } finally {
    for (const store of opened) await store.close().catch(() => undefined);
  }
}

function location(text: string, cwd: string): StoreLocation {
  return /^postgres(ql)?:\/\//.test(text)
    ? { storeFile: '', databaseUrl: text }
    : { storeFile: resolve(cwd, text) };
}

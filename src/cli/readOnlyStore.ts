import { existsSync } from 'node:fs';
import type { LowStore } from '../../store/lowStore.js';
import { openFileStore } from '../../store/openStore.js';
import { StoreFileError } from '../../store/storeFileError.js';
import type { CliIo } from './cli.js';

/**
 * Opens the store for a command that only reads: no lock, so it works while the bot runs, and
 * nothing is created. A missing or unusable file is said on stderr; then undefined.
 */
export async function openStoreToRead(
  file: string,
  io: CliIo,
  command: string,
): Promise<LowStore | undefined> {
  if (!existsSync(file)) {
    io.stderr.write(
      `${command}: the store ${file} does not exist yet. Load accounts first: reauth import <file.csv>\n`,
    );
    return undefined;
  }
  try {
    return await openFileStore(file, { readOnly: true });
  } catch (error) {
    if (!(error instanceof StoreFileError)) throw error;
    io.stderr.write(`${command}: ${error.message}\n`);
    return undefined;
  }
}

import { existsSync } from 'node:fs';
import { openStore, type StoreLocation } from '../../store/openStore.js';
import type { Store } from '../../store/store.js';
import { StoreFileError } from '../../store/storeFileError.js';
import type { CliIo } from './cli.js';

/**
 * Opens the store for a command that only reads: no lock, so it works while the bot runs, and
 * nothing is created. A missing or unusable file is said on stderr; then undefined.
 */
export async function openStoreToRead(
  location: StoreLocation,
  io: CliIo,
  command: string,
): Promise<Store | undefined> {
  const file = location.storeFile;
  if (!location.databaseUrl && !existsSync(file)) {
    io.stderr.write(
      `${command}: the store ${file} does not exist yet. Load accounts first: reauth import <file.csv>\n`,
    );
    return undefined;
  }
  try {
    return await openStore(location, { readOnly: true });
  } catch (error) {
    if (!(error instanceof StoreFileError)) throw error;
    io.stderr.write(`${command}: ${error.message}\n`);
    return undefined;
  }
}

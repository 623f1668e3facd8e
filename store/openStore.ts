import { Low, Memory } from 'lowdb';
import { DurableJsonFile, StoreFileError } from './adapters/durableJsonFile.js';
import { acquireLock, type FileLock, StoreLockedError } from './fileLock.js';
import { LowStore } from './lowStore.js';
import { emptyState, SCHEMA_VERSION, type StoreState } from './store.js';

export const DEFAULT_STORE_FILE = './data/reauth.json';

/** A store that lives only in memory: for tests and throwaway runs. */
export function openMemoryStore(initial: StoreState = emptyState()): LowStore {
  const db = new Low<StoreState>(new Memory<StoreState>(), initial);
  return new LowStore(db);
}

export interface OpenFileOptions {
  /** Read-only opens take no lock and refuse every write; for status and export while the bot runs. */
  readOnly?: boolean;
  /** Who holds the lock, shown to a second process that is refused. */
  purpose?: string;
  now?: Date;
}

/**
 * Opens the JSON file store. A writer takes the lock first (a second writer is refused), then reads
 * the file; a corrupt file or one written by a newer version is refused untouched. A missing file
 * (and its directory) is created on the first write.
 */
export async function openFileStore(file: string, options: OpenFileOptions = {}): Promise<LowStore> {
  const lock = options.readOnly ? undefined : lockFor(file, options);
  try {
    const adapter = new DurableJsonFile<StoreState>(file);
    // Read through the adapter, not Low.read: Low ignores falsy documents, which would let a file
    // holding `0` or `false` pass for a missing one and be overwritten by the first write.
    const stored: unknown = await adapter.read();
    const state = stored === null ? emptyState() : withDefaults(checkShape(file, stored));
    const db = new Low<StoreState>(adapter, state);
    return new LowStore(db, { readOnly: options.readOnly ?? false, onClose: () => lock?.release() });
  } catch (error) {
    lock?.release();
    throw error;
  }
}

function lockFor(file: string, options: OpenFileOptions): FileLock {
  try {
    return acquireLock(file, options.purpose ?? 'reauth-bot', options.now ?? new Date());
  } catch (error) {
    if (error instanceof StoreLockedError) throw error;
    // The directory cannot be created or written: say so in the store's terms, not as a bare errno.
    throw new StoreFileError(file, `cannot create its lock file ${file}.lock (${(error as Error).message})`);
  }
}

const NOT_A_STORE = 'expected a JSON object with schemaVersion, accounts, channels and audit';

function checkShape(file: string, data: unknown): StoreState {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new StoreFileError(file, `${NOT_A_STORE}, found ${Array.isArray(data) ? 'a list' : typeof data}`);
  }
  const record = data as Record<string, unknown>;
  if (!('schemaVersion' in record)) {
    throw new StoreFileError(file, 'it has no schemaVersion, so it is not a reauth-bot store');
  }
  const version = record.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new StoreFileError(
      file,
      `schemaVersion must be a whole number from 1, found ${JSON.stringify(version)}`,
    );
  }
  if (version > SCHEMA_VERSION) {
    throw new StoreFileError(
      file,
      `it was written by a newer reauth-bot (schemaVersion ${version}; this version reads up to ${SCHEMA_VERSION}). Upgrade the bot.`,
    );
  }
  for (const key of ['accounts', 'channels', 'audit'] as const) {
    if (!Array.isArray(record[key])) throw new StoreFileError(file, `"${key}" is missing or not a list`);
  }
  return data as StoreState;
}

/**
 * Collections added after a file was written start empty, so adding a collection to StoreState
 * needs no migration; changing the meaning of an existing one does (bump SCHEMA_VERSION).
 */
function withDefaults(data: StoreState): StoreState {
  return { ...emptyState(), ...data };
}

import { statSync } from 'node:fs';
import { Low, Memory } from 'lowdb';
import { JournaledJsonFile } from './adapters/journaledJsonFile.js';
import { acquireLock, type FileLock, StoreLockedError } from './fileLock.js';
import { type Leadership, soleInstance } from './leadership.js';
import { LowStore } from './lowStore.js';
import { connectPostgres, safeLabel } from './postgres/database.js';
import { PostgresLeadership } from './postgres/leadership.js';
import { openPostgresStore, PostgresStore } from './postgres/postgresStore.js';
import { PostgresReplayStore } from './postgres/replayStore.js';
import type { ReplayStore } from './replayStore.js';
import { emptyState, SCHEMA_VERSION, type Store, type StoreState } from './store.js';
import { StoreFileError } from './storeFileError.js';

export const DEFAULT_STORE_FILE = './data/reauth.json';

/** A store that lives only in memory: for tests and throwaway runs. */
export function openMemoryStore(initial: StoreState = emptyState()): LowStore {
  const db = new Low<StoreState>(new Memory<StoreState>(), initial);
  return new LowStore(db);
}

/** Where the store is: a PostgreSQL database when its URL is set (REAUTH_DATABASE_URL), the file otherwise. */
export interface StoreLocation {
  storeFile: string;
  databaseUrl?: string;
}

/**
 * Opens the configured store, for every entry point: PostgreSQL (schema created or brought up to
 * date on first use; several processes may share it, so no lock) or the JSON file (locked for a
 * writer). Either refuses with a StoreFileError a store it cannot use.
 */
export async function openStore(location: StoreLocation, options: OpenFileOptions = {}): Promise<Store> {
  if (location.databaseUrl) {
    return openPostgresStore(connectPostgres(location.databaseUrl), { readOnly: options.readOnly ?? false });
  }
  return openFileStore(location.storeFile, options);
}

/** Who runs the one-at-a-time jobs: elected in the database for PostgreSQL; the file's one writer otherwise. */
export function leadershipFor(
  store: Store,
  log?: { info(message: string): void; warn(message: string): void },
): Leadership {
  return store instanceof PostgresStore ? new PostgresLeadership(store.db, log) : soleInstance;
}

/** Where instances share the signed requests they served: the database; none for the file's one process. */
export function replayStoreFor(store: Store): ReplayStore | undefined {
  return store instanceof PostgresStore ? new PostgresReplayStore(store.db) : undefined;
}

/** The store as named in messages and logs (a database URL without its password). */
export function storeLabel(location: StoreLocation): string {
  return location.databaseUrl ? safeLabel(location.databaseUrl) : location.storeFile;
}

export interface OpenFileOptions {
  /** Read-only opens take no lock and refuse every write; for status and export while the bot runs. */
  readOnly?: boolean;
  /** Who holds the lock, shown to a second process that is refused. */
  purpose?: string;
  now?: Date;
  /** Fold the journal into the file once it reaches this many bytes (tests and the benchmark force it). */
  compactJournalAtBytes?: number;
  /** A background compaction failed (nothing is lost: the journal still holds every write). */
  onBackgroundError?: (error: unknown) => void;
}

/**
 * Opens the JSON file store. A writer takes the lock first (a second writer is refused), then reads
 * the file and its journal (see JournaledJsonFile); a corrupt file or one written by a newer version
 * is refused untouched, and so is a file made read-only. A missing file (and its directory) is
 * created on the first write. Closing folds the journal into the file.
 */
export async function openFileStore(file: string, options: OpenFileOptions = {}): Promise<LowStore> {
  if (!options.readOnly) refuseReadOnlyFile(file);
  const lock = options.readOnly ? undefined : await lockFor(file, options);
  const adapter = new JournaledJsonFile<StoreState>(file, {
    readOnly: options.readOnly ?? false,
    // Checked before a writer touches any file (a torn journal tail is only cut from a usable store).
    check: (state) => checkShape(file, state),
    compactAtBytes: options.compactJournalAtBytes,
    onBackgroundError:
      options.onBackgroundError ??
      ((error) => console.error(`Folding the journal into ${file} failed; will retry:`, error)),
  });
  try {
    // Read through the adapter, not Low.read: Low ignores falsy documents, which would let a file
    // holding `0` or `false` pass for a missing one and be overwritten by the first write.
    const stored: unknown = await adapter.read();
    const state = stored === null ? emptyState() : withDefaults(checkShape(file, stored));
    const db = new Low<StoreState>(adapter, state);
    const onClose = async () => {
      try {
        await adapter.close();
      } finally {
        lock?.release();
      }
    };
    return new LowStore(db, { readOnly: options.readOnly ?? false, onClose });
  } catch (error) {
    await adapter.release();
    lock?.release();
    throw error;
  }
}

async function lockFor(file: string, options: OpenFileOptions): Promise<FileLock> {
  try {
    return await acquireLock(file, options.purpose ?? 'reauth-bot', options.now ?? new Date());
  } catch (error) {
    if (error instanceof StoreLockedError) throw error;
    // The directory cannot be created or written: say so in the store's terms, not as a bare errno.
    throw new StoreFileError(file, `cannot create its lock file ${file}.lock (${(error as Error).message})`);
  }
}

/**
 * A store file someone made read-only is not the bot's to replace (it would be, by rename, even so;
 * and root could write it anyway): say so instead.
 */
function refuseReadOnlyFile(file: string): void {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    return;
  }
  if ((mode & 0o222) === 0)
    throw new StoreFileError(
      file,
      'the file is read-only, and the bot needs to change it. Make it writable (chmod u+w) or set REAUTH_DB to another file',
    );
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

import { dirname } from 'node:path';

/**
 * The store could not be used: the file could not be read or parsed (it is left exactly as it was),
 * or, for PostgreSQL (PostgresStoreError), the database could not be reached or has a schema this
 * version must not touch. `file` names the store: the path, or the database URL without password.
 */
export class StoreFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`Cannot use the store file ${file}: ${reason}`);
    this.name = 'StoreFileError';
  }
}

/**
 * Closing could not fold the journal into the snapshot (e.g. the folder became unwritable). Nothing
 * acknowledged is lost: the journal holds every write, and the next open reads it.
 */
export class StoreCloseError extends Error {
  constructor(
    readonly file: string,
    readonly journal: string,
    readonly reason: string,
  ) {
    super(
      `The store could not fold its journal into ${file} (${reason}); nothing is lost: ${journal} holds every write, ` +
        `and the next start reads it. Make ${dirname(file)} writable for the bot before starting it again.`,
    );
    this.name = 'StoreCloseError';
  }
}

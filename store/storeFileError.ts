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

/** The store file could not be read or parsed; the file is left exactly as it was. */
export class StoreFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`Cannot use the store file ${file}: ${reason}`);
    this.name = 'StoreFileError';
  }
}

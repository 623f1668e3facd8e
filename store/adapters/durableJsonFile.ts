import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

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

/**
 * lowdb adapter for a JSON file that survives a crash at any moment: each write goes to a temp
 * file that is fsynced, renamed over the old one, and the directory fsynced, so the file on disk
 * is always either the old or the new complete document. (lowdb's own JSONFile skips the fsyncs.)
 */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(readonly file: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreFileError(this.file, (error as Error).message);
    }
    if (text.trim() === '')
      throw new StoreFileError(this.file, 'the file is empty (expected a JSON document)');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new StoreFileError(this.file, `not valid JSON: ${(error as Error).message}`);
    }
    // null is how an adapter says "no file yet"; a file that holds null is not that.
    if (parsed === null) throw new StoreFileError(this.file, 'the file holds null (expected a JSON object)');
    return parsed as T;
  }

  async write(data: T): Promise<void> {
    const dir = dirname(this.file);
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `.${basename(this.file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(JSON.stringify(data));
      await handle.sync();
    } catch (error) {
      await handle.close();
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await handle.close();
    try {
      await rename(temp, this.file);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await syncDirectory(dir);
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

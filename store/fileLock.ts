import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/** Another live process holds the store; nothing was changed. */
export class StoreLockedError extends Error {
  constructor(
    readonly file: string,
    readonly holder: string,
  ) {
    super(
      `The store ${file} is in use by ${holder}. Only one process may change it at a time: ` +
        'stop the bot (or wait for the other command to finish) and try again. Read-only commands such as status still work.',
    );
    this.name = 'StoreLockedError';
  }
}

export interface FileLock {
  readonly path: string;
  release(): void;
}

interface LockInfo {
  pid: number;
  host: string;
  since: string;
  purpose: string;
}

/**
 * An exclusive lock beside the store file (`<file>.lock`), created atomically. A lock left by a
 * process that no longer runs on this host is taken over, so a crash never needs manual cleanup.
 */
export function acquireLock(storeFile: string, purpose: string, now: Date): FileLock {
  const path = `${storeFile}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      const info: LockInfo = { pid: process.pid, host: hostname(), since: now.toISOString(), purpose };
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      return { path, release: () => releaseIfOurs(path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(path);
      if (holder && isAlive(holder)) {
        throw new StoreLockedError(
          storeFile,
          `${holder.purpose} (process ${holder.pid} since ${holder.since})`,
        );
      }
      unlinkSync(path);
    }
  }
  throw new StoreLockedError(storeFile, 'another process (the lock file changed while we looked)');
}

function readLock(path: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

function isAlive(info: LockInfo): boolean {
  if (info.host !== hostname()) return true;
  if (info.pid === process.pid) return true;
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOurs(path: string): void {
  const info = readLock(path);
  if (info && info.pid === process.pid && info.host === hostname()) {
    try {
      unlinkSync(path);
    } catch {
      // Already gone: nothing to release.
    }
  }
}

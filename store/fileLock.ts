import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

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

export interface LockInfo {
  pid: number;
  host: string;
  since: string;
  purpose: string;
}

/**
 * An exclusive lock beside the store file (`<file>.lock`). The lock file is written in full under a
 * temporary name and then hard-linked into place, which fails if a lock exists: so a lock file is
 * never seen half-written, and a half-written one is never mistaken for a stale lock. A lock left by
 * a process that no longer runs on this host is taken over, so a crash never needs manual cleanup.
 * The store's directory is created here when missing, since the lock lives in it.
 */
export function acquireLock(storeFile: string, purpose: string, now: Date): FileLock {
  const path = `${storeFile}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  const info: LockInfo = { pid: process.pid, host: hostname(), since: now.toISOString(), purpose };
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, JSON.stringify(info));
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        createExclusively(temp, path, info);
        return { path, release: () => releaseIfOurs(path) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = readLock(path);
        if (holder && isAlive(holder)) {
          throw new StoreLockedError(
            storeFile,
            `${holder.purpose} (process ${holder.pid} on ${holder.host} since ${holder.since})`,
          );
        }
        unlinkSync(path);
      }
    }
  } finally {
    unlinkSync(temp);
  }
  throw new StoreLockedError(storeFile, 'another process (the lock file changed while we looked)');
}

function createExclusively(temp: string, path: string, info: LockInfo): void {
  try {
    linkSync(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Some filesystems (FAT, some network shares) have no hard links: fall back to an exclusive create.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    writeFileSync(path, JSON.stringify(info), { flag: 'wx' });
  }
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

// --- inspection (reauth doctor) ---

/** What the lock beside a store file says, without touching it. */
export type LockStatus =
  | { state: 'free' }
  /** A process that runs (on this host), or one on another host, which cannot be checked from here. */
  | { state: 'held'; holder: LockInfo; otherHost: boolean }
  /** Left by a process that no longer runs, or unreadable: the next writer takes it over. */
  | { state: 'stale'; holder?: LockInfo };

export function inspectLock(storeFile: string): LockStatus {
  const path = `${storeFile}.lock`;
  try {
    readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'free' };
    throw error;
  }
  const holder = readLock(path);
  if (!holder || typeof holder.pid !== 'number') return { state: 'stale' };
  if (isAlive(holder)) return { state: 'held', holder, otherHost: holder.host !== hostname() };
  return { state: 'stale', holder };
}

import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

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
 * Linux keeps the lock itself: an abstract-namespace Unix socket named after the store file. Binding
 * it is atomic (of any number of processes racing, exactly one gets it) and the kernel lets go of it
 * when its holder exits however it exits (SIGKILL, out of memory, a container stopped), so a lock is
 * never stale and no process ID is ever guessed at: a restarted container whose bot is PID 1 again,
 * or a PID now used by another program, changes nothing. Abstract sockets are per network namespace:
 * processes in two containers with separate networks do not see each other's lock.
 * Elsewhere (macOS, Windows: development only) the lock file itself is the lock, created exclusively;
 * one left by a crash is named in the refusal and must be deleted by hand.
 */
const KERNEL_LOCK = process.platform === 'linux';

/**
 * Takes the store's lock or refuses with who holds it. `<file>.lock` names the holder, for that
 * message and for `reauth doctor` only: on Linux it decides nothing. It is written whole under a
 * temporary name and renamed into place, so it is never read half-written.
 * The store's directory is created here when missing, since the lock file lives in it.
 */
export async function acquireLock(storeFile: string, purpose: string, now: Date): Promise<FileLock> {
  const path = `${storeFile}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  const info: LockInfo = { pid: process.pid, host: hostname(), since: now.toISOString(), purpose };
  if (!KERNEL_LOCK) return exclusiveFileLock(storeFile, path, info);
  const server = await bindLockSocket(lockName(storeFile));
  if (!server) throw new StoreLockedError(storeFile, describeHolder(readLock(path)));
  try {
    writeLockFile(path, info);
  } catch (error) {
    server.close();
    throw error;
  }
  let released = false;
  return {
    path,
    release: () => {
      if (released) return;
      released = true;
      // The file goes first: once the socket is free, the next holder may already be writing its own.
      removeIfPresent(path);
      server.close();
    },
  };
}

/** The socket's name: one per store file, however the path to it is spelled. */
function lockName(storeFile: string): string {
  let real: string;
  try {
    real = realpathSync(storeFile);
  } catch {
    real = join(realpathSync(dirname(storeFile)), basename(storeFile));
  }
  return `\0reauth-lock-${createHash('sha256').update(real).digest('hex').slice(0, 40)}`;
}

/** The bound server (the lock is ours), or undefined when another process holds it. */
function bindLockSocket(name: string): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    // Nothing is ever said on the socket: `reauth doctor` connects only to see that it is held.
    const server = createServer((socket) => socket.destroy());
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(undefined);
      else reject(error);
    });
    server.listen(name, () => {
      // The lock must not keep a process alive that has nothing else left to do.
      server.unref();
      resolve(server);
    });
  });
}

function exclusiveFileLock(storeFile: string, path: string, info: LockInfo): FileLock {
  try {
    writeFileSync(path, JSON.stringify(info), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new StoreLockedError(
      storeFile,
      `${describeHolder(readLock(path))}; if that process no longer runs, delete ${path}`,
    );
  }
  return { path, release: () => removeIfPresent(path) };
}

function describeHolder(holder: LockInfo | undefined): string {
  if (!holder) return 'another process (its lock file is missing or unreadable)';
  return `${holder.purpose} (process ${holder.pid} on ${holder.host} since ${holder.since})`;
}

function writeLockFile(path: string, info: LockInfo): void {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, JSON.stringify(info));
  try {
    renameSync(temp, path);
  } catch (error) {
    removeIfPresent(temp);
    throw error;
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    return typeof info === 'object' && info !== null && typeof info.pid === 'number' ? info : undefined;
  } catch {
    return undefined;
  }
}

function removeIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to remove.
  }
}

// --- inspection (reauth doctor) ---

/** What the lock of a store file says, without taking it or changing anything. */
export type LockStatus =
  | { state: 'free' }
  /** A running process holds it; `holder` is what its lock file says (undefined when unreadable). */
  | { state: 'held'; holder?: LockInfo }
  /** Not held, but a lock file is left (by a process that crashed or was killed): ignored and replaced. */
  | { state: 'stale'; holder?: LockInfo }
  /** Not Linux: only the lock file tells, and whether its process still runs is not checked. */
  | { state: 'file-only'; holder?: LockInfo };

export async function inspectLock(storeFile: string): Promise<LockStatus> {
  const path = `${storeFile}.lock`;
  let present = true;
  try {
    readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    present = false;
  }
  const holder = present ? readLock(path) : undefined;
  if (!KERNEL_LOCK) return present ? { state: 'file-only', holder } : { state: 'free' };
  let name: string;
  try {
    name = lockName(storeFile);
  } catch {
    // No directory: nothing can hold a lock on a file there.
    return { state: 'free' };
  }
  if (await isHeld(name)) return { state: 'held', holder };
  return present ? { state: 'stale', holder } : { state: 'free' };
}

function isHeld(name: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(name);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

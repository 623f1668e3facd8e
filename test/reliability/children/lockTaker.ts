/**
 * A process that races for a store's lock on command: the lock race test's contender.
 *   node lockTaker.js <store file> <name>
 * Reads commands from stdin, one a line, and answers each on stdout:
 *   `take <epoch ms>`: waits (spinning, so no timer's lateness spoils the race) until that instant,
 *     then tries to take the lock: answers `won`, `refused` (another holds it) or `error <message>`.
 *   `release`: lets go of the lock if it holds it, answers `released`.
 * It exits when stdin closes (its parent went away), or after two minutes whatever happens.
 */
import { createInterface } from 'node:readline';
import { acquireLock, type FileLock, StoreLockedError } from '../../../store/fileLock.js';

const [file, name] = process.argv.slice(2);
if (!file || !name) throw new Error('usage: lockTaker.js <store file> <name>');
setTimeout(() => process.exit(2), 120_000).unref();

let held: FileLock | undefined;
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => void answer(line));
lines.on('close', () => process.exit(0));

async function answer(line: string): Promise<void> {
  const [command, argument] = line.split(' ');
  if (command === 'take') {
    const at = Number(argument);
    while (Date.now() < at) {
      // Spin: both contenders leave this loop within the same millisecond.
    }
    try {
      held = await acquireLock(file as string, name as string, new Date());
      process.stdout.write('won\n');
    } catch (error) {
      if (error instanceof StoreLockedError) process.stdout.write('refused\n');
      else process.stdout.write(`error ${(error as Error).message}\n`);
    }
  } else if (command === 'release') {
    held?.release();
    held = undefined;
    process.stdout.write('released\n');
  }
}

import { closeSync, fsync, openSync, readFileSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';

const fsyncAsync = promisify(fsync);

/**
 * `<file>.written`: how far the writer has written, kept beside the store so that a journal deleted,
 * cut short or swapped for another is noticed when the store is next opened instead of passing for a
 * store with fewer writes. The snapshot cannot say it: it is rewritten only now and then, while the
 * journal grows by every write.
 *
 * One fixed-length line, overwritten in place (one small positional write per change, without an
 * fsync: it is updated only after the journal line is on disk, so it never claims more than the
 * journal holds, even after a power cut). A generation switch is recorded before the snapshot is
 * renamed and fsynced, naming both the journal before and the one after, so a crash at any moment
 * leaves a record that agrees with whichever snapshot is in place.
 */
export interface JournalMark {
  /** The journal's generation; '' for a snapshot that needs no journal (a cleanly closed store). */
  journal: string;
  /** How many lines after its header the writer had written and seen acknowledged. */
  entries: number;
}

export interface WrittenRecord {
  current: JournalMark;
  previous?: JournalMark;
}

const RECORD_BYTES = 256;
const FORMAT = 1;

export function recordFile(storeFile: string): string {
  return `${storeFile}.written`;
}

/** The record, or undefined when there is none (a store written before it existed) or it is unreadable. */
export function readRecord(storeFile: string): WrittenRecord | undefined {
  try {
    const value = JSON.parse(readFileSync(recordFile(storeFile), 'utf8')) as {
      reauthBotWritten?: number;
    } & WrittenRecord;
    if (value.reauthBotWritten !== FORMAT || !isMark(value.current)) return undefined;
    return { current: value.current, ...(isMark(value.previous) ? { previous: value.previous } : {}) };
  } catch {
    return undefined;
  }
}

function isMark(value: unknown): value is JournalMark {
  const mark = value as JournalMark | undefined;
  return typeof mark?.journal === 'string' && Number.isInteger(mark.entries);
}

/** What contradicts the record, and whether the snapshot or its journal is the one at fault. */
export interface Contradiction {
  about: 'snapshot' | 'journal';
  problem: string;
}

/**
 * What contradicts the record, or undefined: the snapshot names `generation` (undefined: none),
 * whose journal holds `entries` lines (undefined: the file is missing).
 */
export function contradiction(
  record: WrittenRecord | undefined,
  generation: string | undefined,
  entries: number | undefined,
): Contradiction | undefined {
  if (!record) return undefined;
  const named = generation ?? '';
  const mark = [record.current, record.previous].find((m) => m?.journal === named);
  const wrote = record.current.journal ? `the journal ${record.current.journal}` : 'no journal';
  if (!mark)
    return {
      about: 'snapshot',
      problem: `it names ${generation ? `the journal ${generation}` : 'no journal'}, but the last writer wrote to ${wrote}, so writes it acknowledged would be lost`,
    };
  const held = entries ?? 0;
  if (!named || held >= mark.entries) return undefined;
  return {
    about: 'journal',
    problem: `${entries === undefined ? 'it is missing, so it ' : 'it '}holds ${held} ${held === 1 ? 'write' : 'writes'}, but ${mark.entries} were acknowledged`,
  };
}

/** The writer's side: keeps `<file>.written` up to date while it holds the lock. */
export class WrittenLog {
  private constructor(
    private readonly fd: number,
    private record: WrittenRecord,
  ) {}

  /** Creates or replaces the record, on disk (fsynced) before it returns. */
  static async start(storeFile: string, current: JournalMark): Promise<WrittenLog> {
    const log = new WrittenLog(openSync(recordFile(storeFile), 'w'), { current });
    log.put();
    await fsyncAsync(log.fd);
    return log;
  }

  /** After a journal line is on disk: the current journal now holds `entries` lines. */
  noteEntries(entries: number): void {
    this.record.current.entries = entries;
    this.put();
  }

  /** Before the snapshot naming `next` is renamed into place; the old journal stays acceptable. */
  async switchTo(next: JournalMark): Promise<void> {
    this.record = { current: next, previous: { ...this.record.current } };
    this.put();
    await fsyncAsync(this.fd);
  }

  /** Once the new snapshot is durably in place, the old journal is no longer an acceptable one. */
  forgetPrevious(): void {
    this.record = { current: this.record.current };
    this.put();
  }

  close(): void {
    closeSync(this.fd);
  }

  private put(): void {
    const line = JSON.stringify({ reauthBotWritten: FORMAT, ...this.record });
    const bytes = Buffer.from(`${line.padEnd(RECORD_BYTES - 1)}\n`);
    writeSync(this.fd, bytes, 0, bytes.length, 0);
  }
}

import { type FileHandle, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { StoreCloseError, StoreFileError } from '../storeFileError.js';
import {
  GENERATION_KEY,
  headerLine,
  type JournalRead,
  newGeneration,
  REQUIRED_KEY,
  readJournalFile,
  readSnapshotFile,
} from './journalFiles.js';
import { lossIn, refuseOrphanJournal } from './journalLoss.js';
import { readRecord, recordFile, WrittenLog } from './journalRecord.js';
import { replaceDurably, syncDirectory, writeTempSnapshot, writeTempText } from './snapshotFile.js';
import { applyOps, Shadow } from './stateDiff.js';

const READER_LOOKS = 20; // how often a read-only open looks before it calls a journal lost

/** A change touching more list elements than this is written as a new snapshot instead. */
const MAX_JOURNALED_ELEMENTS = 2_000;
const MAX_JOURNAL_LINE_BYTES = 1_000_000;
/**
 * Appends, and each write returns only once it is on disk (O_SYNC): one trip to the thread pool per
 * write instead of a write and then an fsync, and each trip waits its turn behind the requests.
 */
const JOURNAL_FLAGS = 'as';

type State = Record<string, unknown>;

export interface JournalOptions {
  /** Read the snapshot and journal, never write (no lock needed). */
  readOnly?: boolean;
  /** Fold the journal into a new snapshot once it is this many bytes; default a quarter of the snapshot, at least 256 KiB. */
  compactAtBytes?: number;
  /** Top-level lists that are only ever appended to (their entries are never edited). */
  appendOnly?: readonly string[];
  /** A background compaction failed; the journal still holds everything, and it is retried later. */
  onBackgroundError?: (error: unknown) => void;
  /** Throws if the state read is not usable; runs before a writer touches any file. */
  check?: (state: unknown) => void;
}

/**
 * lowdb adapter for a JSON snapshot plus an append-only journal beside it, so that one change costs
 * one small durable append instead of rewriting the whole file.
 *
 * - `<file>` is the snapshot: the whole state as one JSON document, plus `"$journal": "<generation>"`.
 * - `<file>.<generation>.journal` is a header line, then one line per write: `{"ops":[...]}`, each op
 *   setting absolute values (see stateDiff.ts). A write resolves after its line is on disk.
 * - What a write changed is found by comparing the state with a private copy of what is on disk
 *   (Shadow), so LowStore's contract is unchanged: change callbacks edit the live data as before.
 * - When the journal grows past a threshold it is folded into a new snapshot in the background: the
 *   persisted state is serialized with pauses for the event loop while writes keep appending; then
 *   the new journal (holding the lines appended meanwhile) is put in place, and finally the snapshot
 *   is renamed over the old one. That one rename switches generation, so a crash at any moment leaves
 *   either the old snapshot with its complete journal or the new snapshot with its own.
 * - A crash mid-append leaves a torn last line: it was never acknowledged, so it is ignored and (by
 *   the writer) cut off. A bad line followed by good ones is corruption: refused, file untouched.
 * - Closing folds the journal into the snapshot, so a cleanly stopped store is one plain JSON file.
 */
export class JournaledJsonFile<T extends object> implements Adapter<T> {
  private generation: string | undefined;
  private shadow: Shadow | undefined;
  private journal: FileHandle | undefined;
  private journalBytes = 0;
  /** Lines after the header in the open journal: what `<file>.written` records. */
  private journalEntries = 0;
  private written: WrittenLog | undefined;
  private headerBytes = 0;
  private snapshotBytes = 0;
  private lastLive: State | undefined;
  private exclusiveQueue: Promise<unknown> = Promise.resolve();
  private compaction: Promise<void> | undefined;
  /** Journal lines appended since the running compaction took its view; they go into the new journal. */
  private sinceView: string[] | undefined;
  private failedCompactions = 0;
  private readonly appendOnly: ReadonlySet<string>;

  constructor(
    readonly file: string,
    private readonly options: JournalOptions = {},
  ) {
    this.appendOnly = new Set(options.appendOnly ?? ['audit']);
  }

  journalFile(generation: string): string {
    return `${this.file}.${generation}.journal`;
  }

  async read(): Promise<T | null> {
    await this.settle();
    await this.journal?.close();
    this.journal = undefined;
    for (let attempt = 1; ; attempt++) {
      // The record first: it never claims more than the journal read after it holds.
      const record = readRecord(this.file);
      const snapshot = await readSnapshotFile(this.file);
      this.shadow = undefined;
      this.generation = undefined;
      this.lastLive = undefined;
      // A reader may look while the bot folds the journal in, and again on a busy machine: ~1.5 s of looks.
      const mayRetry = this.options.readOnly === true && attempt < READER_LOOKS;
      if (!snapshot) {
        await refuseOrphanJournal(this.file);
        return null;
      }
      const { state, generation } = snapshot;
      this.options.check?.(state);
      const journal = generation
        ? await readJournalFile(this.journalFile(generation), generation)
        : undefined;
      const loss = lossIn(this.file, snapshot, journal, record);
      if (loss && mayRetry) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(10 * attempt, 100)));
        continue;
      }
      if (loss) throw loss;
      if (!generation || !journal) return state as T;
      for (const [n, ops] of journal.lines) {
        try {
          applyOps(state, ops);
        } catch (error) {
          throw new StoreFileError(this.journalFile(generation), `line ${n}: ${(error as Error).message}`);
        }
      }
      this.options.check?.(state);
      this.generation = generation;
      this.snapshotBytes = snapshot.bytes;
      this.journalBytes = journal.validBytes;
      this.journalEntries = journal.lines.length;
      if (!this.options.readOnly) await this.openForWriting(state, generation, journal);
      return state as T;
    }
  }

  async write(data: T): Promise<void> {
    if (this.options.readOnly) throw new Error('This store was opened read-only');
    const live = data as State;
    this.lastLive = live;
    if (!this.generation || !this.shadow || !this.journal) return this.rewrite(live);
    const shadow = this.shadow;
    const ops = await shadow.diff(live, MAX_JOURNALED_ELEMENTS);
    if (!ops) return this.rewrite(live);
    if (ops.length === 0) return;
    const line = `${JSON.stringify({ ops })}\n`;
    if (line.length > MAX_JOURNAL_LINE_BYTES) return this.rewrite(live);
    await this.exclusive(async () => {
      await this.append(line);
      shadow.apply(ops);
      this.sinceView?.push(line);
      if (!this.compaction && this.journalBytes > this.compactThreshold()) this.startCompaction(live);
    });
  }

  /**
   * Waits for a running compaction, folds what the journal holds into a snapshot that names no
   * journal, and lets go of the files; the journal and the record are removed, so a cleanly stopped
   * store is one JSON file. A fold that fails (an unwritable folder) is a StoreCloseError: the
   * journal still holds every write.
   */
  async close(): Promise<void> {
    await this.settle();
    let folded = false;
    try {
      // Always folded, even with nothing new: the final snapshot names no journal, so none is needed.
      if (!this.options.readOnly && this.journal && this.lastLive) {
        const live = this.lastLive;
        const journal = this.journalFile(this.generation as string);
        // Wrapped, so the exclusive section ends before the compaction needs it again.
        const { done } = await this.exclusive(async () => ({ done: this.startCompaction(live, false) }));
        await done.catch((error: unknown) => {
          throw new StoreCloseError(this.file, journal, (error as Error).message);
        });
        folded = true;
      }
    } finally {
      await this.journal?.close();
      this.written?.close();
      this.written = undefined;
    }
    this.journal = undefined;
    // With no journal left there is nothing for the record to vouch for: one plain JSON file remains.
    if (folded) await unlink(recordFile(this.file)).catch(() => undefined);
  }

  /** True when `restorePersisted` can put the live data back without a copy taken beforehand. */
  canRestore(): boolean {
    return !this.options.readOnly && this.shadow !== undefined && this.generation !== undefined;
  }

  /**
   * Puts `live` back to what is on disk, in place (see Shadow.restoreInto): for a change that threw
   * half-way, audited nothing, or failed to persist. Returns how many values were put back, or
   * undefined when only a fresh read can do it.
   */
  async restorePersisted(live: T): Promise<number | undefined> {
    return this.shadow?.restoreInto(live as State);
  }

  /** Lets go of the files without folding the journal in: for an open that is being refused. */
  async release(): Promise<void> {
    await this.settle();
    await this.journal?.close();
    this.journal = undefined;
    this.written?.close();
    this.written = undefined;
  }

  /** Resolves once no compaction is running (tests use it to stop at a known point). */
  async whenIdle(): Promise<void> {
    await this.settle();
  }

  private compactThreshold(): number {
    const base = this.options.compactAtBytes ?? Math.max(256 * 1024, this.snapshotBytes / 4);
    return base * 2 ** Math.min(this.failedCompactions, 6);
  }

  private async settle(): Promise<void> {
    await this.compaction?.catch(() => undefined);
  }

  private exclusive<R>(task: () => Promise<R>): Promise<R> {
    const next = this.exclusiveQueue.then(task, task);
    this.exclusiveQueue = next.catch(() => undefined);
    return next;
  }

  private async append(line: string): Promise<void> {
    const journal = this.journal as FileHandle;
    // The check and the append run side by side; the write is reported done only if both succeed.
    const [inPlace, appended] = await Promise.allSettled([
      this.checkJournalInPlace(journal),
      journal.appendFile(line),
    ]);
    const failure = [inPlace, appended].find((r) => r.status === 'rejected');
    if (failure) {
      // Cut a partial line off, so the next append does not land behind garbage.
      await journal.truncate(this.journalBytes).catch(() => undefined);
      throw failure.reason;
    }
    this.journalBytes += Buffer.byteLength(line);
    this.journalEntries++;
    this.written?.noteEntries(this.journalEntries);
  }

  /**
   * The open journal must still be the one at the store's path: appending to a file that was moved,
   * replaced or deleted while the bot ran would report writes done that the store never sees.
   */
  private async checkJournalInPlace(journal: FileHandle): Promise<void> {
    const path = this.journalFile(this.generation as string);
    const [opened, named] = await Promise.all([journal.stat(), stat(path).catch(() => undefined)]);
    if (!named || named.ino !== opened.ino || named.dev !== opened.dev)
      throw new StoreFileError(
        this.file,
        `its journal ${path} was moved, replaced or deleted while the bot ran`,
      );
  }

  /**
   * Runs inside `exclusive`, right after an append, so the view is exactly what is on disk. A failed
   * background compaction is reported and retried later; the one on close is its caller's to report.
   */
  private startCompaction(live: State, background = true): Promise<void> {
    const shadow = this.shadow as Shadow;
    const view = shadow.freeze(live);
    this.sinceView = [];
    this.compaction = this.compact(view, !background)
      .then(
        () => {
          this.failedCompactions = 0;
        },
        (error: unknown) => {
          this.failedCompactions++;
          if (background) this.options.onBackgroundError?.(error);
          throw error;
        },
      )
      .finally(() => {
        shadow.unfreeze();
        this.sinceView = undefined;
        this.compaction = undefined;
      });
    this.compaction.catch(() => undefined);
    return this.compaction;
  }

  /** Folds the journal into a new snapshot: with a new journal, or (`final`, on close) needing none. */
  private async compact(view: State, final: boolean): Promise<void> {
    const generation = final ? undefined : newGeneration();
    const temp = await writeTempSnapshot(this.file, generation ? journaled(view, generation) : view);
    try {
      await this.exclusive(() => this.switchTo(generation, temp, this.sinceView ?? []));
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  /** Writes the whole live state as a new snapshot with an empty journal (first write, big changes). */
  private async rewrite(live: State): Promise<void> {
    await this.settle();
    const generation = newGeneration();
    const temp = await writeTempSnapshot(this.file, journaled(live, generation));
    try {
      await this.exclusive(() => this.switchTo(generation, temp, []));
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    this.shadow = await Shadow.of(live, this.appendOnly);
  }

  /**
   * Puts the new journal in place first, then renames the new snapshot over the old one: that rename
   * is the moment the store switches generation. Runs inside `exclusive`.
   */
  private async switchTo(
    generation: string | undefined,
    snapshotTemp: string,
    lines: readonly string[],
  ): Promise<void> {
    const journalFile = generation ? this.journalFile(generation) : undefined;
    const header = generation ? headerLine(generation, this.file) : '';
    const text = header + lines.join('');
    if (journalFile) await replaceDurably(await writeTempText(journalFile, text), journalFile);
    const handle = journalFile ? await open(journalFile, JOURNAL_FLAGS) : undefined;
    const bytes = (await stat(snapshotTemp).catch(() => undefined))?.size ?? 0;
    let switched = false;
    try {
      // Recorded before the rename, naming the old journal too: whichever snapshot a crash leaves agrees.
      const written = this.written ?? (await WrittenLog.start(this.file, { journal: '', entries: 0 }));
      this.written = written;
      await written.switchTo({ journal: generation ?? '', entries: lines.length });
      switched = true;
      await rename(snapshotTemp, this.file);
    } catch (error) {
      if (switched) await this.written?.revert().catch(() => undefined);
      await handle?.close();
      if (journalFile) await unlink(journalFile).catch(() => undefined);
      throw error;
    }
    const old = { handle: this.journal, generation: this.generation };
    this.journal = handle;
    this.generation = generation;
    this.headerBytes = Buffer.byteLength(header);
    this.journalBytes = Buffer.byteLength(text);
    this.journalEntries = lines.length;
    this.snapshotBytes = bytes;
    await syncDirectory(dirname(this.file));
    this.written?.forgetPrevious();
    await old.handle?.close().catch(() => undefined);
    if (old.generation) await unlink(this.journalFile(old.generation)).catch(() => undefined);
  }

  private async openForWriting(state: State, generation: string, journal: JournalRead): Promise<void> {
    const file = this.journalFile(generation);
    if (journal.missing) {
      const header = headerLine(generation, this.file);
      await replaceDurably(await writeTempText(file, header), file);
      journal.validBytes = journal.size = Buffer.byteLength(header);
      journal.headerBytes = journal.validBytes;
    }
    const handle = await open(file, 'r+');
    if (journal.size > journal.validBytes) {
      // The tail of a write that never finished (and was never acknowledged): cut it off.
      await handle.truncate(journal.validBytes);
      await handle.sync();
    }
    await handle.close();
    this.journal = await open(file, JOURNAL_FLAGS);
    this.written = await WrittenLog.start(this.file, { journal: generation, entries: journal.lines.length });
    this.headerBytes = journal.headerBytes;
    this.journalBytes = journal.validBytes;
    this.lastLive = state;
    await this.removeLeftovers(generation);
    this.shadow = await Shadow.of(state, this.appendOnly);
    // Two comparisons now, while nobody waits, so the first change is not the one that warms them up.
    for (let i = 0; i < 2; i++) await this.shadow.diff(state, MAX_JOURNALED_ELEMENTS);
  }

  /** Journals of older generations and temp files a crashed writer left behind (we hold the lock). */
  private async removeLeftovers(generation: string): Promise<void> {
    const dir = dirname(this.file);
    const base = basename(this.file);
    for (const name of await readdir(dir)) {
      const oldJournal =
        name.startsWith(`${base}.`) && /^\.[0-9a-f]{16}\.journal$/.test(name.slice(base.length));
      const temp =
        name.startsWith(`.${base}.`) && /^\.\d+\.[0-9a-f]{8}\.tmp$/.test(name.slice(base.length + 1));
      if ((oldJournal && name !== basename(this.journalFile(generation))) || temp)
        await unlink(join(dir, name)).catch(() => undefined);
    }
  }
}

/** A snapshot that needs its journal: the writes after it go there. */
function journaled(state: State, generation: string): State {
  return { ...state, [GENERATION_KEY]: generation, [REQUIRED_KEY]: true };
}

import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StoreFileError } from '../storeFileError.js';
import type { Op } from './stateDiff.js';

/** The snapshot's link to its journal: `"$journal": "<generation>"`, removed before the state is used. */
export const GENERATION_KEY = '$journal';
/**
 * `"$journalRequired": true`: the snapshot holds only part of the store, the rest is in its journal,
 * so a missing journal is a loss. Snapshots written before this mark, and a cleanly closed store's
 * (which names no journal), do not need one.
 */
export const REQUIRED_KEY = '$journalRequired';
const JOURNAL_FORMAT = 1;

type State = Record<string, unknown>;

export interface Snapshot {
  state: State;
  generation?: string;
  /** The journal must exist (see REQUIRED_KEY). */
  required?: boolean;
  bytes: number;
}

/** The snapshot, its generation taken out of it; null when there is no file. */
export async function readSnapshotFile(file: string): Promise<Snapshot | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StoreFileError(file, (error as Error).message);
  }
  if (text.trim() === '') throw new StoreFileError(file, 'the file is empty (expected a JSON document)');
  let state: State;
  try {
    state = JSON.parse(text) as State;
  } catch (error) {
    throw new StoreFileError(file, `not valid JSON: ${(error as Error).message}`);
  }
  // null is how an adapter says "no file yet"; a file that holds null is not that.
  if (state === null) throw new StoreFileError(file, 'the file holds null (expected a JSON object)');
  const bytes = Buffer.byteLength(text);
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return { state, bytes };
  shareRepeatedStrings(state);
  const generation = state[GENERATION_KEY];
  const required = state[REQUIRED_KEY] === true;
  delete state[GENERATION_KEY];
  delete state[REQUIRED_KEY];
  if (generation === undefined) return { state, bytes };
  if (typeof generation !== 'string' || !/^[0-9a-f]{16}$/.test(generation))
    throw new StoreFileError(file, `"${GENERATION_KEY}" is not a journal generation`);
  return { state, generation, required, bytes };
}

/** The journal's complete lines; a torn last line is left out (`validBytes` ends before it). */
export async function readJournalFile(file: string, generation: string): Promise<JournalRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { lines: [], validBytes: 0, size: 0, headerBytes: 0, missing: true };
    throw new StoreFileError(file, (error as Error).message);
  }
  const pieces = text.split('\n');
  const header = parseLine(pieces[0] ?? '') as { reauthBotJournal?: number; generation?: string } | undefined;
  if (pieces.length < 2 || header?.generation !== generation || header.reauthBotJournal !== JOURNAL_FORMAT)
    throw new StoreFileError(file, 'its first line is not the header of this store’s journal');
  const headerBytes = Buffer.byteLength(pieces[0] as string) + 1;
  let validBytes = headerBytes;
  const lines: [number, unknown][] = [];
  // pieces[last] is '' when the file ends with a newline, else the torn tail of an unfinished write.
  for (let i = 1; i < pieces.length - 1; i++) {
    const entry = parseLine(pieces[i] as string) as { ops?: Op[] } | undefined;
    if (!entry) {
      // Every line here ends in a newline, which an append cut short never writes: this is damage.
      const rest = pieces
        .slice(i + 1)
        .join('\n')
        .trim();
      throw new StoreFileError(
        file,
        `line ${i + 1} is not valid JSON, ${rest ? 'and complete lines follow it' : 'though it is complete (it ends in a newline), so it is damage, not a write cut short'}`,
      );
    }
    lines.push([i + 1, entry.ops]);
    validBytes += Buffer.byteLength(pieces[i] as string) + 1;
  }
  return { lines, validBytes, size: Buffer.byteLength(text), headerBytes, missing: false };
}

/**
 * Journals of `file` in its directory (by generation), and whether a snapshot being written was left
 * there: a journal without a snapshot is a loss unless a crash cut the very first write short.
 */
export async function journalsBeside(file: string): Promise<{ journals: string[]; tempSnapshot: boolean }> {
  const base = basename(file);
  let names: string[];
  try {
    names = await readdir(dirname(file));
  } catch {
    return { journals: [], tempSnapshot: false };
  }
  const journals = names
    .filter((n) => n.startsWith(`${base}.`) && /^\.[0-9a-f]{16}\.journal$/.test(n.slice(base.length)))
    .map((n) => join(dirname(file), n));
  const tempSnapshot = names.some((n) => n.startsWith(`.${base}.`) && n.endsWith('.tmp'));
  return { journals, tempSnapshot };
}

export interface JournalRead {
  lines: [number, unknown][];
  validBytes: number;
  size: number;
  headerBytes: number;
  missing: boolean;
}

/**
 * JSON.parse makes a new string for every occurrence of a value: 50,000 channels repeat a few
 * account ids, Seller IDs, `MWS/SP-API` and dates many times over. Sharing one copy of each keeps
 * several MB out of the heap the bot holds for its whole life.
 */
function shareRepeatedStrings(state: State): void {
  const pool = new Map<string, string>();
  for (const list of Object.values(state)) {
    if (!Array.isArray(list)) continue;
    for (const record of list) {
      if (typeof record !== 'object' || record === null || Array.isArray(record)) continue;
      const fields = record as Record<string, unknown>;
      for (const k in fields) {
        const v = fields[k];
        if (typeof v !== 'string' || v.length > 64) continue;
        const shared = pool.get(v);
        if (shared === undefined) pool.set(v, v);
        else fields[k] = shared;
      }
    }
  }
}

function parseLine(line: string): unknown {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

export function headerLine(generation: string, file: string): string {
  return `${JSON.stringify({ reauthBotJournal: JOURNAL_FORMAT, generation, snapshot: basename(file) })}\n`;
}

export function newGeneration(): string {
  return randomBytes(8).toString('hex');
}

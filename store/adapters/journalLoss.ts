import { StoreFileError } from '../storeFileError.js';
import { type JournalRead, journalsBeside, type Snapshot } from './journalFiles.js';
import { contradiction, type WrittenRecord } from './journalRecord.js';

/**
 * Writes acknowledged once and now not there, as the refusal to open the store: a snapshot naming
 * another journal than the one written to last, a journal the snapshot needs that is missing, or one
 * holding fewer writes than the last writer recorded (journalRecord.ts). Undefined when nothing is lost.
 */
export function lossIn(
  file: string,
  snapshot: Snapshot,
  journal: JournalRead | undefined,
  record: WrittenRecord | undefined,
): StoreFileError | undefined {
  const path = snapshot.generation ? `${file}.${snapshot.generation}.journal` : undefined;
  const found = contradiction(
    record,
    snapshot.generation,
    journal?.missing ? undefined : journal?.lines.length,
  );
  if (found?.about === 'snapshot')
    return new StoreFileError(file, `${found.problem}. Restore it and its journal from a backup`);
  if (path && journal?.missing && snapshot.required)
    return new StoreFileError(
      path,
      `it is missing, and ${file} needs it: the writes since that file was last written are in it. ` +
        'Restore it (with the store file it belongs to) from a backup',
    );
  if (!found || !path) return undefined;
  return new StoreFileError(path, `${found.problem}. Restore it (with ${file}) from a backup`);
}

/**
 * No snapshot, but a journal of one: the snapshot was deleted, and the store would start empty.
 * Unless a snapshot being written is there too: then a crash cut the very first write short, and
 * that journal holds nothing acknowledged.
 */
export async function refuseOrphanJournal(file: string): Promise<void> {
  const { journals, tempSnapshot } = await journalsBeside(file);
  if (journals.length > 0 && !tempSnapshot)
    throw new StoreFileError(
      file,
      `it is missing, but its journal ${journals[0]} remains, holding writes that belong to it. ` +
        'Restore the store file from a backup, or move the journal away to start an empty store',
    );
}

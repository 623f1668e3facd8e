import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Slicer } from './stateDiff.js';

const CHUNK_BYTES = 64 * 1024;

/**
 * Writes `state` as one JSON document to a temp file beside `file` and fsyncs it; returns the temp
 * path for the caller to rename into place. Lists are serialized element by element with pauses for
 * the event loop, so a 10 MB state never blocks requests for long; the bytes are the same as
 * JSON.stringify(state) would give.
 */
export function writeTempSnapshot(file: string, state: Record<string, unknown>): Promise<string> {
  return writeTemp(file, async (handle) => {
    const out = new ChunkedWriter(handle);
    const slicer = new Slicer(5);
    out.add('{');
    let first = true;
    for (const [k, v] of Object.entries(state)) {
      if (v === undefined || typeof v === 'function') continue;
      out.add(`${first ? '' : ','}${JSON.stringify(k)}:`);
      first = false;
      if (!Array.isArray(v)) {
        out.add(JSON.stringify(v) ?? 'null');
        continue;
      }
      out.add('[');
      for (let i = 0; i < v.length; i++) {
        out.add(`${i === 0 ? '' : ','}${JSON.stringify(v[i]) ?? 'null'}`);
        if (out.full()) await out.flush();
        if (slicer.due()) await slicer.pause();
      }
      out.add(']');
    }
    out.add('}');
    await out.flush();
  });
}

/** Writes small text to a temp file beside `file`, fsynced; returns the temp path. */
export function writeTempText(file: string, text: string): Promise<string> {
  return writeTemp(file, (handle) => handle.writeFile(text));
}

/** A temp file beside `file`, filled by `fill` and fsynced; removed again if anything fails. */
async function writeTemp(file: string, fill: (handle: FileHandle) => Promise<void>): Promise<string> {
  const temp = tempPath(file);
  const handle = await open(temp, 'w');
  try {
    await fill(handle);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return temp;
}

/** Renames a fsynced temp file over `file` and fsyncs the directory, so the rename itself is durable. */
export async function replaceDurably(temp: string, file: string): Promise<void> {
  await rename(temp, file);
  await syncDirectory(dirname(file));
}

export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Temp files are `.<name>.<pid>.<random>.tmp`; a crashed writer's leftovers match `isTempOf`. */
function tempPath(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export function isTempOf(file: string, name: string): boolean {
  const prefix = `.${basename(file)}.`;
  return name.startsWith(prefix) && name.endsWith('.tmp');
}

/** Collects text and writes it in chunks of about CHUNK_BYTES (one write per element would be slow). */
class ChunkedWriter {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly handle: FileHandle) {}

  add(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }

  full(): boolean {
    return this.size >= CHUNK_BYTES;
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    await this.handle.writeFile(text);
  }
}

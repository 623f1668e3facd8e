import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileStore, openMemoryStore } from '../../store/openStore.js';
import { emptyState, type Store, type StoreState } from '../../store/store.js';
import { generateStore } from '../support/generateStore.js';
import { seededRandom } from '../support/random.js';
import { applyOp, type WriterOp } from './children/writerOps.js';
import type { WriterEnd, WriterRun } from './children/writerRunner.js';
import { digestRecordProblems, resumeProblems } from './support/digestChecks.js';

const WRITER = resolve('dist/test/reliability/children/storeWriter.js');
const RUNNER = resolve('dist/test/reliability/children/writerRunner.js');
const KILLS = 200;
const LANES = 4;
/** What one writer may do before it stops on its own: far more than it does before its kill. */
const WRITER_MAX_WRITES = 500;
const WRITER_MAX_MS = 30_000;
/** Each lane fails, saying how far it got, rather than running on past this. */
const LANE_DEADLINE_MS = Number(process.env.REAUTH_CRASH_LANE_DEADLINE_MS || 420_000);

/**
 * Writers are started and killed on a worker thread of their own (children/writerRunner.ts), so a
 * kill is never held up behind another lane's checks on this thread.
 */
const runner = new Worker(RUNNER);
const waiting = new Map<number, (end: WriterEnd) => void>();
runner.on('message', (end: WriterEnd) => waiting.get(end.id)?.(end));
let runs = 0;
/** Set when the test ends or a lane fails: the other lanes start no more writers. */
let stopped = false;
afterAll(async () => {
  stopped = true;
  // Ending the worker ends no writer: each stops on its own within WRITER_MAX_MS at the latest.
  await runner.terminate();
});

function runWriter(job: Omit<WriterRun, 'id'>): Promise<WriterEnd> {
  const id = ++runs;
  return new Promise((resolve) => {
    waiting.set(id, (end) => {
      waiting.delete(id);
      resolve(end);
    });
    runner.postMessage({ ...job, id });
  });
}

async function stateOf(store: Store): Promise<StoreState> {
  const accounts = await store.listAccounts();
  return {
    ...emptyState(),
    accounts,
    channels: await store.allChannels(),
    audit: await store.auditTrail(),
    rollbacks: (await Promise.all(accounts.map((a) => store.rollbacksOfAccount(a.id)))).flat(),
    digests: await store.digests(),
  };
}

/**
 * Reads the store as a fresh process would. A reader after every kill (the next writer then recovers
 * the store: takes over the lock, cuts a torn line); a writer's open at the end of each run.
 */
async function reopen(file: string, readOnly = true): Promise<StoreState> {
  const store = await openFileStore(file, { purpose: 'the crash test', readOnly });
  try {
    return await stateOf(store);
  } finally {
    await store.close();
  }
}

/** The writer's log: the writes it reported done, and the one it had begun, if any. */
function writesOf(log: string): { acked: WriterOp[]; inFlight?: WriterOp } {
  const acked: WriterOp[] = [];
  let inFlight: WriterOp | undefined;
  // Only whole lines: a line the kill cut short was not finished, nor was what it announced.
  for (const line of log.split('\n').slice(0, -1)) {
    if (line.startsWith('begin ')) inFlight = JSON.parse(line.slice('begin '.length)) as WriterOp;
    else if (line === 'ack' && inFlight) {
      acked.push(inFlight);
      inFlight = undefined;
    }
  }
  return inFlight ? { acked, inFlight } : { acked };
}

/** One store, `cycles` times: start a writer, SIGKILL it at a random moment, check what is on disk. */
async function lane(
  index: number,
  cycles: number,
): Promise<{
  acked: number;
  killed: number;
  inFlightKept: number;
  rollbacks: number;
  digestWrites: number;
  resumed: number;
  digests: number;
}> {
  const random = seededRandom(1000 + index);
  const dir = mkdtempSync(join(tmpdir(), `reauth-crash-${index}-`));
  const file = join(dir, 'reauth.json');
  const seed = await openFileStore(file);
  const { batch } = generateStore({ accounts: 40, channels: 240, seed: index });
  // Two account managers, so a digest is a handful of writes: the slot, its messages, a DM, a DM
  // Slack refuses (UNREACHABLE_MANAGER), the close.
  const accounts = batch.accounts.map((a) =>
    a.accountManager ? { ...a, accountManager: `UMGR${Number(a.accountManager.slice(4)) % 2}` } : a,
  );
  await seed.importBatch({ ...batch, accounts }, { id: 'import', at: new Date('2026-11-01T00:00:00Z') });
  await seed.close();
  let before = await reopen(file, false);
  let acked = 0;
  let inFlightKept = 0;
  let digestWrites = 0;
  let resumed = 0;
  let killed = 0;
  const deadline = Date.now() + LANE_DEADLINE_MS;
  for (let cycle = 0; cycle < cycles; cycle++) {
    const compactAt = [1, 600, 5_000, 60_000, 0][Math.floor(random() * 5)] as number;
    if (stopped) throw new Error(`lane ${index} stopped after ${cycle} of ${cycles} cycles: the test ended`);
    if (Date.now() > deadline)
      throw new Error(
        `lane ${index} passed its ${LANE_DEADLINE_MS} ms deadline after ${cycle} of ${cycles} cycles (store ${file})`,
      );
    const log = join(dir, `writer-${cycle}.log`);
    // Sometimes while it is still opening the store, mostly in the middle of writes and compactions.
    const early = random() < 0.1;
    const end = await runWriter({
      args: [
        WRITER,
        file,
        String(index * 1000 + cycle),
        String(compactAt),
        log,
        String(WRITER_MAX_WRITES),
        String(WRITER_MAX_MS),
      ],
      log,
      early,
      // Mostly a few writes in, at a random moment of the next write, compaction or digest post.
      afterAcks: Math.floor(random() * 12),
      killAfterMs: early ? random() * 300 : random() * 15,
      readyWithinMs: 20_000,
    });
    const writerLog = existsSync(log) ? readFileSync(log, 'utf8') : '';
    expect(
      end.notReady,
      `writer ${index}/${cycle} did not open its store and write within 20 s`,
    ).toBeUndefined();
    expect(end.stderr, `writer ${index}/${cycle} failed before it was killed`).toBe('');
    if (end.killed) killed++;
    else expect(writerLog, `writer ${index}/${cycle} exited ${end.code} unkilled`).toContain('finished');

    if (existsSync(file)) expect(() => JSON.parse(readFileSync(file, 'utf8'))).not.toThrow();
    const after = await reopen(file);

    const { acked: done, inFlight } = writesOf(writerLog);
    const model = openMemoryStore(structuredClone(before));
    for (const op of done) await applyOp(model, op);
    const withoutInFlight = await stateOf(model);
    let withInFlight: StoreState | undefined;
    if (inFlight) {
      await applyOp(model, inFlight);
      withInFlight = await stateOf(model);
    }
    const matches = isDeepStrictEqual(after, withoutInFlight) || isDeepStrictEqual(after, withInFlight);
    if (!matches) {
      const saved = join(dir, `mismatch-${cycle}.json`);
      writeFileSync(
        saved,
        JSON.stringify({ before, done, inFlight, after, withoutInFlight, withInFlight, writerLog }),
      );
      expect(after, `cycle ${cycle} of lane ${index} (all of it in ${saved})`).toEqual(
        withInFlight ?? withoutInFlight,
      );
    }
    if (inFlight && isDeepStrictEqual(after, withInFlight) && !isDeepStrictEqual(after, withoutInFlight))
      inFlightKept++;
    expect(
      digestRecordProblems(before, after, done),
      `digests after cycle ${cycle} of lane ${index}`,
    ).toEqual([]);
    // And the bot started on it now would finish every digest left half-posted, exactly once.
    const resume = await resumeProblems(after);
    expect(resume.problems, `resuming after cycle ${cycle} of lane ${index}`).toEqual([]);
    resumed += resume.resumed;
    acked += done.length;
    digestWrites += done.filter((op) => op.kind.startsWith('digest-')).length;
    before = after;
  }
  // And what the bot would open after the last crash is the same.
  expect(await reopen(file, false)).toEqual(before);
  // Only a lane that failed keeps its directory: the writers' logs and any mismatch saved there.
  rmSync(dir, { recursive: true, force: true });
  return {
    acked,
    killed,
    inFlightKept,
    rollbacks: before.rollbacks.length,
    digestWrites,
    resumed,
    digests: before.digests.length,
  };
}

describe('crash safety', () => {
  // Minutes on a busy 2-CPU machine: 200 Node processes started and killed.
  it(`${KILLS} SIGKILLs at random moments: the file always opens and holds every write reported done`, {
    timeout: LANE_DEADLINE_MS + 60_000,
  }, async () => {
    const lanes = await Promise.all(
      Array.from({ length: LANES }, (_, i) =>
        lane(i, KILLS / LANES).catch((error: unknown) => {
          // One lane's failure ends the others at their next cycle instead of letting them run on.
          stopped = true;
          throw error;
        }),
      ),
    );
    const acked = lanes.reduce((n, l) => n + l.acked, 0);
    // Every writer was killed: none reached its own limit because its kill came late.
    expect(lanes.reduce((n, l) => n + l.killed, 0)).toBe(KILLS);
    // The kills must have landed among writes, not only before the first one.
    expect(acked).toBeGreaterThan(KILLS);
    const rollbacks = lanes.reduce((n, l) => n + l.rollbacks, 0);
    expect(rollbacks).toBeGreaterThan(0);
    const sum = (of: (l: (typeof lanes)[number]) => number) => lanes.reduce((n, l) => n + of(l), 0);
    // Kills must also have landed in the middle of digests, leaving some half-posted to resume.
    expect(sum((l) => l.digestWrites)).toBeGreaterThan(0);
    expect(sum((l) => l.resumed)).toBeGreaterThan(0);
    console.log(
      `crash test: ${KILLS} kills, ${acked} acknowledged writes all present (${sum((l) => l.digestWrites)} of them digest writes), ${sum((l) => l.inFlightKept)} unacknowledged in-flight writes also on disk; ${rollbacks} rollbacks requested or decided; ${sum((l) => l.digests)} digest slots on record; ${sum((l) => l.resumed)} times a kill left a digest half-posted and the resume finished it exactly once`,
    );
  });
});

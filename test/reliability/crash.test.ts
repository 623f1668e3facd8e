import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileStore, openMemoryStore } from '../../store/openStore.js';
import { emptyState, type Store, type StoreState } from '../../store/store.js';
import { generateStore } from '../support/generateStore.js';
import { seededRandom } from '../support/random.js';
import { applyOp, type WriterOp } from './children/writerOps.js';
import { digestRecordProblems, resumeProblems } from './support/digestChecks.js';

const WRITER = resolve('dist/test/reliability/children/storeWriter.js');
/** Writers still running: killed whatever happens, so a failed or timed-out run leaves none behind. */
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});
const KILLS = 200;
const LANES = 4;

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

/** SIGKILL `ms` after the writer said it is ready (or, with `early`, `ms` after it started). */
async function killAfter(
  child: ChildProcess,
  output: () => string,
  ms: number,
  early: boolean,
): Promise<void> {
  // 'close', not 'exit': only then has everything the writer printed been read.
  const exited = once(child, 'close');
  if (!early) {
    for (
      let waited = 0;
      !output().includes('ready') && child.exitCode === null && waited < 20_000;
      waited += 5
    )
      await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, ms));
  child.kill('SIGKILL');
  await exited;
}

/** One store, `cycles` times: start a writer, SIGKILL it at a random moment, check what is on disk. */
async function lane(
  index: number,
  cycles: number,
): Promise<{
  acked: number;
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
  for (let cycle = 0; cycle < cycles; cycle++) {
    const compactAt = [1, 600, 5_000, 60_000, 0][Math.floor(random() * 5)] as number;
    const log = join(dir, `writer-${cycle}.log`);
    const child = spawn(
      process.execPath,
      [WRITER, file, String(index * 1000 + cycle), String(compactAt), log],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    running.add(child);
    child.on('exit', () => running.delete(child));
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const written = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');
    // Sometimes while it is still opening the store, mostly in the middle of writes and compactions.
    const early = random() < 0.1;
    await killAfter(child, written, early ? random() * 300 : random() * 200, early);
    const writerLog = written();
    expect(stderr, `writer ${index}/${cycle} failed before it was killed`).toBe('');

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
    timeout: 600_000,
  }, async () => {
    const lanes = await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i, KILLS / LANES)));
    const acked = lanes.reduce((n, l) => n + l.acked, 0);
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

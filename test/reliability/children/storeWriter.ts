/**
 * A process that changes a store as fast as it can until it is killed: the crash test's victim.
 *   node storeWriter.js <store file> <seed> <compact journal at bytes> [<log file>] [<max writes>] [<max ms>]
 * It stops on its own after `max writes` writes or `max ms` milliseconds from its start, whichever
 * comes first (notes `finished`, closes the store, exits 0): a writer whose killer never comes, or
 * whose parent died, cannot run on and grow its store without bound.
 * Before each write it notes `begin <op as JSON>`, after the write resolves `ack`: on stdout, and in
 * the log file when one is given. The log is written with plain synchronous writes to a file, which
 * a SIGKILL cannot lose (output on a pipe can be); the crash test reads that.
 * Its digest writes are the real DigestService's, over a Slack that always answers: a tick (first
 * thing, or a few writes in), and now and then an extra digest.
 */
import { openSync, writeSync } from 'node:fs';
import { ConsoleLogger, LogLevel } from '@slack/logger';
import { regionOf } from '../../../src/domain/accounts.js';
import { DigestService } from '../../../src/services/digestService.js';
import { openFileStore } from '../../../store/openStore.js';
import type { Actor, Store } from '../../../store/store.js';
import { seededRandom } from '../../support/random.js';
import { TestClock } from '../../support/testClock.js';
import {
  applyOp,
  type DigestWriteOp,
  WRITER_APPROVER,
  WRITER_DIGEST,
  type WriterOp,
  writerPoster,
} from './writerOps.js';

const startedAt = Date.now();
const [file, seedText, compactText, logFile, maxWritesText, maxMsText] = process.argv.slice(2);
const maxWrites = Number(maxWritesText || 20_000);
const stopAt = startedAt + Number(maxMsText || 30_000);
const logFd = logFile ? openSync(logFile, 'a') : undefined;
const note = (line: string) => {
  if (logFd !== undefined) writeSync(logFd, `${line}\n`);
  process.stdout.write(`${line}\n`);
};
if (!file) throw new Error('usage: storeWriter.js <file> <seed> <compact at bytes>');
const seed = Number(seedText ?? 1);
const random = seededRandom(seed);
const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(random() * list.length)];

const store: Store = await openFileStore(file, {
  purpose: 'the crash test writer',
  compactJournalAtBytes: Number(compactText ?? 0) || undefined,
});

const at = (n: number) => new Date(Date.UTC(2026, 10, 1) + seed * 1e7 + n * 1000).toISOString();
const clock = new TestClock(at(0));
// Only errors, on stderr: the crash test fails a writer that printed any.
const logger = new ConsoleLogger();
logger.setLevel(LogLevel.ERROR);
let posted = 0;
const poster = writerPoster(() => `${seed}.${String(++posted).padStart(6, '0')}`);
const digests = new DigestService(withDigestWritesLogged(store), clock, logger, WRITER_DIGEST, poster);
note('ready');

// The bot ticks on start and then every half minute. Half the writers tick first thing, the others
// a few writes in, so digest writes (finishing what a killed writer left half-posted, posting a due
// slot) land among the others rather than always first.
const tickAt = random() < 0.5 ? 0 : 1 + Math.floor(random() * 6);
for (let n = 0; n < maxWrites && Date.now() < stopAt; n++) {
  clock.set(at(n));
  if (n === tickAt) await digests.tick();
  // Now and then an extra digest, asked for by someone.
  if (random() < 0.015) {
    const outcome = await digests.postExtra(`UW${seed}x${n}`);
    // Within 10 minutes of the last one (every writer's clock starts at the same moment) a second
    // extra digest is refused by design, and writes nothing.
    if (outcome.kind !== 'posted' && outcome.kind !== 'repeated')
      throw new Error(`The extra digest was not posted: ${outcome.kind}`);
    continue;
  }
  await logged(await nextOp(n));
}
note('finished');
await store.close();

async function logged(op: WriterOp): Promise<unknown> {
  note(`begin ${JSON.stringify(op)}`);
  const result = await applyOp(store, op);
  note('ack');
  return result;
}

/** The store as the digest service sees it: its writes are logged and made as the writer's others are. */
function withDigestWritesLogged(target: Store): Store {
  const who = (actor: Actor) => ({ actor: actor.id, at: actor.at.toISOString() });
  const write = <T>(op: DigestWriteOp) => logged(op) as Promise<T>;
  const digestWrites: Pick<Store, DigestWriteMethod> = {
    recordDigestSlot: (record, actor) => write({ kind: 'digest-slot', record, ...who(actor) }),
    recordDigestDelivery: (id, delivery, actor) =>
      write({ kind: 'digest-delivery', id, delivery, ...who(actor) }),
    closeDigest: (id, closing, actor) => write({ kind: 'digest-close', id, closing, ...who(actor) }),
  };
  return new Proxy(target, {
    get(store, key) {
      if (key in digestWrites) return digestWrites[key as DigestWriteMethod];
      const value = Reflect.get(store, key, store);
      return typeof value === 'function' ? value.bind(store) : value;
    },
  });
}
type DigestWriteMethod = 'recordDigestSlot' | 'recordDigestDelivery' | 'closeDigest';

async function nextOp(n: number): Promise<WriterOp> {
  const actor = `UW${seed}x${n}`;
  const roll = random();
  const channels = await store.allChannels();
  if (roll < 0.1) {
    const open = (await store.undecidedRollbacks())[0];
    if (open)
      return {
        kind: 'rollback-decision',
        id: open.id,
        approve: random() < 0.7,
        actor: WRITER_APPROVER,
        at: at(n),
      };
  }
  if (roll < 0.2) {
    const done = pick(channels.filter((c) => c.authorization === 'MWS/SP-API'));
    if (done) {
      const request = {
        id: `rb-w${seed}x${n}`,
        accountId: done.accountId,
        unit: { region: regionOf(done), sellerId: done.sellerId },
        reason: 'the wrong Seller Central account',
        since: at(n - 100),
        expiresAt: at(n + 100_000),
      };
      return { kind: 'rollback-request', request, actor, at: at(n) };
    }
  }
  if (roll < 0.6) {
    const mws = channels.filter((c) => c.authorization === 'MWS');
    const c = pick(mws) ?? pick(channels);
    if (c)
      return {
        kind: 'reauth',
        unit: { accountId: c.accountId, region: regionOf(c), sellerId: c.sellerId },
        actor,
        at: at(n),
      };
  }
  if (roll < 0.9) {
    const account = pick(await store.listAccounts());
    if (account)
      return {
        kind: 'import',
        batch: {
          accounts: [{ ...account, name: `${account.name.split(' rev ')[0]} rev ${n}` }],
          channels: [],
        },
        actor,
        at: at(n),
      };
  }
  // A big change: a few hundred channels back to MWS, which rewrites the whole file.
  const back = channels.filter(() => random() < 0.5).slice(0, 400);
  const reset = back.map(({ authorizedAt: _a, authorizedBy: _b, ...c }) => ({
    ...c,
    authorization: 'MWS' as const,
  }));
  return { kind: 'import', batch: { accounts: [], channels: reset }, actor, at: at(n) };
}

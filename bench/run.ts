/**
 * `npm run bench`: the real app against a bare Bolt app on the same machine, over a generated store of
 * 10,000 accounts and 50,000 channels. Prints a table and writes bench/results.json.
 * Options: --accounts N, --channels N, --quick (a small store and few samples, to try the bench
 * itself; writes no results), --profile DIR (a CPU profile of the measured real app).
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Channel } from '../src/domain/accounts.js';
import { openFileStore } from '../store/openStore.js';
import { FakeSlack } from '../test/support/fakeSlack.js';
import { type GeneratedStore, generateStore } from '../test/support/generateStore.js';
import { seededRandom } from '../test/support/random.js';
import type { BenchReply } from './appServer.js';
import { AppProcess } from './children.js';
import { backgroundLoad, CommandClient, concurrently, type Sample } from './load.js';
import { type BenchResults, printResults, targetsOf } from './report.js';
import { median, round, summarize } from './stats.js';

const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
const BOT_TOKEN = 'xoxb-bench-token-000000000000';
const CONCURRENCY = 50;
const APPROVER = 'UBENCHAPPROVER';
const ROLLBACK_CHANNEL = 'C0BENCHROLLBACK';
/**
 * Both apps run with the heap limit `npm start` gives the bot (package.json: REAUTH_MAX_HEAP_MB,
 * default 512). Without it V8 sizes the heap for the whole machine and lets it grow to about four
 * times what is live before collecting.
 */
const NODE_FLAGS = [`--max-old-space-size=${process.env.REAUTH_MAX_HEAP_MB ?? 512}`];

type WriteReply = Extract<BenchReply, { kind: 'write' }>;
type LoopReply = Extract<BenchReply, { kind: 'loop' }>;
type UsageReply = Extract<BenchReply, { kind: 'usage' }>;
type DigestReply = Extract<BenchReply, { kind: 'digest' }>;

interface Options {
  accounts: number;
  channels: number;
  quick: boolean;
  profileDir: string | undefined;
}

function parseOptions(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    const n = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} needs a positive whole number`);
    return n;
  };
  return {
    accounts: value('--accounts', quick ? 1_000 : 10_000),
    channels: value('--channels', quick ? 5_000 : 50_000),
    quick,
    profileDir: argv.includes('--profile') ? argv[argv.indexOf('--profile') + 1] : undefined,
  };
}

const log = (line: string) => console.log(`[bench] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  // Bare and real alternate in short rounds, so both see the same background noise of a shared machine.
  const sizes = options.quick
    ? {
        warmup: 100,
        sequential: 50,
        concurrent: 250,
        rounds: 2,
        coldStarts: 1,
        writes: 5,
        digests: 2,
        rollbacks: 5,
      }
    : {
        warmup: 300,
        sequential: 150,
        concurrent: 1_000,
        rounds: 4,
        coldStarts: 3,
        writes: 20,
        digests: 5,
        rollbacks: 30,
      };
  const loadBefore = loadavg()[0] ?? 0;
  const dir = mkdtempSync(join(tmpdir(), 'reauth-bench-'));
  const storeFile = join(dir, 'reauth.json');

  log(`generating ${options.accounts} accounts and ${options.channels} channels into ${storeFile}`);
  const t0 = performance.now();
  const generated = generateStore({ accounts: options.accounts, channels: options.channels });
  const writer = await openFileStore(storeFile, { purpose: 'the benchmark generator' });
  await writer.importBatch(generated.batch, { id: 'import', at: new Date('2026-06-01T09:00:00Z') });
  await writer.close();
  const storeBytes = statSync(storeFile).size;
  log(`store written in ${Math.round(performance.now() - t0)} ms (${(storeBytes / 1e6).toFixed(1)} MB)`);

  const slack = await new FakeSlack().start();
  const client = new CommandClient(slack, SIGNING_SECRET);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    REAUTH_DB: storeFile,
    REAUTH_DEADLINE: '2026-12-31',
    REAUTH_APPROVERS: APPROVER,
    REAUTH_ROLLBACK_CHANNEL: ROLLBACK_CHANNEL,
    PORT: '0',
  };
  const script = fileURLToPath(new URL('./appServer.js', import.meta.url));
  const apps = new Set<AppProcess>();
  const start = async (mode: 'real' | 'bare', extraEnv: NodeJS.ProcessEnv = {}, execArgv: string[] = []) => {
    const app = await AppProcess.start(script, mode, { ...env, ...extraEnv }, [...NODE_FLAGS, ...execArgv]);
    apps.add(app);
    return app;
  };
  const stop = async (app: AppProcess) => {
    apps.delete(app);
    await app.stop();
  };

  try {
    const coldStarts: { totalMs: number; openMs: number; createMs: number }[] = [];
    let started: AppProcess | undefined;
    for (let i = 0; i < sizes.coldStarts; i++) {
      if (started) await stop(started);
      const profile = options.profileDir && i === sizes.coldStarts - 1;
      started = await start(
        'real',
        {},
        profile ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [],
      );
      const { coldStartMs, ready } = started;
      coldStarts.push({ totalMs: coldStartMs, openMs: ready.openMs, createMs: ready.createMs });
      log(`real app cold start ${Math.round(coldStartMs)} ms (store open ${Math.round(ready.openMs)} ms)`);
    }
    if (!started) throw new Error('no real app');
    const real: AppProcess = started;
    const bare = await start('bare');

    const queries = queryMaker(generated);
    const status = (app: AppProcess) => (i: number) => client.command(app.url, `status ${queries(i)}`);

    log('warming up both apps');
    const both: AppProcess[] = [bare, real];
    for (const app of both) {
      await concurrently(sizes.warmup, 1, status(app));
      await concurrently(sizes.warmup * 3, CONCURRENCY, status(app));
    }

    const samples = {
      bare: { seq: [] as Sample[], conc: [] as Sample[] },
      real: { seq: [] as Sample[], conc: [] as Sample[] },
    };
    const loops = { real: [] as LoopReply[], bare: [] as LoopReply[] };
    for (let round = 1; round <= sizes.rounds; round++) {
      log(
        `round ${round} of ${sizes.rounds}: ${sizes.sequential} sequential, ${sizes.concurrent} at ${CONCURRENCY} concurrent, each app`,
      );
      for (const app of both) {
        const into = samples[app.mode];
        into.seq.push(...(await concurrently(sizes.sequential, 1, status(app))));
        await app.request({ kind: 'loop-start' });
        into.conc.push(...(await concurrently(sizes.concurrent, CONCURRENCY, status(app))));
        loops[app.mode].push((await app.request({ kind: 'loop-stop' })) as LoopReply);
      }
    }

    log('digest over the whole store');
    const digests: DigestReply[] = [];
    for (let i = 0; i < sizes.digests; i++)
      digests.push((await real.request({ kind: 'digest' })) as DigestReply);

    log('rollback approvals: click to chat.update of the request message');
    const rollbacks = { real: [] as number[], bare: [] as number[] };
    const approvable = unitsToRollBack(generated);
    for (let i = 0; i < sizes.rollbacks; i++) {
      const channel = approvable[i];
      if (!channel) throw new Error('no reauthorized unit left to roll back');
      rollbacks.real.push(await approveRollback(client, real, channel));
      rollbacks.bare.push(await approveOnBare(client, bare, i));
      // Let the approval's thread replies (the checklist) go out before the next request.
      await sleep(200);
    }

    log('store writes: idle, then while 50 requests at a time wait');
    const units = shuffled(generated.mwsUnits, 7);
    let nextUnit = 0;
    const write = async (app: AppProcess) => {
      const unit = units[nextUnit++];
      if (!unit) throw new Error('no MWS unit left to write');
      return (await app.request({ kind: 'write', unit })) as WriteReply;
    };
    const writes = async (app: AppProcess) => {
      const idle: WriteReply[] = [];
      for (let i = 0; i < sizes.writes; i++) idle.push(await write(app));
      const load = backgroundLoad(CONCURRENCY, status(app));
      await sleep(300);
      const loaded: WriteReply[] = [];
      for (let i = 0; i < sizes.writes; i++) {
        loaded.push(await write(app));
        await sleep(50);
      }
      return { idle, loaded, requests: await load.stop() };
    };
    const normal = await writes(real);

    const usage = {
      real: (await real.request({ kind: 'usage' })) as UsageReply,
      bare: (await bare.request({ kind: 'usage' })) as UsageReply,
    };

    log('store writes while the journal is folded into the file after every write (worst case)');
    await stop(real);
    const compacting = await start('real', { REAUTH_BENCH_COMPACT_AT_BYTES: '1' });
    const duringCompaction = await writes(compacting);
    await stop(compacting);

    const failures = (list: Sample[], expect: string) =>
      list.filter((s) => !s.ok || !s.reply?.raw.includes(expect)).length;
    const results: BenchResults = {
      date: new Date().toISOString(),
      machine: {
        nproc: cpus().length,
        cpu: cpus()[0]?.model ?? 'unknown',
        memoryGb: round(totalmem() / 1024 ** 3, 1),
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        nodeFlags: NODE_FLAGS,
        loadAverage: { before: round(loadBefore, 2), after: round(loadavg()[0] ?? 0, 2) },
      },
      store: {
        accounts: options.accounts,
        channels: options.channels,
        mwsChannels: generated.batch.channels.filter((c) => c.authorization === 'MWS').length,
        fileMb: round(storeBytes / 1e6, 1),
      },
      statusCommand: {
        sequential: { bare: latency(samples.bare.seq), real: latency(samples.real.seq) },
        concurrent50: { bare: latency(samples.bare.conc), real: latency(samples.real.conc) },
        failed: {
          bare: failures([...samples.bare.seq, ...samples.bare.conc], '"text":"ok"'),
          real: failures([...samples.real.seq, ...samples.real.conc], 'Amazon authorization'),
        },
        eventLoop: { real: loopSummary(loops.real), bare: loopSummary(loops.bare) },
      },
      storeWrite: {
        idle: writeSummary(normal.idle),
        whileRequestsWait: writeSummary(normal.loaded),
        requestsDuringWrites: latency(normal.requests),
        compactingIdle: writeSummary(duringCompaction.idle),
        compactingWhileRequestsWait: writeSummary(duringCompaction.loaded),
        requestsDuringCompaction: latency(duringCompaction.requests),
      },
      coldStart: {
        medianMs: round(median(coldStarts.map((c) => c.totalMs))),
        storeOpenMs: round(median(coldStarts.map((c) => c.openMs))),
        createAndInitMs: round(median(coldStarts.map((c) => c.createMs))),
        runs: coldStarts.length,
      },
      peakRssMb: { real: round(usage.real.maxRssMb), bare: round(usage.bare.maxRssMb) },
      digest: {
        runs: digests.length,
        medianMs: round(median(digests.map((d) => d.ms))),
        maxMs: round(Math.max(...digests.map((d) => d.ms))),
        maxBusyMs: round(Math.max(...digests.map((d) => d.maxBusyMs))),
        longestSliceMs: round(Math.max(...digests.map((d) => d.slices.longestTracedMs))),
        messages: digests[0]?.messages ?? 0,
        pendingAccounts: digests[0]?.pendingAccounts ?? 0,
      },
      rollbackApproval: {
        real: summarize(rollbacks.real),
        bare: summarize(rollbacks.bare),
      },
      targets: [],
    };
    results.targets = targetsOf(results);
    printResults(results);
    if (!options.quick) {
      const out = fileURLToPath(new URL('../../bench/results.json', import.meta.url));
      writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
      log(`wrote ${out}`);
    }
  } finally {
    for (const app of apps) await app.stop().catch(() => app.child.kill('SIGKILL'));
    await slack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One channel of each unit that was reauthorized (all MWS/SP-API), in a fixed shuffled order. */
function unitsToRollBack(generated: GeneratedStore): Channel[] {
  const seen = new Set<string>();
  const channels: Channel[] = [];
  for (const c of shuffled(generated.batch.channels, 13)) {
    const unit = `${c.accountId}:${c.sellerId}`;
    if (c.authorization !== 'MWS/SP-API' || seen.has(unit)) continue;
    seen.add(unit);
    channels.push(c);
  }
  return channels;
}

/**
 * An agent asks for a rollback of the unit, the request is posted to the rollback channel, and an
 * approver clicks Approve on it: the time from that click until the request's message is updated.
 */
async function approveRollback(client: CommandClient, app: AppProcess, channel: Channel): Promise<number> {
  const posted = client.nextCall(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.body.channel === ROLLBACK_CHANNEL &&
      !c.body.thread_ts &&
      String(c.body.text).startsWith('Rollback requested'),
  );
  const asked = await client.command(
    app.url,
    `rollback ${channel.accountId} ${channel.id} the wrong Seller Central account`,
    'UBENCHAGENT',
  );
  const { call } = await posted.catch((error: unknown) => {
    throw new Error(
      `No rollback request was posted; the bot answered ${asked.reply?.raw ?? 'nothing'} (${error})`,
    );
  });
  const rollbackId = /rb-[0-9a-f]+/.exec(asked.reply?.raw ?? '')?.[0];
  const ts = (call.reply as { ts?: string } | undefined)?.ts;
  if (!rollbackId || !ts) throw new Error('the rollback request was posted without its id or ts');
  return clickUntilUpdate(client, app, rollbackId, ts);
}

async function approveOnBare(client: CommandClient, app: AppProcess, i: number): Promise<number> {
  return clickUntilUpdate(client, app, `rb-bare${i}`, `1800000000.${String(i).padStart(6, '0')}`);
}

async function clickUntilUpdate(
  client: CommandClient,
  app: AppProcess,
  rollbackId: string,
  ts: string,
): Promise<number> {
  const updated = client.nextCall((c) => c.method === 'chat.update' && c.body.ts === ts);
  const t0 = performance.now();
  const status = await client.click(app.url, 'rollback_approve', rollbackId, {
    user: APPROVER,
    channel: ROLLBACK_CHANNEL,
    messageTs: ts,
  });
  if (status !== 200) throw new Error(`${app.mode} app answered the click with ${status}`);
  return (await updated).at - t0;
}

function latency(samples: Sample[]) {
  return {
    ack: summarize(samples.map((s) => s.ackMs)),
    answer: summarize(samples.filter((s) => s.ok).map((s) => s.answerMs)),
  };
}

function loopSummary(loops: LoopReply[]) {
  return {
    maxStallMs: round(Math.max(...loops.map((l) => l.maxStallMs))),
    maxBusyMs: round(Math.max(...loops.map((l) => l.maxBusyMs))),
    maxBusyWithoutGcMs: round(Math.max(...loops.map((l) => l.maxBusyWithoutGcMs))),
  };
}

function writeSummary(writes: WriteReply[]) {
  return {
    count: writes.length,
    medianMs: round(median(writes.map((w) => w.ms)), 1),
    maxMs: round(Math.max(...writes.map((w) => w.ms)), 1),
    maxStallMs: round(Math.max(...writes.map((w) => w.maxStallMs)), 1),
    maxBusyMs: round(Math.max(...writes.map((w) => w.maxBusyMs)), 1),
    maxBusyWithoutGcMs: round(Math.max(...writes.map((w) => w.maxBusyWithoutGcMs)), 1),
    longestWriteSliceMs: round(Math.max(...writes.map((w) => w.slices.longestTracedMs)), 1),
    longestOtherSliceMs: round(Math.max(...writes.map((w) => w.slices.longestOtherMs)), 1),
    medianWriteCpuMs: round(median(writes.map((w) => w.slices.tracedTotalMs)), 1),
    channelsChanged: writes.reduce((n, w) => n + w.changed, 0),
  };
}

/** Status queries the way agents type them: mostly account ids, some names, some Seller IDs. */
function queryMaker(generated: GeneratedStore): (i: number) => string {
  const { accounts, channels } = generated.batch;
  const random = seededRandom(11);
  const list = Array.from({ length: 5_000 }, () => {
    const r = random();
    const account = accounts[Math.floor(random() * accounts.length)];
    if (!account) throw new Error('no accounts');
    if (r < 0.7) return account.id;
    if (r < 0.9) return account.name.toLowerCase();
    return channels[Math.floor(random() * channels.length)]?.sellerId ?? account.id;
  });
  return (i) => list[i % list.length] as string;
}

function shuffled<T>(list: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

main().catch((error: unknown) => {
  console.error('The benchmark failed:', error);
  process.exit(1);
});

import { type LatencySummary, round, table } from './stats.js';

interface AppLatency {
  ack: LatencySummary;
  answer: LatencySummary;
}

interface WriteSummary {
  count: number;
  medianMs: number;
  maxMs: number;
  /** Longest event-loop stall during the writes (wall clock). */
  maxStallMs: number;
  /** Longest stall charged only the CPU time this process used in it: the real block. */
  maxBusyMs: number;
  /** The same without the garbage collector's pauses: JavaScript running. */
  maxBusyWithoutGcMs: number;
  /** Writes traced for their blocks (a second pass: the tracing slows the app, so they are not timed). */
  tracedCount: number;
  /** Longest time a traced write itself held the event loop at a time (bench/sliceProbe.ts). */
  longestWriteSliceMs: number;
  /** Longest time anything else held the loop at a time meanwhile (request handling, Bolt). */
  longestOtherSliceMs: number;
  /** Median event-loop time a traced write itself used, all its blocks summed. */
  medianWriteCpuMs: number;
  channelsChanged: number;
}

interface LoopSummary {
  maxStallMs: number;
  maxBusyMs: number;
  maxBusyWithoutGcMs: number;
}

export interface Target {
  name: string;
  value: number | null;
  limit: string;
  pass: boolean | null;
}

export interface BenchResults {
  date: string;
  machine: {
    nproc: number;
    cpu: string;
    memoryGb: number;
    node: string;
    platform: string;
    nodeFlags: string[];
    loadAverage: { before: number; after: number };
  };
  store: { accounts: number; channels: number; mwsChannels: number; fileMb: number };
  statusCommand: {
    sequential: { bare: AppLatency; real: AppLatency };
    concurrent50: { bare: AppLatency; real: AppLatency };
    failed: { bare: number; real: number };
    /** While serving 50 concurrent status commands (many requests per event-loop turn). */
    eventLoop: { real: LoopSummary; bare: LoopSummary };
  };
  storeWrite: {
    idle: WriteSummary;
    whileRequestsWait: WriteSummary;
    requestsDuringWrites: AppLatency;
    /** With the journal folded into the file after every write: the worst case. */
    compactingIdle: WriteSummary;
    compactingWhileRequestsWait: WriteSummary;
    requestsDuringCompaction: AppLatency;
  };
  coldStart: { medianMs: number; storeOpenMs: number; createAndInitMs: number; runs: number };
  peakRssMb: { real: number; bare: number };
  digest: {
    runs: number;
    medianMs: number;
    maxMs: number;
    maxBusyMs: number;
    /** Longest time the digest build held the event loop at a time (a traced run). */
    longestSliceMs: number;
    messages: number;
    pendingAccounts: number;
  };
  rollbackApproval: { real: LatencySummary; bare: LatencySummary };
  targets: Target[];
}

/** The issue's targets, judged on this run (latency as a ratio to the bare app in the same run). */
export function targetsOf(r: BenchResults): Target[] {
  const c = r.statusCommand.concurrent50;
  const ratio = (a: number, b: number) => round(a / b, 2);
  const w = r.storeWrite;
  const idle = [w.idle, w.compactingIdle];
  const target = (name: string, value: number, limit: number, unit = ''): Target => ({
    name,
    value,
    limit: `< ${limit}${unit}`,
    pass: value < limit,
  });
  return [
    target('ack p99 at 50 concurrent, real / bare', ratio(c.real.ack.p99, c.bare.ack.p99), 1.5, 'x'),
    target('answer p99 at 50 concurrent, real / bare', ratio(c.real.answer.p99, c.bare.answer.p99), 1.5, 'x'),
    target(
      'store write, slowest (idle, incl. compaction)',
      Math.max(...idle.map((x) => x.maxMs)),
      150,
      ' ms',
    ),
    target(
      'longest event-loop block by a write, idle and while 50 requests wait (incl. compaction)',
      Math.max(
        ...[...idle, w.whileRequestsWait, w.compactingWhileRequestsWait].map((x) => x.longestWriteSliceMs),
      ),
      50,
      ' ms',
    ),
    target('peak RSS of the real app', r.peakRssMb.real, 300, ' MB'),
    {
      name: 'commands answered correctly',
      value: r.statusCommand.failed.real,
      limit: '0 failed',
      pass: r.statusCommand.failed.real === 0,
    },
    target('digest build over the whole store, slowest', r.digest.maxMs, 1000, ' ms'),
  ];
}

const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'n/a');

export function printResults(r: BenchResults): void {
  const s = r.statusCommand;
  const row = (label: string, l: AppLatency, bare: AppLatency) => [
    label,
    ms(l.ack.p50),
    ms(l.ack.p99),
    `${(l.ack.p99 / bare.ack.p99).toFixed(2)}x`,
    ms(l.answer.p50),
    ms(l.answer.p99),
    `${(l.answer.p99 / bare.answer.p99).toFixed(2)}x`,
  ];
  console.log(
    `\nStore: ${r.store.accounts} accounts, ${r.store.channels} channels (${r.store.mwsChannels} on MWS), ${r.store.fileMb} MB`,
  );
  console.log(
    `Machine: ${r.machine.nproc} CPUs (${r.machine.cpu}), ${r.machine.memoryGb} GB, Node ${r.machine.node} ${r.machine.nodeFlags.join(' ')}\n`,
  );
  console.log(
    table(
      ['/reauth status', 'ack p50', 'ack p99', 'vs bare', 'answer p50', 'answer p99', 'vs bare'],
      [
        row('bare Bolt, sequential', s.sequential.bare, s.sequential.bare),
        row('reauth-bot, sequential', s.sequential.real, s.sequential.bare),
        row('bare Bolt, 50 concurrent', s.concurrent50.bare, s.concurrent50.bare),
        row('reauth-bot, 50 concurrent', s.concurrent50.real, s.concurrent50.bare),
        row(
          'reauth-bot, 50 concurrent during writes',
          r.storeWrite.requestsDuringWrites,
          s.concurrent50.bare,
        ),
        row(
          'reauth-bot, 50 concurrent during compactions',
          r.storeWrite.requestsDuringCompaction,
          s.concurrent50.bare,
        ),
      ],
    ),
  );
  const w = r.storeWrite;
  const writeRow = (label: string, x: WriteSummary) => [
    label,
    `${ms(x.medianMs)} / ${ms(x.maxMs)}`,
    ms(x.medianWriteCpuMs),
    ms(x.longestWriteSliceMs),
    ms(x.longestOtherSliceMs),
    `${ms(x.maxBusyMs)} (${ms(x.maxBusyWithoutGcMs)} without GC)`,
  ];
  console.log(
    `\n${table(
      [
        'store write (recordReauthorization)',
        'median / max',
        'its CPU',
        'its longest block',
        "others' longest",
        'longest loop turn',
      ],
      [
        writeRow('idle', w.idle),
        writeRow('while 50 requests wait', w.whileRequestsWait),
        writeRow('compacting after every write, idle', w.compactingIdle),
        writeRow('compacting after every write, 50 requests wait', w.compactingWhileRequestsWait),
      ],
    )}`,
  );
  console.log(
    `\n${table(
      ['measure', 'value'],
      [
        [
          'longest loop turn, 50 concurrent status: reauth-bot',
          `${ms(s.eventLoop.real.maxBusyMs)} (${ms(s.eventLoop.real.maxBusyWithoutGcMs)} without GC; stall ${ms(s.eventLoop.real.maxStallMs)})`,
        ],
        [
          'longest loop turn, 50 concurrent status: bare Bolt',
          `${ms(s.eventLoop.bare.maxBusyMs)} (${ms(s.eventLoop.bare.maxBusyWithoutGcMs)} without GC; stall ${ms(s.eventLoop.bare.maxStallMs)})`,
        ],
        [
          'digest over the whole store: median / max',
          `${ms(r.digest.medianMs)} / ${ms(r.digest.maxMs)} (${r.digest.messages} messages, ${r.digest.pendingAccounts} accounts pending; longest block ${ms(r.digest.longestSliceMs)})`,
        ],
        [
          'rollback approval, click to chat.update: p50 / p99',
          `${ms(r.rollbackApproval.real.p50)} / ${ms(r.rollbackApproval.real.p99)} (bare Bolt ${ms(r.rollbackApproval.bare.p50)} / ${ms(r.rollbackApproval.bare.p99)})`,
        ],
        [
          'cold start (spawn to /healthz): median',
          `${ms(r.coldStart.medianMs)} (store open ${ms(r.coldStart.storeOpenMs)})`,
        ],
        ['peak RSS: reauth-bot / bare Bolt', `${r.peakRssMb.real} MB / ${r.peakRssMb.bare} MB`],
        ['failed or wrong answers: reauth-bot / bare', `${s.failed.real} / ${s.failed.bare}`],
        [
          'load average (1 min) before / after',
          `${r.machine.loadAverage.before} / ${r.machine.loadAverage.after}`,
        ],
      ],
    )}`,
  );
  console.log(
    `\n${table(
      ['target', 'measured', 'limit', 'met'],
      r.targets.map((t) => [t.name, String(t.value), t.limit, t.pass === null ? '-' : t.pass ? 'yes' : 'NO']),
    )}`,
  );
}

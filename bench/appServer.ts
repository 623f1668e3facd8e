/**
 * One app under test, as a child process of the benchmark (so its memory and event loop are its own).
 *   node dist/bench/appServer.js real   starts reauth-bot the way src/main.ts does, over REAUTH_DB
 *   node dist/bench/appServer.js bare   starts a bare Bolt app whose /reauth only acks and answers "ok"
 * It talks to the benchmark over the IPC channel: `ready` (port and start-up timings), then answers
 * `write`, `loop` and `usage` requests, and `stop`.
 */
import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import { App, type BlockButtonAction, LogLevel } from '@slack/bolt';
import { createApp } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { type Config, loadConfig, type SlackConfig } from '../src/config.js';
import type { Region } from '../src/domain/marketplaces.js';
import type { Services } from '../src/services/index.js';
import { openFileStore } from '../store/openStore.js';
import type { Store } from '../store/store.js';
import { LagProbe, type LagReport } from './lagProbe.js';
import { SliceProbe, type SliceReport } from './sliceProbe.js';

export type BenchRequest =
  | { id: number; kind: 'write'; unit: { accountId: string; region: Region; sellerId: string } }
  | { id: number; kind: 'loop-start' }
  | { id: number; kind: 'loop-stop' }
  | { id: number; kind: 'digest' }
  | { id: number; kind: 'usage' }
  | { id: number; kind: 'stop' };

export type BenchReply =
  | { kind: 'ready'; port: number; openMs: number; createMs: number; listenMs: number }
  | ({ id: number; kind: 'write'; ms: number; changed: number; slices: SliceReport } & LagReport)
  | ({ id: number; kind: 'loop' } & LagReport)
  | ({
      id: number;
      kind: 'digest';
      ms: number;
      messages: number;
      pendingAccounts: number;
      slices: SliceReport;
    } & LagReport)
  | { id: number; kind: 'usage'; maxRssMb: number; heapUsedMb: number }
  | { id: number; kind: 'stopped' }
  | { id: number; kind: 'error'; message: string };

const send = (reply: BenchReply) => process.send?.(reply);

interface Started {
  server: Server;
  app: App;
  store?: Store;
  services?: Services;
  stop(): Promise<unknown>;
  timings: number[];
}

async function startReal(): Promise<Started> {
  const config = loadConfig(process.env) as Config & { slack: SlackConfig };
  const t0 = performance.now();
  const compactAt = Number(process.env.REAUTH_BENCH_COMPACT_AT_BYTES);
  const store = await openFileStore(config.storeFile, {
    purpose: 'the benchmark',
    ...(compactAt > 0 ? { compactJournalAtBytes: compactAt } : {}),
  });
  const t1 = performance.now();
  const { app, services, stop } = createApp({ config, store, clock: systemClock });
  await app.init();
  const t2 = performance.now();
  const server = (await app.start(0)) as Server;
  const t3 = performance.now();
  return { server, store, app, services, stop, timings: [t1 - t0, t2 - t1, t3 - t2] };
}

async function startBare(): Promise<Started> {
  const t0 = performance.now();
  const app = new App({
    token: process.env.SLACK_BOT_TOKEN,
    signingSecret: process.env.SLACK_SIGNING_SECRET,
    botId: 'BBOT',
    botUserId: 'UBOT',
    clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
    logLevel: LogLevel.INFO,
    customRoutes: [
      {
        path: '/healthz',
        method: ['GET'],
        handler: (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"ok":true}');
        },
      },
    ],
  });
  app.command('/reauth', async ({ ack, respond }) => {
    await ack();
    await respond({ response_type: 'ephemeral', replace_original: false, text: 'ok' });
  });
  // The floor for a rollback approval: ack the click, update the message it was on.
  app.action<BlockButtonAction>('rollback_approve', async ({ ack, body, client }) => {
    await ack();
    await client.chat.update({
      channel: body.container.channel_id as string,
      ts: body.container.message_ts as string,
      text: 'approved',
    });
  });
  const t1 = performance.now();
  const server = (await app.start(0)) as Server;
  return { server, app, stop: () => app.stop(), timings: [0, t1 - t0, performance.now() - t1] };
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode !== 'real' && mode !== 'bare') throw new Error('usage: appServer.js real|bare');
  const started: Started = mode === 'real' ? await startReal() : await startBare();
  const store = started.store;
  const address = started.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const [openMs = 0, createMs = 0, listenMs = 0] = started.timings;
  send({ kind: 'ready', port, openMs, createMs, listenMs });

  const loop = new LagProbe();
  process.on('message', (request: BenchRequest) => {
    void handle(request).catch((error: unknown) =>
      send({ id: request.id, kind: 'error', message: (error as Error).stack ?? String(error) }),
    );
  });

  async function handle(request: BenchRequest): Promise<void> {
    switch (request.kind) {
      case 'write': {
        if (!store) throw new Error('the bare app has no store');
        const probe = new LagProbe().start();
        const slices = new SliceProbe().start();
        const t0 = performance.now();
        const changed = await slices.trace(() =>
          store.recordReauthorization(request.unit, { id: 'UBENCH', at: new Date() }),
        );
        const ms = performance.now() - t0;
        const lag = probe.stop();
        send({ id: request.id, kind: 'write', ms, changed: changed.length, slices: slices.stop(), ...lag });
        return;
      }
      case 'loop-start':
        loop.start();
        send({ id: request.id, kind: 'loop', maxStallMs: 0, maxBusyMs: 0, maxBusyWithoutGcMs: 0 });
        return;
      case 'loop-stop':
        send({ id: request.id, kind: 'loop', ...loop.stop() });
        return;
      case 'digest': {
        const digests = started.services?.digests;
        if (!digests) throw new Error('the bare app builds no digest');
        const probe = new LagProbe().start();
        const slices = new SliceProbe().start();
        const t0 = performance.now();
        const { digest, parts } = await slices.trace(() => digests.current());
        const ms = performance.now() - t0;
        const lag = probe.stop();
        send({
          id: request.id,
          kind: 'digest',
          ms,
          messages: parts.length,
          pendingAccounts: digest.groups.reduce((n, g) => n + g.accounts.length, 0),
          slices: slices.stop(),
          ...lag,
        });
        return;
      }
      case 'usage': {
        const usage = process.resourceUsage();
        send({
          id: request.id,
          kind: 'usage',
          maxRssMb: usage.maxRSS / 1024,
          heapUsedMb: process.memoryUsage().heapUsed / 1024 / 1024,
        });
        return;
      }
      case 'stop':
        await started.stop();
        await store?.close();
        send({ id: request.id, kind: 'stopped' });
        setImmediate(() => process.exit(0));
        return;
    }
  }
}

main().catch((error: unknown) => {
  console.error('bench app server failed:', error);
  process.exit(1);
});

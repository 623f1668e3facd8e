import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { DEFAULT_DIGEST_CRON } from '../../src/domain/digestSchedule.js';
import { openMemoryStore } from '../../store/openStore.js';
import { CaptureLogger } from '../support/captureLogger.js';
import { FakeSlack } from '../support/fakeSlack.js';
import { BOT_TOKEN, TestApp } from '../support/harness.js';
import { sampleBatch } from '../support/sampleData.js';
import { TestClock } from '../support/testClock.js';

const running: TestApp[] = [];
afterEach(async () => {
  for (const t of running.splice(0)) await t.stop();
});

async function start(): Promise<TestApp> {
  const t = await TestApp.start();
  running.push(t);
  return t;
}

async function get(t: TestApp, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${t.url}${path}`);
  return { status: res.status, body: await res.json() };
}

describe('health and readiness', () => {
  it('answers /healthz, and /readyz once the store and Slack are both there', async () => {
    const t = await start();
    expect(await get(t, '/healthz')).toEqual({ status: 200, body: { ok: true } });
    expect(await get(t, '/readyz')).toEqual({
      status: 200,
      body: { ready: true, store: 'ok', slack: 'ok' },
    });
    expect(t.slack.callsTo('auth.test')).toHaveLength(1);
  });

  it('is not ready (503) once the store is closed, while still alive', async () => {
    const t = await start();
    await t.store.close();
    expect(await get(t, '/readyz')).toEqual({
      status: 503,
      body: { ready: false, store: 'closed', slack: 'ok' },
    });
    expect(await get(t, '/healthz')).toEqual({ status: 200, body: { ok: true } });
    expect(t.logger.text()).toContain('WARN Not ready: store closed; Slack ok');
  });

  it('is not ready (503) while store writes fail at the disk, and ready again once one succeeds', async () => {
    const memory = openMemoryStore();
    let diskFull = true;
    // A store whose disk is full: writes fail with the system's error until space is freed.
    const store = new Proxy(memory, {
      get(target, property, receiver) {
        if (property === 'recordReauthorization' && diskFull)
          return () =>
            Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const t = await TestApp.start({ store });
    running.push(t);
    await t.store.importBatch(sampleBatch(), { id: 'test', at: t.clock.now() });
    await t.command('done acme-outdoor UK');
    expect(await get(t, '/readyz')).toEqual({
      status: 503,
      body: { ready: false, store: 'ENOSPC: no space left on device', slack: 'ok' },
    });
    diskFull = false;
    await t.command('done acme-outdoor UK');
    expect((await get(t, '/readyz')).status).toBe(200);
  });

  it('is not ready (503) while Slack refuses the token, and asks Slack again a little later', async () => {
    const t = await start();
    t.slack.failNext('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    const refused = await get(t, '/readyz');
    expect(refused).toEqual({
      status: 503,
      body: { ready: false, store: 'ok', slack: expect.stringContaining('auth.test failed') },
    });
    expect((refused.body as { slack: string }).slack).toContain('invalid_auth');
    // Within a few seconds the last answer stands: a probe does not become a stream of auth.test calls.
    expect((await get(t, '/readyz')).status).toBe(503);
    expect(t.slack.callsTo('auth.test')).toHaveLength(1);
  });
});

describe('in Socket Mode', () => {
  it('serves /healthz, /readyz and /metrics on METRICS_PORT', async () => {
    const slack = await new FakeSlack().start();
    const store = openMemoryStore();
    const metricsPort = await freePort();
    const { app, stop } = createApp({
      config: {
        port: 0,
        metricsPort,
        storeFile: ':memory:',
        timeZone: 'UTC',
        approvers: [],
        digest: { cron: DEFAULT_DIGEST_CRON, dm: false },
        slackApiUrl: slack.apiUrl,
        slack: { botToken: BOT_TOKEN, signingSecret: '', appToken: 'xapp-1-A1-test-socket-token' },
      },
      store,
      clock: new TestClock('2026-11-28T12:00:00Z'),
      logger: new CaptureLogger(),
      botIdentity: { botId: 'BBOT', botUserId: 'UBOT' },
    });
    // No WebSocket here: Slack refuses the connection for good, after the port is open.
    slack.failNext('apps.connections.open', { body: { ok: false, error: 'invalid_auth' } });
    await expect(app.start()).rejects.toThrow('invalid_auth');
    try {
      const base = `http://127.0.0.1:${metricsPort}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ ready: true, store: 'ok', slack: 'ok' });
      expect(await (await fetch(`${base}/metrics`)).text()).toContain('reauth_requests_total');
    } finally {
      await stop().catch(() => undefined);
      await store.close();
      await slack.stop();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

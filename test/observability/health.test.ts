import { afterEach, describe, expect, it } from 'vitest';
import { TestApp } from '../support/harness.js';

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

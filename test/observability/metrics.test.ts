import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { TestApp } from '../support/harness.js';
import { sampleBatch } from '../support/sampleData.js';

const running: TestApp[] = [];
afterEach(async () => {
  for (const t of running.splice(0)) await t.stop();
});

async function start(options: Parameters<typeof TestApp.start>[0] = {}): Promise<TestApp> {
  const t = await TestApp.start(options);
  running.push(t);
  return t;
}

async function scrape(t: TestApp): Promise<string> {
  const res = await fetch(`${t.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** The value of one sample in Prometheus text, its labels matched whatever their order; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return 0;
}

/** Waits until the app has finished `count` requests (its "Handled" log line). */
async function handled(t: TestApp, count: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (t.logger.lines.filter((l) => l.startsWith('INFO Handled ')).length < count) {
    if (Date.now() > deadline) throw new Error(`Not handled:\n${t.logger.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const digestConfig: Partial<Config> = {
  deadline: '2026-12-30',
  digest: { channel: 'CDIGEST', cron: '0 9 * * 1-5', dm: false },
};

describe('GET /metrics', () => {
  it('counts requests by surface and outcome, with ack and answer latencies and the Slack calls made', async () => {
    const t = await start();
    const before = await scrape(t);
    expect(sample(before, 'reauth_requests_total', { surface: 'command', outcome: 'ok' })).toBe(0);

    await t.command('help');
    await t.command('status acme');
    // A reply that reaches nobody: response_url and the Web API both fail, and the handler logs it.
    t.slack.failNext('response_url', { status: 500 });
    t.slack.failNext('chat.postEphemeral', { body: { ok: false, error: 'channel_not_found' } });
    await t.sendCommand('help');
    await handled(t, 3);

    const after = await scrape(t);
    expect(sample(after, 'reauth_requests_total', { surface: 'command', outcome: 'ok' })).toBe(2);
    expect(sample(after, 'reauth_requests_total', { surface: 'command', outcome: 'error' })).toBe(1);
    expect(sample(after, 'reauth_ack_seconds_count', { surface: 'command' })).toBe(3);
    expect(sample(after, 'reauth_answer_seconds_count', { surface: 'command' })).toBe(3);
    expect(sample(after, 'reauth_ack_seconds_bucket', { surface: 'command', le: '+Inf' })).toBe(3);
    expect(sample(after, 'reauth_slack_api_calls_total', { method: 'response_url', outcome: 'ok' })).toBe(2);
    expect(
      sample(after, 'reauth_slack_api_calls_total', { method: 'response_url', outcome: 'server_error' }),
    ).toBe(1);
    expect(
      sample(after, 'reauth_slack_api_calls_total', { method: 'chat.postEphemeral', outcome: 'error' }),
    ).toBe(1);
    // Node's own, event-loop lag among them.
    expect(after).toMatch(/^reauth_nodejs_eventloop_lag_seconds \d/m);
    expect(after).toMatch(/^reauth_process_resident_memory_bytes \d/m);
  });

  it("counts 429s and the Bolt client's retries by method", async () => {
    const t = await start({ productionRetries: true });
    t.slack.failNext('response_url', { status: 500 });
    t.slack.failNext('chat.postEphemeral', { status: 503 });
    await t.sendCommand('help');
    await t.slack.waitFor((c) => c.method === 'chat.postEphemeral' && !c.fault, 10_000);
    await handled(t, 1);
    const text = await scrape(t);
    expect(sample(text, 'reauth_slack_api_retries_total', { method: 'chat.postEphemeral' })).toBe(1);
    expect(
      sample(text, 'reauth_slack_api_calls_total', { method: 'chat.postEphemeral', outcome: 'server_error' }),
    ).toBe(1);
    expect(
      sample(text, 'reauth_slack_api_calls_total', { method: 'chat.postEphemeral', outcome: 'ok' }),
    ).toBe(1);
  });

  it('counts digest messages posted, uncertain posts and their retries, and times store writes', async () => {
    const t = await start({ config: digestConfig });
    await t.services.store.importBatch(sampleBatch(), { id: 'test', at: t.clock.now() });
    // Slack rate-limits the first post; then it posts the message but answers 500: the post is uncertain, looked for, and found.
    t.slack.failNext(
      'chat.postMessage',
      () =>
        t.slack.callsTo('chat.postMessage').length === 1
          ? { status: 429, headers: { 'retry-after': '0' } }
          : { status: 500, acted: true },
      2,
    );
    const outcome = await t.services.digests.postExtra('UAPPROVER');
    expect(outcome).toMatchObject({ kind: 'posted' });
    const text = await scrape(t);
    const posted = t.slack.callsTo('chat.postMessage').filter((c) => !c.fault).length;
    expect(sample(text, 'reauth_digest_messages_posted_total', { target: 'channel' })).toBe(posted);
    expect(sample(text, 'reauth_slack_uncertain_posts_total', { method: 'chat.postMessage' })).toBe(1);
    expect(
      sample(text, 'reauth_slack_api_calls_total', { method: 'chat.postMessage', outcome: 'rate_limited' }),
    ).toBe(1);
    expect(sample(text, 'reauth_slack_api_retries_total', { method: 'chat.postMessage' })).toBe(2);
    expect(
      sample(text, 'reauth_store_write_seconds_count', { operation: 'importBatch', outcome: 'ok' }),
    ).toBe(1);
    expect(
      sample(text, 'reauth_store_write_seconds_count', { operation: 'recordDigestSlot', outcome: 'ok' }),
    ).toBe(1);
  });

  it('gauges the pending units and the rollbacks waiting for a decision, as the store changes', async () => {
    const t = await start({ config: { approvers: ['UAPPROVER'] } });
    expect(sample(await scrape(t), 'reauth_pending_units')).toBe(0);
    await t.services.store.importBatch(sampleBatch(), { id: 'test', at: t.clock.now() });
    const imported = await scrape(t);
    // Acme EU, Borealis UK/DE/FR, Cedar 1 and 2, Dune EU and ME, Emu NA, EU and FE: AU is FE with JP.
    expect(sample(imported, 'reauth_pending_units')).toBe(11);
    expect(sample(imported, 'reauth_open_rollbacks')).toBe(0);

    await t.command('done acme-outdoor UK');
    await t.command('rollback acme-outdoor UK connector lost orders');
    await handled(t, 2);
    const changed = await scrape(t);
    expect(sample(changed, 'reauth_pending_units')).toBe(10);
    expect(sample(changed, 'reauth_open_rollbacks')).toBe(1);
  });
});

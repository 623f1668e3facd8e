import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandBody, sign, TestApp } from '../support/harness.js';
import { sampleBatch } from '../support/sampleData.js';
import { expectNoSecretsLeaked } from './support/secrets.js';

const now = () => Math.floor(Date.now() / 1000);

/** Posts to the app with exactly these headers and body (no signing of its own). */
async function postRaw(t: TestApp, body: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(`${t.url}/slack/events`, { method: 'POST', headers, body });
  await res.text();
  return res.status;
}

describe('hostile requests at the transport', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await TestApp.start();
    await t.store.importBatch(sampleBatch(), { id: 'import', at: t.clock.now() });
  });
  afterEach(async () => {
    expectNoSecretsLeaked(t);
    await t.stop();
  });

  async function expectStillServing(): Promise<void> {
    const reply = await t.command('status acme-outdoor');
    expect(reply.raw).toContain('Acme Outdoor');
  }

  it('a flood of unsigned ssl_check posts, each with a different large signature, is answered and remembered nowhere', async () => {
    const junk = 'f'.repeat(8_000);
    const statuses: number[] = [];
    for (let batch = 0; batch < 20; batch++) {
      const sent = Array.from({ length: 50 }, (_, i) =>
        postRaw(t, 'ssl_check=1&token=x', {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(now()),
          'x-slack-signature': `v0=${batch}-${i}-${junk}`,
        }),
      );
      statuses.push(...(await Promise.all(sent)));
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(t.replayGuard?.size).toBe(0);
    await expectStillServing();
    // The command just sent is the only request remembered.
    expect(t.replayGuard?.size).toBe(1);
  });

  it.each([
    ['form payload=null', 'payload=null', 'application/x-www-form-urlencoded'],
    ['form payload=42', 'payload=42', 'application/x-www-form-urlencoded'],
    ['form payload=[]', 'payload=%5B%5D', 'application/x-www-form-urlencoded'],
    ['form payload="text"', 'payload=%22text%22', 'application/x-www-form-urlencoded'],
    ['JSON null', 'null', 'application/json'],
    ['JSON array', '[{"type":"url_verification"}]', 'application/json'],
    ['JSON number', '7', 'application/json'],
    ['JSON string', '"ssl_check"', 'application/json'],
    ['not JSON at all', '{nope', 'application/json'],
  ])(
    'a signed body that is not an object (%s): 400, and the bot keeps serving',
    async (_what, body, type) => {
      const auditBefore = (await t.store.auditTrail()).length;
      expect((await t.post(body, { contentType: type })).status).toBe(400);
      expect((await t.store.auditTrail()).length).toBe(auditBefore);
      await expectStillServing();
    },
  );

  it('a captured command replayed with its signature decorated is refused and does nothing', async () => {
    const body = commandBody('done acme-outdoor UK', 'UAGENT', 'CSUPPORT', t.slack.responseUrl('once'));
    const ts = now();
    const signature = sign(body, ts);
    expect((await t.post(body, { timestamp: ts, signature })).status).toBe(200);
    await t.slack.waitForResponse('once');
    const auditAfterFirst = (await t.store.auditTrail()).length;
    const hex = signature.slice('v0='.length);
    const decorated = [
      `${signature}=`,
      `${signature}=x`,
      `${signature}==v0`,
      `v0=${hex.toUpperCase()}`,
      `V0=${hex}`,
      `v0=${hex}0`,
      `v0=0${hex}`,
      `v0= ${hex}`,
      `v0=${hex},v0=${hex}`,
    ];
    const statuses = [];
    for (const variant of decorated)
      statuses.push((await t.post(body, { timestamp: ts, signature: variant })).status);
    expect(statuses).toEqual(decorated.map(() => 401));
    // And the timestamp spelled another way that Bolt would read as the same number.
    expect((await t.post(body, { timestamp: ts, signature: sign(body, ts) })).status).toBe(401);
    const padded = await postRaw(t, body, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': `0${ts}`,
      'x-slack-signature': signature,
    });
    expect(padded).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect((await t.store.auditTrail()).length).toBe(auditAfterFirst);
    expect(t.slack.responses('once')).toHaveLength(1);
    expect(t.replayGuard?.size).toBe(1);
  });
});

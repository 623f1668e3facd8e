import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { type SendAnswer, sendConnectorEvents } from '../src/cli/connectorCommand.js';
import { openMemoryStore } from '../store/openStore.js';
import { CaptureLogger } from './support/captureLogger.js';
import { expectAnswerMatchesContract, expectRequestMatchesContract } from './support/connectorContract.js';
import { TestApp } from './support/harness.js';
import { sampleBatch } from './support/sampleData.js';
import { TestClock } from './support/testClock.js';

const SECRET = 'connector-test-secret-0123456789abcdef0123';
const IMPORTED_AT = new Date('2026-11-02T09:00:00Z');

type Event = Record<string, unknown>;

function authorized(
  id: string,
  channelId: string,
  occurredAt: string,
  authorization: string,
  more: Event = {},
): Event {
  return {
    id,
    type: 'channel.authorization_changed',
    occurredAt,
    accountId: 'acme-outdoor',
    channelId,
    marketplace: 'UK',
    sellerId: 'A1ACMEEU00001X',
    authorization,
    ...more,
  };
}

function sign(body: string, timestamp: number, secret = SECRET): string {
  return `v1=${createHmac('sha256', secret).update(`v1:${timestamp}:${body}`).digest('hex')}`;
}

describe('POST /connector/v1/events, end to end over HTTP', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await TestApp.start({ config: { connector: { secret: SECRET, port: 0 } } });
    await t.store.importBatch(sampleBatch(), { id: 'import', at: IMPORTED_AT });
  });
  afterEach(() => t.stop());

  const endpoint = () => `${t.url}/connector/v1/events`;
  const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000);

  /** Signs and sends as `reauth connector send` does; request and answer checked against the OpenAPI document. */
  async function send(events: Event[] | string): Promise<SendAnswer> {
    const body = typeof events === 'string' ? events : JSON.stringify({ events });
    const timestamp = nowSeconds();
    if (typeof events !== 'string')
      expectRequestMatchesContract(body, {
        'x-reauth-request-timestamp': String(timestamp),
        'x-reauth-signature': sign(body, timestamp),
      });
    const answer = await sendConnectorEvents({
      url: endpoint(),
      secret: SECRET,
      body,
      nowMs: t.clock.now().getTime(),
    });
    expectAnswerMatchesContract(answer.status, answer.contentType, answer.text);
    expect(answer.text).not.toContain(SECRET);
    return answer;
  }

  /** A request with the headers given, as they are (no signing of its own). */
  async function raw(body: string, headers: Record<string, string>): Promise<SendAnswer> {
    const res = await fetch(endpoint(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await res.text();
    expectAnswerMatchesContract(res.status, res.headers.get('content-type'), text);
    expect(text).not.toContain(SECRET);
    return { status: res.status, contentType: res.headers.get('content-type'), text, body: JSON.parse(text) };
  }

  async function snapshot() {
    return { channels: await t.store.allChannels(), audit: await t.store.auditTrail() };
  }

  it('applies a signed batch, audited as the connector, and status says the state came from the connector', async () => {
    t.clock.set('2026-11-28T12:00:00Z');
    const answer = await send([
      authorized('e-uk', 'ch-acme-uk', '2026-11-28T11:56:00Z', 'MWS/SP-API'),
      authorized('e-de', 'ch-acme-de', '2026-11-28T11:56:00Z', 'MWS/SP-API', { marketplace: 'DE' }),
      authorized('e-fr', 'ch-acme-fr', '2026-11-28T12:56:00+01:00', 'MWS/SP-API', { marketplace: 'FR' }),
    ]);
    expect(answer).toMatchObject({ status: 200, body: { applied: 3, duplicates: 0, superseded: 0 } });
    const audit = await t.store.auditTrail('acme-outdoor');
    expect(audit.slice(-3).map((e) => [e.actor, e.target])).toEqual([
      ['connector', 'channel:ch-acme-uk'],
      ['connector', 'channel:ch-acme-de'],
      ['connector', 'channel:ch-acme-fr'],
    ]);

    const reply = await t.command('status acme-outdoor');
    const shown = JSON.stringify(reply.body.blocks);
    const fourMinutesAgo = Date.parse('2026-11-28T11:56:00Z') / 1000;
    expect(shown).toContain(`From the connector, <!date^${fourMinutesAgo}^{ago}|28 Nov 2026 11:56 UTC>`);
    expect(shown).toContain(
      `From an import on <!date^${IMPORTED_AT.getTime() / 1000}^{date_short_pretty}|2 Nov 2026>`,
    );
    expect(shown).toContain('Every channel shows MWS/SP-API; nothing left to reauthorize');

    const history = JSON.stringify((await t.command('history acme-outdoor')).body.blocks);
    expect(history).toContain(
      'the connector (event `e-fr`, channel.authorization_changed for ch-acme-fr): authorization MWS -&gt; MWS/SP-API',
    );
  });

  it('refuses a bad or missing signature with 401, applying nothing', async () => {
    const before = await snapshot();
    const body = JSON.stringify({
      events: [authorized('e1', 'ch-acme-uk', '2026-11-28T11:00:00Z', 'MWS/SP-API')],
    });
    const ts = String(nowSeconds());
    const wrongSecret = await raw(body, {
      'x-reauth-request-timestamp': ts,
      'x-reauth-signature': sign(body, Number(ts), 'another-secret-entirely-0123456789'),
    });
    expect(wrongSecret.status).toBe(401);
    expect((wrongSecret.body as { error: string }).error).toMatch(/does not match the body/);
    const tampered = await raw(body.replace('MWS/SP-API', 'none'), {
      'x-reauth-request-timestamp': ts,
      'x-reauth-signature': sign(body, Number(ts)),
    });
    expect(tampered.status).toBe(401);
    const unsigned = await raw(body, {});
    expect(unsigned.status).toBe(401);
    expect((unsigned.body as { error: string }).error).toMatch(/X-Reauth-Signature/);
    expect(await snapshot()).toEqual(before);
    expect(t.logger.text()).not.toContain(SECRET);
  });

  it('refuses a replayed request and a timestamp more than 5 minutes off either way', async () => {
    const body = JSON.stringify({
      events: [authorized('e1', 'ch-acme-uk', '2026-11-28T11:00:00Z', 'MWS/SP-API')],
    });
    const ts = nowSeconds();
    const headers = { 'x-reauth-request-timestamp': String(ts), 'x-reauth-signature': sign(body, ts) };
    expect((await raw(body, headers)).status).toBe(200);
    const replay = await raw(body, headers);
    expect(replay.status).toBe(401);
    expect((replay.body as { error: string }).error).toMatch(/received before/);

    for (const offset of [-6 * 60, 6 * 60]) {
      const stamp = ts + offset;
      const stale = await raw(body, {
        'x-reauth-request-timestamp': String(stamp),
        'x-reauth-signature': sign(body, stamp),
      });
      expect(stale.status, `timestamp ${offset} s off`).toBe(401);
      expect((stale.body as { error: string }).error).toMatch(/more than 5 minutes/);
    }
    // Within the window either way is fine (here: the same ids again, so duplicates).
    const stamp = ts + 4 * 60;
    const near = await raw(body, {
      'x-reauth-request-timestamp': String(stamp),
      'x-reauth-signature': sign(body, stamp),
    });
    expect(near).toMatchObject({ status: 200, body: { applied: 0, duplicates: 1, superseded: 0 } });
  });

  it('counts ids seen before as duplicates and changes nothing for them', async () => {
    await send([authorized('e1', 'ch-acme-uk', '2026-11-28T11:00:00Z', 'MWS/SP-API')]);
    const before = await snapshot();
    const again = await send([
      authorized('e1', 'ch-acme-uk', '2026-11-28T11:30:00Z', 'none'),
      authorized('e2', 'ch-acme-de', '2026-11-28T11:30:00Z', 'MWS/SP-API', { marketplace: 'DE' }),
      authorized('e2', 'ch-acme-de', '2026-11-28T11:31:00Z', 'none', { marketplace: 'DE' }),
    ]);
    expect(again.body).toEqual({ applied: 1, duplicates: 2, superseded: 0 });
    const channels = await t.store.channelsOfAccount('acme-outdoor');
    expect(channels.find((c) => c.id === 'ch-acme-uk')).toEqual(
      before.channels.find((c) => c.id === 'ch-acme-uk'),
    );
    expect(channels.find((c) => c.id === 'ch-acme-de')?.authorization).toBe('MWS/SP-API');
  });

  it('applies events in occurredAt order per channel: a late older event is superseded and audited', async () => {
    const first = await send([
      authorized('newer', 'ch-acme-uk', '2026-11-28T11:50:00Z', 'MWS/SP-API'),
      authorized('older', 'ch-acme-uk', '2026-11-28T11:40:00Z', 'none'),
    ]);
    expect(first.body).toEqual({ applied: 2, duplicates: 0, superseded: 0 });
    const late = await send([authorized('oldest', 'ch-acme-uk', '2026-11-28T11:30:00Z', 'MWS')]);
    expect(late.body).toEqual({ applied: 0, duplicates: 0, superseded: 1 });
    const uk = (await t.store.channelsOfAccount('acme-outdoor')).find((c) => c.id === 'ch-acme-uk');
    expect(uk).toMatchObject({ authorization: 'MWS/SP-API', stateAt: '2026-11-28T11:50:00Z' });
    expect((await t.store.auditTrail('acme-outdoor')).at(-1)).toMatchObject({
      actor: 'connector',
      action: 'connector event superseded',
      details: { event: 'oldest' },
    });
  });

  it('answers an invalid batch 400 with every problem, and applies none of it', async () => {
    const before = await snapshot();
    const answer = await send(
      JSON.stringify({
        events: [
          authorized('ok', 'ch-acme-uk', '2026-11-28T11:00:00Z', 'MWS/SP-API'),
          authorized('no-offset', 'ch-acme-de', '2026-11-28T11:00:00', 'MWS/SP-API', { marketplace: 'DE' }),
          authorized('bad-auth', 'ch-acme-fr', '2026-11-28T11:00:00Z', 'SP-API', { marketplace: 'XX' }),
          {
            id: 'what',
            type: 'channel.renamed',
            occurredAt: '2026-11-28T11:00:00Z',
            accountId: 'acme-outdoor',
          },
          authorized('ghost', 'ch-ghost', '2026-11-28T11:00:00Z', 'MWS', { accountId: 'nobody' }),
        ],
      }),
    );
    expect(answer.status).toBe(400);
    expect((answer.body as { errors: unknown[] }).errors).toEqual([
      { index: 1, field: 'occurredAt', message: expect.stringMatching(/ISO 8601 date-time with an offset/) },
      { index: 2, field: 'authorization', message: 'must be MWS, MWS/SP-API or none' },
      { index: 2, field: 'marketplace', message: expect.stringMatching(/"XX" is not an Amazon marketplace/) },
      {
        index: 3,
        field: 'type',
        message: expect.stringMatching(/^must be one of channel.authorization_changed/),
      },
    ]);
    // Once the shape is right, what the store knows is checked too: still all or nothing.
    const unknownAccount = await send([
      authorized('ok', 'ch-acme-uk', '2026-11-28T11:00:00Z', 'MWS/SP-API'),
      authorized('ghost', 'ch-ghost', '2026-11-28T11:00:00Z', 'MWS', { accountId: 'nobody' }),
    ]);
    expect(unknownAccount).toMatchObject({
      status: 400,
      body: {
        errors: [
          { index: 1, field: 'accountId', message: expect.stringMatching(/"nobody" is not on record/) },
        ],
      },
    });
    for (const broken of ['{"events": [', '{"events": []}', '[]']) {
      expect((await send(broken)).status, broken).toBe(400);
    }
    expect(await snapshot()).toEqual(before);
    // Refused batches leave no id behind: the good event applies when sent right.
    expect(
      (await send([authorized('ok', 'ch-acme-uk', '2026-11-28T11:00:00Z', 'MWS/SP-API')])).body,
    ).toMatchObject({
      applied: 1,
    });
  });

  it('applies a batch of 1,000 events in one go and refuses 1,001; over 1 MiB is 413', async () => {
    const events = Array.from({ length: 1000 }, (_, i) =>
      authorized(`bulk-${i}`, `ch-bulk-${i}`, '2026-11-28T11:00:00Z', i % 2 ? 'MWS' : 'MWS/SP-API', {
        accountId: 'borealis-books',
        marketplace: 'DE',
        sellerId: `A3BULK${String(i).padStart(8, '0')}`,
      }),
    );
    const answer = await send(events);
    expect(answer).toMatchObject({ status: 200, body: { applied: 1000, duplicates: 0, superseded: 0 } });
    expect(await t.store.channelsOfAccount('borealis-books')).toHaveLength(1003);

    // Sent as it is: the OpenAPI document itself rules such a request out.
    const tooMany = await send(
      JSON.stringify({
        events: [...events, authorized('one-more', 'ch-acme-uk', '2026-11-28T11:00:00Z', 'MWS')],
      }),
    );
    expect(tooMany).toMatchObject({
      status: 400,
      body: { errors: [{ index: -1, field: 'events', message: 'must hold 1 to 1000 events' }] },
    });
    const huge = JSON.stringify({ events: [{ ...events[0], padding: 'x'.repeat(1024 * 1024) }] });
    const ts = nowSeconds();
    const tooLarge = await raw(huge, {
      'x-reauth-request-timestamp': String(ts),
      'x-reauth-signature': sign(huge, ts),
    });
    expect(tooLarge.status).toBe(413);
  });
});

describe('the connector API when REAUTH_CONNECTOR_SECRET is not set', () => {
  it('is not there', async () => {
    const t = await TestApp.start();
    try {
      const res = await fetch(`${t.url}/connector/v1/events`, { method: 'POST', body: '{"events":[]}' });
      expect(res.status).toBe(404);
      await res.text();
    } finally {
      await t.stop();
    }
  });
});

describe('the connector API in Socket Mode', () => {
  it('is served on a port of its own (CONNECTOR_PORT), answering only its path', async () => {
    const store = openMemoryStore();
    await store.importBatch(sampleBatch(), { id: 'import', at: IMPORTED_AT });
    const clock = new TestClock('2026-11-28T12:00:00Z');
    const created = createApp({
      config: {
        port: 0,
        storeFile: ':memory:',
        timeZone: 'UTC',
        approvers: [],
        digest: { cron: '0 9 * * 1-5', dm: false },
        slackApiUrl: 'http://127.0.0.1:9/',
        slack: { botToken: 'xoxb-test', signingSecret: '', appToken: 'xapp-test' },
        connector: { secret: SECRET, port: 0 },
      },
      store,
      clock,
      logger: new CaptureLogger(),
      botIdentity: { botId: 'BBOT', botUserId: 'UBOT' },
    });
    expect(created.connector).toBe('own-server');
    const port = await created.startConnector();
    try {
      const url = `http://127.0.0.1:${port}/connector/v1/events`;
      const body = JSON.stringify({
        events: [authorized('s1', 'ch-acme-uk', '2026-11-28T11:00:00Z', 'MWS/SP-API')],
      });
      const answer = await sendConnectorEvents({ url, secret: SECRET, body, nowMs: clock.now().getTime() });
      expect(answer).toMatchObject({ status: 200, body: { applied: 1, duplicates: 0, superseded: 0 } });
      const other = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: '' });
      expect(other.status).toBe(404);
      await other.text();
    } finally {
      await created.stop();
      await store.close();
    }
  });
});

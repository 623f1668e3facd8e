import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectorCommand } from '../../src/cli/connectorCommand.js';
import { reauthCommand } from '../../src/cli/reauthCommand.js';
import { captureIo } from '../support/cliIo.js';
import { TestApp } from '../support/harness.js';
import { sampleBatch } from '../support/sampleData.js';
import { TestClock } from '../support/testClock.js';

const SECRET = 'cli-connector-secret-0123456789abcdef0123';

describe('reauth connector send', () => {
  let t: TestApp;
  let dir: string;
  beforeEach(async () => {
    // The command signs with the real time, so the bot's clock is the real time too.
    t = await TestApp.start({
      clock: new TestClock(new Date().toISOString()),
      config: { connector: { secret: SECRET, port: 0 } },
    });
    await t.store.importBatch(sampleBatch(), { id: 'import', at: t.clock.now() });
    dir = mkdtempSync(join(tmpdir(), 'connector-send-'));
  });
  afterEach(() => t.stop());

  function file(events: unknown[]): string {
    const path = join(dir, 'events.json');
    writeFileSync(path, JSON.stringify({ events }));
    return path;
  }

  const event = (id: string, authorization: string) => ({
    id,
    type: 'channel.authorization_changed',
    occurredAt: new Date().toISOString(),
    accountId: 'acme-outdoor',
    channelId: 'ch-acme-uk',
    marketplace: 'UK',
    sellerId: 'A1ACMEEU00001X',
    authorization,
  });

  it('signs and sends a file, and says what the bot did with it', async () => {
    const io = captureIo();
    const env = { REAUTH_CONNECTOR_SECRET: SECRET };
    const path = file([event('cli-1', 'MWS/SP-API')]);
    const url = `${t.url}/connector/v1/events`;
    expect(await reauthCommand(['connector', 'send', path, '--url', url], env, io)).toBe(0);
    expect(io.out()).toBe(
      'Sent. The bot applied 1 event; 0 duplicates (seen before) and 0 superseded events (older than its state) changed nothing.\n',
    );
    expect(
      (await t.store.channelsOfAccount('acme-outdoor')).find((c) => c.id === 'ch-acme-uk'),
    ).toMatchObject({
      authorization: 'MWS/SP-API',
      stateSource: 'connector',
    });
    // The same file signed within the same second is the same request, refused as a replay:
    // sending it again a second later is a new one.
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 10));
    const again = captureIo();
    expect(await connectorCommand(['send', path, '--url', url], env, again)).toBe(0);
    expect(again.out()).toContain('applied 0 events; 1 duplicate (seen before)');
  });

  it("prints the bot's problems for a refused batch, and exits 1", async () => {
    const io = captureIo();
    const path = file([event('bad', 'SP-API')]);
    const code = await connectorCommand(
      ['send', path, '--url', `${t.url}/connector/v1/events`],
      { REAUTH_CONNECTOR_SECRET: SECRET },
      io,
    );
    expect(code).toBe(1);
    expect(io.err()).toBe(
      'The bot refused the batch (1 problem); nothing was applied:\n  event 0, authorization: must be MWS, MWS/SP-API or none\n',
    );
  });

  it('says a wrong secret was refused, without showing either secret', async () => {
    const io = captureIo();
    const wrong = 'not-the-secret-at-all-0123456789abcdef';
    const code = await connectorCommand(
      ['send', file([event('x', 'MWS')]), '--url', `${t.url}/connector/v1/events`],
      { REAUTH_CONNECTOR_SECRET: wrong },
      io,
    );
    expect(code).toBe(1);
    expect(io.err()).toMatch(/^The bot answered 401: The signature does not match the body/);
    expect(io.err()).not.toContain(wrong);
    expect(io.err()).not.toContain(SECRET);
  });

  it('asks for the secret, the file and the verb', async () => {
    const io = captureIo();
    expect(await connectorCommand(['send', 'events.json'], {}, io)).toBe(1);
    expect(io.err()).toMatch(/REAUTH_CONNECTOR_SECRET is not set/);
    expect(await connectorCommand(['send'], { REAUTH_CONNECTOR_SECRET: SECRET }, captureIo())).toBe(2);
    expect(await connectorCommand(['push', 'x.json'], { REAUTH_CONNECTOR_SECRET: SECRET }, captureIo())).toBe(
      2,
    );
    const missing = captureIo();
    expect(
      await connectorCommand(['send', join(dir, 'nope.json')], { REAUTH_CONNECTOR_SECRET: SECRET }, missing),
    ).toBe(1);
    expect(missing.err()).toMatch(/cannot read .*nope.json: ENOENT/);
  });
});

import { Writable } from 'node:stream';
import { LogLevel } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { createPino, PinoBoltLogger, requestContext } from '../../src/observability/logging.js';
import { ROLLBACK_APPROVE_ACTION } from '../../src/views/rollback.js';
import type { LogRecord } from '../support/captureLogger.js';
import { BOT_TOKEN, SIGNING_SECRET, TestApp } from '../support/harness.js';

const running: TestApp[] = [];
afterEach(async () => {
  for (const t of running.splice(0)) await t.stop();
});

async function start(options: Parameters<typeof TestApp.start>[0] = {}): Promise<TestApp> {
  const t = await TestApp.start(options);
  running.push(t);
  return t;
}

/** Waits for the app's own line saying the request is done: every line of it is written by then. */
async function handled(t: TestApp, count: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (t.logger.raw.filter((line) => line.includes('"msg":"Handled ')).length < count) {
    if (Date.now() > deadline) throw new Error(`Not handled:\n${t.logger.raw.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the log', () => {
  it('is one JSON object per line with level, time and msg', async () => {
    const t = await start();
    await t.command('help');
    await handled(t, 1);
    expect(t.logger.raw.length).toBeGreaterThan(0);
    for (const line of t.logger.raw) {
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1)).not.toContain('\n');
      const record = JSON.parse(line) as LogRecord;
      expect(['debug', 'info', 'warn', 'error']).toContain(record.level);
      expect(new Date(record.time).toISOString()).toBe(record.time);
      expect(typeof record.msg).toBe('string');
    }
  });

  it("gives every line of a request its request id and command, the services' and Web API client's lines too", async () => {
    const t = await start();
    // The reply cannot go to the response_url, so the handler logs a warning and the Web API client
    // (chat.postEphemeral) logs its own lines, all while handling the command.
    t.slack.failNext('response_url', { status: 500 });
    const [status, help] = await Promise.all([t.sendCommand('status acme'), t.sendCommand('help')]);
    expect([status.result.status, help.result.status]).toEqual([200, 200]);
    await handled(t, 2);

    const records = t.logger.records().filter((r) => r.requestId);
    const ids = [...new Set(records.map((r) => r.requestId))];
    expect(ids).toHaveLength(2);
    const linesOf = (command: string) => records.filter((r) => r.command === command);
    const statusLines = linesOf('/reauth status');
    const helpLines = linesOf('/reauth help');
    expect(statusLines.length + helpLines.length).toBe(records.length);
    expect(new Set(statusLines.map((r) => r.requestId)).size).toBe(1);
    expect(new Set(helpLines.map((r) => r.requestId)).size).toBe(1);
    expect(statusLines[0]?.requestId).not.toBe(helpLines[0]?.requestId);

    const failed = statusLines.length > helpLines.length ? statusLines : helpLines;
    const messages = failed.map((r) => `${r.level} ${r.msg}`);
    expect(messages).toContainEqual(
      expect.stringMatching(/^warn Reply to UAGENT on the response_url failed/),
    );
    expect(messages).toContainEqual(expect.stringMatching(/^debug http request url: .*chat\.postEphemeral/));
    expect(messages).toContainEqual(
      expect.stringMatching(/^info Handled command \/reauth \w+: ok in \d+ ms$/),
    );
  });

  it('names the action of a button click on its lines', async () => {
    const t = await start();
    await t.click(ROLLBACK_APPROVE_ACTION, 'rb-unknown');
    await handled(t, 1);
    const done = t.logger.records().find((r) => r.msg.startsWith('Handled '));
    expect(done).toMatchObject({ action: ROLLBACK_APPROVE_ACTION, requestId: expect.any(String) });
  });

  it('logs only from LOG_LEVEL up', async () => {
    const t = await start({ log: { level: LogLevel.WARN } });
    t.slack.failNext('response_url', { status: 500 });
    await t.sendCommand('help');
    await t.slack.waitFor((c) => c.method === 'chat.postEphemeral');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const levels = t.logger.records().map((r) => r.level);
    expect(levels).toContain('warn');
    expect(levels).not.toContain('info');
    expect(levels).not.toContain('debug');
  });

  it('never holds a secret: not pasted in a command, not in an error, not in a logged object', async () => {
    const t = await start();
    const pasted = 'xoxb-111122223333-pasted-by-mistake';
    const mwsToken = 'amzn.mws.4ea38b7b-f563-7709-4bae-87aeaEXAMPLE'.replace('EXAMPLE', '12345');
    await t.command(`${pasted} ${mwsToken}`);
    await handled(t, 1);
    t.services.logger.error(
      `Slack refused ${BOT_TOKEN}:`,
      new Error(`signed with ${SIGNING_SECRET}, token ${BOT_TOKEN}`),
      { token: BOT_TOKEN, headers: { authorization: `Bearer ${BOT_TOKEN}` } },
    );
    const log = t.logger.raw.join('');
    expect(log).toContain('Slack refused [redacted]');
    for (const secret of [pasted, mwsToken, BOT_TOKEN, SIGNING_SECRET]) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/xox[abpr]-|amzn\.mws\./);
  });

  it('is readable lines, not JSON, on a terminal; secrets removed there too', async () => {
    const written: string[] = [];
    const terminal = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written.push(chunk.toString());
        done();
      },
    });
    const logger = new PinoBoltLogger(
      createPino({ level: 'info', pretty: true, destination: terminal, secrets: [SIGNING_SECRET] }),
    );
    await requestContext.run(
      { requestId: 'r-1', surface: 'command', name: '/reauth status', errors: 0 },
      async () => logger.warn(`Reply failed; secret ${SIGNING_SECRET}`),
    );
    logger.debug('below the level');
    const text = written.join('');
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: Reply failed; secret \[redacted\]\n/);
    expect(text).toContain('requestId: "r-1"');
    expect(text).toContain('command: "/reauth status"');
    expect(text).not.toContain('below the level');
    expect(text).not.toContain('{"level"');
  });
});

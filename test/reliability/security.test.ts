import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SHARE_STATUS_ACTION } from '../../src/views/status.js';
import { commandBody, SIGNING_SECRET, sign, TestApp } from '../support/harness.js';
import { sampleBatch } from '../support/sampleData.js';
import { expectNoSecretsLeaked } from './support/secrets.js';

const now = () => Math.floor(Date.now() / 1000);

describe('requests that are not what Slack sent', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await TestApp.start();
    await t.store.importBatch(sampleBatch(), { id: 'import', at: t.clock.now() });
  });
  afterEach(async () => {
    expectNoSecretsLeaked(t);
    await t.stop();
  });

  /** Sends `/reauth done acme-outdoor UK` with whatever headers the case sets. */
  const doneBody = (responseId: string) =>
    commandBody('done acme-outdoor UK', 'UATTACKER', 'CSUPPORT', t.slack.responseUrl(responseId));

  async function expectNothingChanged(auditBefore: number): Promise<void> {
    // Give a wrongly accepted request time to do its damage before looking.
    await new Promise((r) => setTimeout(r, 200));
    expect((await t.store.auditTrail()).length).toBe(auditBefore);
    expect(
      (await t.store.channelsOfAccount('acme-outdoor')).find((c) => c.id === 'ch-acme-uk')?.authorization,
    ).toBe('MWS');
    expect(t.slack.responses()).toEqual([]);
  }

  it.each([
    [
      'signed with another secret',
      (body: string, ts: number) => ({ signature: sign(body, ts, 'not-the-secret') }),
    ],
    ['a signature of the wrong length', () => ({ signature: 'v0=abc' })],
    [
      'a signature of another version',
      (body: string, ts: number) => ({ signature: sign(body, ts).replace('v0=', 'v1=') }),
    ],
    ['a signature of another body', (_body: string, ts: number) => ({ signature: sign('text=status', ts) })],
    ['no signature at all', () => ({ signature: '' })],
    [
      'a timestamp that is not a number',
      (body: string) => ({ timestamp: Number.NaN, signature: sign(body, 0) }),
    ],
    [
      'a stale timestamp, correctly signed',
      (body: string) => ({ timestamp: now() - 6 * 60, signature: sign(body, now() - 6 * 60) }),
    ],
    [
      'a timestamp 6 minutes ahead, correctly signed',
      (body: string) => ({ timestamp: now() + 6 * 60, signature: sign(body, now() + 6 * 60) }),
    ],
  ])('%s: 401, nothing changed, nothing sent', async (_what, headers) => {
    const auditBefore = (await t.store.auditTrail()).length;
    const body = doneBody('forged');
    const ts = now();
    const result = await t.post(body, { timestamp: ts, ...headers(body, ts) });
    expect(result.status).toBe(401);
    await expectNothingChanged(auditBefore);
  });

  it('a body changed after signing (status turned into done): 401, nothing changed', async () => {
    const auditBefore = (await t.store.auditTrail()).length;
    const ts = now();
    const signedFor = commandBody('status acme-outdoor', 'UAGENT', 'CSUPPORT', t.slack.responseUrl('x'));
    const result = await t.post(doneBody('x'), { timestamp: ts, signature: sign(signedFor, ts) });
    expect(result.status).toBe(401);
    await expectNothingChanged(auditBefore);
  });

  it('the same signed request sent again is refused: the change and its reply happen once', async () => {
    const body = doneBody('once');
    const ts = now();
    const signature = sign(body, ts);
    const first = await t.post(body, { timestamp: ts, signature });
    expect(first.status).toBe(200);
    await t.slack.waitForResponse('once');
    const auditAfterFirst = (await t.store.auditTrail()).length;

    const replays = await Promise.all([1, 2, 3].map(() => t.post(body, { timestamp: ts, signature })));
    expect(replays.map((r) => r.status)).toEqual([401, 401, 401]);
    await new Promise((r) => setTimeout(r, 200));
    expect((await t.store.auditTrail()).length).toBe(auditAfterFirst);
    expect(t.slack.responses('once')).toHaveLength(1);
    expect(t.logger.text()).toContain('Refused a signed request seen before');
  });

  it('two different requests in the same second are both accepted', async () => {
    const ts = now();
    const a = commandBody('status acme', 'UAGENT', 'CSUPPORT', t.slack.responseUrl('a'));
    const b = commandBody('status acme', 'UAGENT', 'CSUPPORT', t.slack.responseUrl('b'));
    const results = await Promise.all(
      [a, b].map((body) => t.post(body, { timestamp: ts, signature: sign(body, ts) })),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    await t.slack.waitForResponse('a');
    await t.slack.waitForResponse('b');
  });

  it('a Share button whose value was changed shares only what exists, escaped, and changes nothing', async () => {
    const auditBefore = (await t.store.auditTrail()).length;
    const other = await t.click(SHARE_STATUS_ACTION, 'borealis-books');
    expect((await t.slack.waitForResponse(other.responseId)).raw).toContain('Borealis Books');
    const missing = await t.click(SHARE_STATUS_ACTION, '<!channel> no-such-account');
    const reply = await t.slack.waitForResponse(missing.responseId);
    expect(reply.raw).toContain('no longer on record');
    expect(reply.raw).not.toContain('<!channel>');
    expect((await t.store.auditTrail()).length).toBe(auditBefore);
    // A rollback button whose value points at another rollback: test/handlers/rollbackDecision.test.ts
    // ("a tampered button value changes nothing") and rollbackChecklist.test.ts.
  });

  it('the signing secret really is the one the app checks (the cases above are not 401 for another reason)', async () => {
    const body = commandBody('status acme-outdoor', 'UAGENT', 'CSUPPORT', t.slack.responseUrl('ok'));
    const ts = now();
    expect((await t.post(body, { timestamp: ts, signature: sign(body, ts, SIGNING_SECRET) })).status).toBe(
      200,
    );
    await t.slack.waitForResponse('ok');
  });
});

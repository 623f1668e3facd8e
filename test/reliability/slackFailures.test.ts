import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROLLBACK_APPROVE_ACTION, ROLLBACK_DENY_ACTION } from '../../src/views/rollback.js';
import { SHARE_STATUS_ACTION } from '../../src/views/status.js';
import type { FakeReply } from '../support/fakeSlack.js';
import { TestApp } from '../support/harness.js';
import { clickIn, openedView } from '../support/interactions.js';
import {
  APPROVER_1,
  APPROVER_2,
  ROLLBACK_CHANNEL,
  requestRollback,
  startRollbackApp,
} from '../support/rollbackSetup.js';
import { sampleBatch } from '../support/sampleData.js';
import { expectNoSecretsLeaked } from './support/secrets.js';

const SLACK_TIMEOUT_MS = 500;

/** Slack answered and said no: the reply was not shown, so it goes by the Web API instead. */
const responseUrlRefusals: [string, FakeReply][] = [
  ['429 with Retry-After', { status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' }],
  ['404 (an expired response_url)', { status: 404, body: 'expired_url' }],
];

/** No clear answer: Slack may have shown the reply, so it is not sent again. */
const responseUrlUnknowns: [string, FakeReply][] = [
  ['500', { status: 500, body: 'internal_error' }],
  ['no answer in time (shown, answered late)', { late: true, delayMs: SLACK_TIMEOUT_MS * 4 }],
];

describe('when Slack fails while the bot answers', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await TestApp.start({ slackTimeoutMs: SLACK_TIMEOUT_MS });
    await t.store.importBatch(sampleBatch(), { id: 'import', at: t.clock.now() });
  });
  afterEach(async () => {
    expectNoSecretsLeaked(t);
    await t.stop();
  });

  const reauthorizations = async () =>
    (await t.store.auditTrail('acme-outdoor')).filter((e) => e.action === 'reauthorized');

  it.each(responseUrlRefusals)(
    'response_url answers %s: done is recorded once and the agent gets the answer by chat.postEphemeral',
    async (_what, failure) => {
      t.slack.failNext('response_url', failure);
      const { result } = await t.sendCommand('done acme-outdoor UK', { user: 'UAGENT7' });
      expect(result.status).toBe(200);
      const fallback = await t.slack.waitFor((c) => c.method === 'chat.postEphemeral', 5000);
      expect(fallback.body).toMatchObject({ channel: 'CSUPPORT', user: 'UAGENT7' });
      expect(String(fallback.body.text)).toContain('now show MWS/SP-API');
      expect(await reauthorizations()).toHaveLength(1);

      // The agent, unsure, types it again: nothing is recorded twice.
      const again = await t.command('done acme-outdoor UK', { user: 'UAGENT7' });
      expect(JSON.stringify(again.body)).toContain('Already recorded');
      expect(await reauthorizations()).toHaveLength(1);
    },
  );

  it.each(responseUrlUnknowns)(
    'response_url answers %s: the answer is sent again privately, marked as sent again, and the change is kept once',
    async (_what, failure) => {
      t.slack.failNext('response_url', failure);
      const { result } = await t.sendCommand('done acme-outdoor UK', { user: 'UAGENT7' });
      expect(result.status).toBe(200);
      const again = await t.slack.waitFor((c) => c.method === 'chat.postEphemeral', 5000);
      expect(again.body).toMatchObject({ channel: 'CSUPPORT', user: 'UAGENT7' });
      expect(String(again.body.text)).toContain('now show MWS/SP-API');
      expect(JSON.stringify(again.body.blocks)).toContain('Sent again: Slack did not confirm the first copy');
      await new Promise((r) => setTimeout(r, SLACK_TIMEOUT_MS * 4));
      expect(t.slack.responses()).toHaveLength(1);
      expect(t.slack.callsTo('chat.postEphemeral')).toHaveLength(1);
      expect(t.logger.text()).toContain('Slack may have shown it');
      expect(await reauthorizations()).toHaveLength(1);
    },
  );

  it('response_url and the Web API both fail (invalid_auth): the change is kept once, the failure logged without the token', async () => {
    t.slack.failNext('response_url', { status: 404, body: 'expired_url' });
    t.slack.failNext('chat.postEphemeral', { body: { ok: false, error: 'invalid_auth' } });
    const { result } = await t.sendCommand('done acme-outdoor UK');
    expect(result.status).toBe(200);
    await t.slack.waitFor((c) => c.method === 'chat.postEphemeral');
    await waitUntil(() => t.logger.text().includes('could not be delivered by the Web API either'));
    expect(t.logger.text()).toContain('invalid_auth');
    expect(await reauthorizations()).toHaveLength(1);
    const channels = await t.store.channelsOfAccount('acme-outdoor');
    expect(
      channels.filter((c) => c.sellerId === 'A1ACMEEU00001X').every((c) => c.authorization === 'MWS/SP-API'),
    ).toBe(true);
  });

  it('the Web API rate-limits the fallback too: logged, the change kept, the next command answered normally', async () => {
    t.slack.failNext('response_url', { status: 503, body: 'unavailable' });
    t.slack.failNext('chat.postEphemeral', {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { ok: false },
    });
    await t.sendCommand('done borealis-books UK');
    await waitUntil(() => t.logger.text().includes('could not be delivered'));
    expect(
      (await t.store.auditTrail('borealis-books')).filter((e) => e.action === 'reauthorized'),
    ).toHaveLength(1);
    const status = await t.command('status borealis-books');
    expect(JSON.stringify(status.body)).toContain('UK `MWS/SP-API`');
  });

  it('a read-only command whose response_url is refused still reaches the agent, and changes nothing', async () => {
    const auditBefore = (await t.store.auditTrail()).length;
    t.slack.failNext('response_url', { status: 410, body: 'expired_url' });
    await t.sendCommand('status dune-traders', { user: 'UAGENT2' });
    const fallback = await t.slack.waitFor((c) => c.method === 'chat.postEphemeral');
    expect(JSON.stringify(fallback.body)).toContain('Dune Traders');
    expect((await t.store.auditTrail()).length).toBe(auditBefore);
  });

  it('Share in channel whose response_url is refused is posted to the channel by chat.postMessage, once', async () => {
    t.slack.failNext('response_url', { status: 404, body: 'expired_url' });
    await t.click(SHARE_STATUS_ACTION, 'acme-outdoor', { channel: 'CSHARE' });
    const posted = await t.slack.waitFor((c) => c.method === 'chat.postMessage');
    expect(posted.body.channel).toBe('CSHARE');
    expect(JSON.stringify(posted.body)).toContain('Acme Outdoor');
    await new Promise((r) => setTimeout(r, 100));
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it.each(responseUrlUnknowns)(
    'Share in channel whose response_url answers %s is not posted again; the agent is told to look first',
    async (_what, failure) => {
      t.slack.failNext('response_url', failure);
      await t.click(SHARE_STATUS_ACTION, 'acme-outdoor', { channel: 'CSHARE', user: 'USHARER' });
      const note = await t.slack.waitFor((c) => c.method === 'chat.postEphemeral', 5000);
      expect(note.body).toMatchObject({ channel: 'CSHARE', user: 'USHARER' });
      expect(String(note.body.text)).toContain('Look in the channel');
      await new Promise((r) => setTimeout(r, SLACK_TIMEOUT_MS * 4));
      expect(t.slack.callsTo('chat.postMessage')).toHaveLength(0);
      expect(t.slack.responses()).toHaveLength(1);
    },
  );

  // One fault at a time while a digest posts: test/services/digestPosting.test.ts; while a rollback is
  // decided: test/handlers/rollbackAnswers.test.ts and rollbackChecklist.test.ts. The same faults at
  // random on a share of the calls, several digests or decisions at once: digestFaults.test.ts and
  // rollbackFaults.test.ts in this suite.
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('when Slack rate-limits a rollback request for a long time', () => {
  let t: TestApp;
  afterEach(async () => {
    expectNoSecretsLeaked(t);
    await t.stop();
  });

  it('the requester is told at once that Slack asked to wait, and how long; asking again later posts it once', async () => {
    t = await startRollbackApp();
    t.slack.failNext('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '120' },
      body: { ok: false, error: 'ratelimited' },
    });
    const started = Date.now();
    const reply = await t.command('rollback acme-outdoor UK authorized the wrong account');
    expect(Date.now() - started).toBeLessThan(3000);
    const text = String(reply.body.text);
    expect(text).toContain('Slack asked the bot to wait 2 minutes');
    expect(text).toContain('run the same command again');
    expect(text).not.toContain('Invite the bot');
    const [rollback] = await t.store.rollbacksOfAccount('acme-outdoor');
    expect(rollback?.state).toBe('requested');
    expect(t.logger.text()).toMatch(/rate-limited .*120 s/);

    // Slack takes posts again: the same command posts the request once, and answers at once.
    const again = await t.command('rollback acme-outdoor UK authorized the wrong account');
    expect(String(again.body.text)).not.toContain('wait');
    const posted = t.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.body.channel === ROLLBACK_CHANNEL && (c.reply as { ok?: boolean })?.ok);
    expect(posted).toHaveLength(1);
  });
});

describe('when Slack rate-limits one method', () => {
  let t: TestApp;
  afterEach(async () => {
    expectNoSecretsLeaked(t);
    await t.stop();
  });

  it("a long 429 on one person's chat.postEphemeral does not hold up an approver's Deny form (views.open within 3 s)", async () => {
    t = await startRollbackApp();
    const { parent } = await requestRollback(t);
    // An agent's answer goes by chat.postEphemeral (its response URL expired), which Slack rate-limits for 20 s.
    t.slack.failNext('response_url', { status: 404, body: 'expired_url' });
    t.slack.failNext('chat.postEphemeral', {
      status: 429,
      headers: { 'retry-after': '20' },
      body: { ok: false, error: 'ratelimited' },
    });
    await t.sendCommand('status dune-traders', { user: 'UAGENT2' });
    await t.slack.waitFor((c) => c.method === 'chat.postEphemeral');

    const started = Date.now();
    const click = await clickIn(t, parent, ROLLBACK_DENY_ACTION, { user: APPROVER_2 });
    await openedView(t, click.trigger);
    expect(Date.now() - started).toBeLessThan(3000);
    // And other calls do not wait either: the agent's next command is answered at once.
    const next = Date.now();
    await t.command('status acme-outdoor', { user: 'UAGENT3' });
    expect(Date.now() - next).toBeLessThan(3000);
    await waitUntil(() => t.logger.text().includes('could not be delivered'), 5000);
  });

  it('a short 429 on chat.update is waited out for that call alone, and the call goes through', async () => {
    t = await startRollbackApp();
    const { parent } = await requestRollback(t);
    t.slack.failNext('chat.update', {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { ok: false, error: 'ratelimited' },
    });
    await clickIn(t, parent, ROLLBACK_APPROVE_ACTION, { user: APPROVER_1 });
    await waitUntil(() => t.slack.callsTo('chat.update').length >= 2, 5000);
    const [limited, again] = t.slack.callsTo('chat.update');
    expect(limited?.fault?.status).toBe(429);
    expect(again?.body.ts).toBe(parent.ts);
    expect((again?.reply as { ok?: boolean } | undefined)?.ok).toBe(true);
    expect(String(again?.body.text)).toMatch(/^Rollback approved/);
  });
});

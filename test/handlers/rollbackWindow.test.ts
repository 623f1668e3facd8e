import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { clickIn, type OpenedView, openedView, submitView } from '../support/interactions.js';
import {
  APPROVER_1,
  REQUESTER,
  ROLLBACK_CHANNEL,
  replyText,
  startRollbackApp,
} from '../support/rollbackSetup.js';
import { postedMessages, shownText, waitForPost } from '../support/slackMessages.js';

const COMMAND = 'rollback acme-outdoor UK authorized the wrong Seller Central account';
/** Fri 27 Nov 2026 16:00 UTC, as Slack's date-time picker sends it. */
const PICKED = Date.parse('2026-11-27T16:00:00Z') / 1000;

describe('a rollback asked for without --since', () => {
  let t: TestApp;
  afterEach(() => t.stop());

  /** Types the command and returns the form it opened with the command's trigger. */
  async function formFor(text = COMMAND): Promise<OpenedView> {
    const { result } = await t.sendCommand(text, { user: REQUESTER, channel: 'CSUPPORT' });
    expect(result.status).toBe(200);
    const call = await t.slack.waitFor((c) => c.method === 'views.open');
    return call.body.view as OpenedView;
  }

  it('assumes no start: nothing is recorded, and a form asks when, with a date-time picker and "I don\'t know"', async () => {
    t = await startRollbackApp();
    const form = await formFor();
    const elements = form.blocks.filter((b) => b.type === 'input').map((b) => b.element?.type);
    expect(elements).toEqual(['datetimepicker', 'checkboxes']);
    expect(JSON.stringify(form)).toContain("I don't know");
    expect(JSON.stringify(form)).toContain('when was the wrong Amazon account authorized?');
    expect(await t.store.rollbacksOfAccount('acme-outdoor')).toEqual([]);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('a time picked in the form starts the window, and the request says who gave it', async () => {
    t = await startRollbackApp();
    const form = await formFor();
    await submitView(t, form, { since_at: { dateTime: PICKED } }, { user: REQUESTER });
    const parent = await waitForPost(t.slack, (m) => m.channel === ROLLBACK_CHANNEL && !m.threadTs);
    expect(shownText(parent)).toContain(
      `*Wrong account authorized:* <!date^${PICKED}^{date_short_pretty} {time}|Fri 27 Nov 2026 16:00 Europe/London> (given by <@${REQUESTER}> in the request form)`,
    );
    const [rollback] = await t.store.rollbacksOfAccount('acme-outdoor');
    expect(rollback).toMatchObject({
      since: '2026-11-27T16:00:00.000Z',
      sinceSource: { kind: 'form', by: REQUESTER },
      reason: 'authorized the wrong Seller Central account',
    });
    // The asker is told privately where the command was typed.
    const told = await t.slack.waitFor((c) => c.method === 'chat.postEphemeral' && c.body.user === REQUESTER);
    expect(told.body.channel).toBe('CSUPPORT');
    expect(String(told.body.text)).toContain(`Rollback \`${rollback?.id}\` requested`);
  });

  it('"I don\'t know" is recorded as unknown, and every message showing the window says so', async () => {
    t = await startRollbackApp();
    const form = await formFor();
    await submitView(t, form, { since_unknown: { checked: ['unknown'] } }, { user: REQUESTER });
    const parent = await waitForPost(t.slack, (m) => m.channel === ROLLBACK_CHANNEL && !m.threadTs);
    const unknown = `unknown: <@${REQUESTER}> did not know when the wrong account was authorized`;
    expect(shownText(parent)).toContain(`*Wrong account authorized:* ${unknown}`);
    const [rollback] = await t.store.rollbacksOfAccount('acme-outdoor');
    expect(rollback?.since).toBeUndefined();
    expect(rollback?.sinceSource).toEqual({ kind: 'unknown', by: REQUESTER });

    await clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 });
    const checklist = await waitForPost(
      t.slack,
      (m) => m.threadTs === parent.ts && m.text.startsWith('Recovery'),
    );
    const note = postedMessages(t.slack).find(
      (m) => m.threadTs === parent.ts && m.text.includes('was approved'),
    );
    for (const message of [checklist, note])
      expect(shownText(message as typeof checklist)).toContain(unknown);
  });

  it('refuses neither, both, or a time before 2020 or in the future, in the form; nothing recorded', async () => {
    t = await startRollbackApp();
    const form = await formFor();
    const cases = [
      [{}, "Pick when the wrong account was authorized, or tick I don't know."],
      [{ since_at: { dateTime: PICKED }, since_unknown: { checked: ['unknown'] } }, 'not both'],
      [{ since_at: { dateTime: Date.parse('2019-06-01T10:00:00Z') / 1000 } }, 'too early to be right'],
      [{ since_at: { dateTime: Date.parse('2026-11-29T10:00:00Z') / 1000 } }, 'is in the future'],
    ] as const;
    for (const [inputs, error] of cases) {
      const answer = await submitView(t, form, inputs, { user: REQUESTER });
      expect(answer.ack).toMatchObject({ response_action: 'errors' });
      expect(JSON.stringify(answer.ack)).toContain(error);
    }
    expect(await t.store.rollbacksOfAccount('acme-outdoor')).toEqual([]);
  });

  it('when Slack will not open the form, asks for --since privately, with a button that opens it', async () => {
    t = await startRollbackApp();
    t.slack.failNext('views.open', { body: { ok: false, error: 'expired_trigger_id' } });
    const reply = await t.command(COMMAND, { user: REQUESTER });
    expect(replyText(reply)).toContain('when was the wrong Amazon account authorized?');
    expect(replyText(reply)).toContain('`--since <date-time>`');
    expect(await t.store.rollbacksOfAccount('acme-outdoor')).toEqual([]);

    const blocks = (
      reply.body as { blocks: { type: string; elements?: { value: string; action_id: string }[] }[] }
    ).blocks;
    const say = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'rollback_since_open');
    expect(say).toBeDefined();
    const click = await t.click('rollback_since_open', say?.value ?? '', { user: REQUESTER });
    const form = await openedView(t, `trigger-${click.responseId}`);
    await submitView(t, form, { since_at: { dateTime: PICKED } }, { user: REQUESTER });
    await waitForPost(t.slack, (m) => m.channel === ROLLBACK_CHANNEL && !m.threadTs);
    expect(await t.store.rollbacksOfAccount('acme-outdoor')).toHaveLength(1);
    await t.slack.waitFor(
      (c) =>
        c.method === 'chat.postEphemeral' &&
        c.body.user === REQUESTER &&
        /requested/.test(String(c.body.text)),
    );
  });
});

import type { KnownBlock } from '@slack/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAppHome } from '../support/events.js';
import { TestApp } from '../support/harness.js';
import { clickIn } from '../support/interactions.js';
import { APPROVER_1, REQUESTER, requestRollback, startRollbackApp } from '../support/rollbackSetup.js';
import { sampleBatch } from '../support/sampleData.js';
import { shownText, waitForPost, waitForUpdate } from '../support/slackMessages.js';
import { TestClock } from '../support/testClock.js';

/** 2026-12-01T10:00:00Z as Slack shows it to each reader, with the team's zone as fallback. */
const DONE_AT = '<!date^1796119200^{date_short_pretty} {time}|Tue 1 Dec 2026 10:00 Europe/London>';
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

describe('times in Slack are Slack date tokens, with the fallback in REAUTH_TIMEZONE', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await TestApp.start({
      clock: new TestClock('2026-12-01T10:00:00Z'),
      config: { timeZone: 'Europe/London', approvers: ['UAPPROVER'] },
    });
    await t.store.importBatch(sampleBatch(), { id: 'import', at: new Date('2026-11-28T09:00:00Z') });
  });
  afterEach(() => t.stop());

  it('done: a second /reauth done says who recorded it and when, as a date token', async () => {
    await t.command('done acme-outdoor UK', { user: 'UAGENT7' });
    t.clock.advance(60_000);
    const again = (await t.command('done acme-outdoor FR')).body as { text: string };
    expect(again.text).toContain(`recorded by <@UAGENT7> at ${DONE_AT}. Nothing changed.`);
    expect(again.text).not.toMatch(ISO);
  });

  it('history: each line starts with its time as a date token, not in a code span', async () => {
    await t.command('done acme-outdoor UK', { user: 'UAGENT7' });
    const reply = (await t.command('history acme-outdoor')).body as { text: string; blocks: unknown[] };
    const shown = JSON.stringify(reply.blocks);
    expect(shown).toContain(`${DONE_AT} <@UAGENT7> recorded a reauthorization`);
    expect(shown).toContain(
      '<!date^1795856400^{date_short_pretty} {time}|Sat 28 Nov 2026 09:00 Europe/London> CSV import',
    );
    expect(shown).not.toMatch(ISO);
    expect(shown).not.toContain('`<!date');
  });

  it('App Home: when a waiting rollback was asked for', async () => {
    t.services.pendingDecisions = async () => [
      {
        id: 'rb-1',
        accountId: 'acme-outdoor',
        accountName: 'Acme Outdoor',
        summary: 'UK, DE, FR back to MWS',
        requestedBy: 'UAGENT',
        requestedAt: '2026-12-01T10:00:00.000Z',
      },
    ];
    await openAppHome(t, 'UAPPROVER');
    const call = await t.slack.waitFor((c) => c.method === 'views.publish');
    const shown = JSON.stringify((call.body.view as { blocks: KnownBlock[] }).blocks);
    expect(shown).toContain(`asked by <@UAGENT> at ${DONE_AT}`);
    expect(shown).not.toMatch(ISO);
  });
});

describe('the recovery checklist says when each step was ticked as a Slack date token', () => {
  let t: TestApp;
  afterEach(() => t.stop());

  it('Done by … at <date token>', async () => {
    t = await startRollbackApp();
    const { parent } = await requestRollback(t);
    await clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 });
    const checklist = await waitForPost(
      t.slack,
      (m) => m.threadTs === parent.ts && m.text.startsWith('Recovery'),
    );
    await clickIn(t, checklist, 'rollback_checklist_item', { user: REQUESTER });
    const ticked = await waitForUpdate(t.slack, checklist, (m) => m.text.includes('1 of'));
    // startRollbackApp's clock: 2026-11-28T12:00:00Z, times in Europe/London.
    expect(shownText(ticked)).toContain(
      `Done by <@${REQUESTER}> at <!date^1795867200^{date_short_pretty} {time}|Sat 28 Nov 2026 12:00 Europe/London>_`,
    );
  });
});

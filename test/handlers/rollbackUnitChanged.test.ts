import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { clickIn } from '../support/interactions.js';
import {
  APPROVER_1,
  APPROVER_2,
  replyText,
  requestRollback,
  startRollbackApp,
} from '../support/rollbackSetup.js';
import { sampleBatch } from '../support/sampleData.js';
import { messageAt, shownText, waitForPost, waitForUpdate } from '../support/slackMessages.js';

/** The app with acme-outdoor's North American unit half reauthorized: US on MWS/SP-API, CA still on MWS. */
async function withCaStillOnMws(): Promise<TestApp> {
  const batch = sampleBatch();
  const ca = batch.channels.find((c) => c.id === 'ch-acme-ca');
  if (ca) ca.authorization = 'MWS';
  return startRollbackApp({ batch });
}

const REQUEST = 'rollback acme-outdoor US wrong account --since 2026-11-28T09:00Z';

describe('approving a rollback whose unit was reauthorized again after the request', () => {
  let t: TestApp;
  afterEach(() => t.stop());

  it('shows the approver what changed and asks again; nothing goes back to MWS until they approve knowing it', async () => {
    t = await withCaStillOnMws();
    const { parent, rollbackId } = await requestRollback(t, REQUEST);
    t.clock.advance(60_000);
    // Someone records the customer's new reauthorization before anyone decides.
    expect(replyText(await t.command('done acme-outdoor CA', { user: APPROVER_2 }))).toContain('CA');

    const click = await clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 });
    const answer = replyText(await t.slack.waitForResponse(click.responseId));
    expect(answer).toContain('Not approved yet');
    expect(answer).toContain(`recorded by <@${APPROVER_2}>`);
    expect(answer).toContain('Approve anyway');
    expect((await t.store.getRollback(rollbackId))?.state).toBe('requested');
    const de = (await t.store.channelsOfAccount('acme-outdoor')).find((c) => c.id === 'ch-acme-ca');
    expect(de).toMatchObject({ authorization: 'MWS/SP-API', authorizedBy: APPROVER_2 });

    // The request card shows the unit as it is now.
    const card = await waitForUpdate(t.slack, parent, (m) =>
      shownText(m).includes('Changed since the request'),
    );
    expect(shownText(card)).toContain(`recorded by <@${APPROVER_2}>`);

    // Approve anyway, from the private note: now it is approved, and the note and checklist follow.
    const blocks = (
      (await t.slack.waitForResponse(click.responseId)).body as {
        blocks: { elements?: { action_id: string; value: string }[] }[];
      }
    ).blocks;
    const anyway = blocks
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'rollback_approve_changed');
    expect(anyway).toBeDefined();
    await t.click('rollback_approve_changed', anyway?.value ?? '', { user: APPROVER_1 });
    await waitForPost(t.slack, (m) => m.threadTs === parent.ts && m.text.startsWith('Recovery'));
    expect((await t.store.getRollback(rollbackId))?.state).toBe('approved');
    expect(messageAt(t.slack, parent).text).toMatch(/^Rollback approved/);
  });

  it('"Approve anyway" for a state that changed again asks again', async () => {
    t = await withCaStillOnMws();
    const { parent, rollbackId } = await requestRollback(t, REQUEST);
    await t.command('done acme-outdoor CA', { user: APPROVER_2 });
    const click = await clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 });
    await t.slack.waitForResponse(click.responseId);
    const again = await t.click('rollback_approve_changed', `${rollbackId}|0000000000000000`, {
      user: APPROVER_1,
    });
    expect(replyText(await t.slack.waitForResponse(again.responseId))).toContain('Not approved yet');
    expect((await t.store.getRollback(rollbackId))?.state).toBe('requested');
  });
});

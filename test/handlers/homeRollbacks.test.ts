import { afterEach, describe, expect, it } from 'vitest';
import { openAppHome } from '../support/events.js';
import type { TestApp } from '../support/harness.js';
import {
  APPROVER_1,
  APPROVER_2,
  HOUR,
  REQUESTER,
  requestRollback,
  startRollbackApp,
} from '../support/rollbackSetup.js';

async function homeOf(t: TestApp, user: string): Promise<string> {
  const before = t.slack.callsTo('views.publish').length;
  await openAppHome(t, user);
  const call = await t.slack.waitFor(
    (c) =>
      c.method === 'views.publish' &&
      c.body.user_id === user &&
      t.slack.callsTo('views.publish').indexOf(c) >= before,
  );
  return JSON.stringify(call.body.view);
}

describe('App Home and real rollback requests', () => {
  let t: TestApp;
  afterEach(() => t.stop());

  it('lists a request for every approver who may decide it, and drops it once decided or expired', async () => {
    t = await startRollbackApp({ config: { approvers: [APPROVER_1, APPROVER_2, REQUESTER] } });
    const { rollbackId } = await requestRollback(t);

    const approverHome = await homeOf(t, APPROVER_1);
    expect(approverHome).toContain('Acme Outdoor');
    expect(approverHome).toContain('authorized the wrong Seller Central account');
    // The requester is an approver too, but never decides their own request.
    expect(await homeOf(t, REQUESTER)).not.toContain('authorized the wrong Seller Central account');

    t.clock.advance(25 * HOUR);
    expect(await homeOf(t, APPROVER_2)).not.toContain('authorized the wrong Seller Central account');
    expect((await t.store.getRollback(rollbackId))?.state).toBe('requested');
  });
});

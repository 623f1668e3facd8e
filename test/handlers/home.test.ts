import type { KnownBlock } from '@slack/types';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import type { ImportBatch } from '../../store/store.js';
import { bulkBatch } from '../support/bulkData.js';
import { openAppHome, sendEvent } from '../support/events.js';
import { TestApp } from '../support/harness.js';
import { sampleBatch } from '../support/sampleData.js';
import { TestClock } from '../support/testClock.js';

const config: Partial<Config> = { deadline: '2026-12-30', approvers: ['UAPPROVER', 'UMANAGER1'] };

let t: TestApp;
afterEach(() => t.stop());

async function start(batch: ImportBatch = sampleBatch()) {
  t = await TestApp.start({ clock: new TestClock('2026-11-30T10:00:00Z'), config });
  await t.store.importBatch(batch, { id: 'test', at: t.clock.now() });
}

async function homeOf(user: string): Promise<{ blocks: KnownBlock[]; text: string }> {
  const ack = await openAppHome(t, user);
  expect(ack.status).toBe(200);
  const call = await t.slack.waitFor((c) => c.method === 'views.publish' && c.body.user_id === user);
  const view = call.body.view as { type: string; blocks: KnownBlock[] };
  expect(view.type).toBe('home');
  return { blocks: view.blocks, text: JSON.stringify(view.blocks) };
}

describe('App Home', () => {
  it('shows an account manager the countdown, the totals and their own accounts still pending', async () => {
    await start();
    const home = await homeOf('UMANAGER2');
    expect(home.text).toContain('30 days left until the deadline (2026-12-30).');
    expect(home.text).toContain(
      '*Totals:* 5 accounts, 19 channels, 16 still on MWS; 11 reauthorizations still needed across 5 accounts.',
    );
    expect(home.text).toContain(
      '*Your account still on MWS:* the one account you manage, 2 reauthorizations to go.',
    );
    expect(home.text).toContain('Dune Traders (`dune-traders`)');
    expect(home.text).not.toContain('Acme Outdoor');
    expect(home.text).not.toContain('Rollbacks waiting for your decision');
    expect(home.text).toContain('/reauth steps <account>');
  });

  it('shows an approver the rollbacks waiting for their decision', async () => {
    await start();
    t.services.pendingDecisions = async (approver) =>
      approver === 'UAPPROVER'
        ? [
            {
              id: 'rb-1',
              accountId: 'acme-outdoor',
              accountName: 'Acme Outdoor',
              summary: 'UK, DE, FR back to MWS <!here>',
              requestedBy: 'UAGENT',
              requestedAt: '2026-11-30T09:30:00Z',
            },
          ]
        : [];
    const home = await homeOf('UAPPROVER');
    expect(home.text).toContain('*Rollbacks waiting for your decision:* 1');
    expect(home.text).toContain(
      'Acme Outdoor (`acme-outdoor`): UK, DE, FR back to MWS &lt;!here&gt;, asked by <@UAGENT>',
    );
    expect(home.text).not.toContain('<!here>');
    expect(home.text).not.toContain('Your accounts');
  });

  it('tells an approver with nothing waiting so, and a manager-approver sees both lists', async () => {
    await start();
    const home = await homeOf('UMANAGER1');
    expect(home.text).toContain('Rollbacks waiting for your decision*\\nNone right now.');
    expect(home.text).toContain('Acme Outdoor (`acme-outdoor`)');
  });

  it('shows someone who is neither only the countdown, the totals and how to use the bot', async () => {
    await start();
    const home = await homeOf('UAGENT');
    expect(home.text).toContain('30 days left until the deadline');
    expect(home.text).toContain('*Totals:*');
    expect(home.text).toContain('/reauth status <account>');
    expect(home.text).not.toContain('Your accounts');
    expect(home.text).not.toContain('Rollbacks waiting');
    expect(home.text).toContain('You are not the account manager of any account');
  });

  it('stays within 100 blocks for a manager of hundreds of pending accounts, pointing to /reauth pending', async () => {
    await start(bulkBatch(3000, 2));
    const home = await homeOf('UMGR000');
    expect(home.blocks.length).toBeLessThanOrEqual(100);
    expect(home.text).toContain('*Your accounts still on MWS:* 1,000 accounts of the 1,000 you manage');
    expect(home.text).toContain(
      '…and 960 more accounts (fewest reauthorizations last). `/reauth pending` lists every account still on MWS.',
    );
  });

  it('says on the tab itself when it could not be built, and logs why', async () => {
    await start();
    t.services.pendingDecisions = async () => {
      throw new Error('rollback store unreachable');
    };
    const home = await homeOf('UAPPROVER');
    expect(home.text).toContain('This page could not be built just now');
    expect(t.logger.text()).toMatch(/ERROR App Home for UAPPROVER failed:.*rollback store unreachable/s);
  });

  it('publishes nothing for the Messages tab', async () => {
    await start();
    await sendEvent(t, {
      type: 'app_home_opened',
      user: 'UAGENT',
      channel: 'DUAGENT',
      tab: 'messages',
      event_ts: '1.1',
    });
    await homeOf('UMANAGER2');
    expect(t.slack.callsTo('views.publish').map((c) => c.body.user_id)).toEqual(['UMANAGER2']);
  });
});

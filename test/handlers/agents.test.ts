import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { clickIn } from '../support/interactions.js';
import {
  APPROVER_1,
  HOUR,
  OUTSIDER,
  REQUESTER,
  replyText,
  requestRollback,
  startRollbackApp,
} from '../support/rollbackSetup.js';
import { buttons, messageAt, type ShownMessage, waitForPost } from '../support/slackMessages.js';

const GROUP = 'SSUPPORT1';
const MEMBER = 'UMEMBER1';
const UNIT = 'unit:borealis-books:EU:A3BOREALUK001X';

/** Who may change what (REAUTH_AGENTS), through the real Bolt app. */
describe('REAUTH_AGENTS: who may record, ask for rollbacks and tick checklist items', () => {
  let t: TestApp;
  afterEach(() => t.stop());

  async function start(agents?: { users: string[]; groups: string[] }): Promise<TestApp> {
    t = await startRollbackApp({ config: agents ? { agents } : {} });
    t.slack.usergroups.set(GROUP, [MEMBER]);
    return t;
  }

  async function borealisUkAuthorization(): Promise<string | undefined> {
    const channels = await t.store.channelsOfAccount('borealis-books');
    return channels.find((c) => c.id === 'ch-bor-uk')?.authorization;
  }

  it('unset: anyone may record a reauthorization, and the log says so once at start', async () => {
    await start();
    const reply = await t.command('done borealis-books UK', { user: OUTSIDER });
    expect(replyText(reply)).toContain(':white_check_mark: Recorded for');
    const said = t.logger.lines.filter((l) => l.includes('REAUTH_AGENTS is unset: anyone'));
    expect(said).toHaveLength(1);
    expect(t.slack.callsTo('usergroups.users.list')).toEqual([]);
  });

  it('someone not allowed is told so privately, and nothing changes', async () => {
    await start({ users: [REQUESTER], groups: [GROUP] });
    const auditBefore = await t.store.auditTrail('borealis-books');
    const reply = await t.command('done borealis-books UK', { user: OUTSIDER });
    expect(replyText(reply)).toContain(
      'Only support agents (REAUTH_AGENTS) and approvers can record a reauthorization',
    );
    expect(replyText(reply)).toContain('nothing changed');
    expect(await borealisUkAuthorization()).toBe('MWS');
    expect(await t.store.auditTrail('borealis-books')).toEqual(auditBefore);

    const asked = await t.command('rollback acme-outdoor UK wrong account --since 2026-11-27T16:00Z', {
      user: OUTSIDER,
    });
    expect(replyText(asked)).toContain('can ask for a rollback; nothing changed');
    expect(t.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('a member of a listed user group may, resolved with usergroups.users.list; an approver always may', async () => {
    await start({ users: [], groups: [GROUP] });
    const reply = await t.command('done borealis-books UK', { user: MEMBER });
    expect(replyText(reply)).toContain(':white_check_mark: Recorded for');
    expect(t.slack.callsTo('usergroups.users.list').map((c) => c.body.usergroup)).toEqual([GROUP]);
    expect((await t.store.auditTrail('borealis-books')).at(-1)).toMatchObject({
      actor: MEMBER,
      target: UNIT,
    });

    const byApprover = await t.command('done emu-gear US', { user: APPROVER_1 });
    expect(replyText(byApprover)).toContain(':white_check_mark: Recorded for');
  });

  it('group members are cached, asked again after 10 minutes, and a failed refresh keeps the last list', async () => {
    await start({ users: [], groups: [GROUP] });
    await t.command('done borealis-books UK', { user: MEMBER });
    // Left the group: still an agent until the cached list is 10 minutes old.
    t.slack.usergroups.set(GROUP, []);
    t.clock.advance(9 * 60_000);
    const cached = await t.command('done borealis-books DE', { user: MEMBER });
    expect(replyText(cached)).toContain(':white_check_mark: Recorded for');
    expect(t.slack.callsTo('usergroups.users.list')).toHaveLength(1);

    // Slack fails the refresh: the last list holds, and the log says so.
    t.clock.advance(60_000);
    t.slack.failNext('usergroups.users.list', { body: { ok: false, error: 'ratelimited' } });
    const kept = await t.command('done borealis-books FR', { user: MEMBER });
    expect(replyText(kept)).toContain(':white_check_mark: Recorded for');
    expect(t.logger.text()).toContain(`Refreshing the members of user group ${GROUP} failed`);
    expect(t.logger.text()).toContain('keeping the last list (1 member)');

    // The next refresh succeeds: no longer a member, so refused.
    t.clock.advance(10 * 60_000);
    const refused = await t.command('rollback acme-outdoor UK wrong account --since 2026-11-27T16:00Z', {
      user: MEMBER,
    });
    expect(replyText(refused)).toContain('can ask for a rollback; nothing changed');
    expect(t.slack.callsTo('usergroups.users.list')).toHaveLength(3);
  });

  it('a checklist click from someone not allowed is answered privately and ticks nothing', async () => {
    await start({ users: [REQUESTER], groups: [] });
    const { parent } = await requestRollback(t);
    t.clock.advance(HOUR);
    await clickIn(t, parent, 'rollback_approve', { user: APPROVER_1 });
    const checklist: ShownMessage = await waitForPost(
      t.slack,
      (m) => m.threadTs === parent.ts && m.text.startsWith('Recovery checklist'),
    );
    const updatesBefore = t.slack.callsTo('chat.update').length;
    const click = await clickIn(t, checklist, 'rollback_checklist_item', { user: OUTSIDER });
    const answer = await t.slack.waitForResponse(click.responseId);
    expect(replyText(answer)).toContain('can tick checklist items; nothing changed');
    expect(t.slack.callsTo('chat.update')).toHaveLength(updatesBefore);
    const shown = messageAt(t.slack, checklist);
    expect(buttons(shown).filter((b) => b.action_id === 'rollback_checklist_item')).toHaveLength(
      buttons(checklist).filter((b) => b.action_id === 'rollback_checklist_item').length,
    );
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concurrently } from '../../bench/load.js';
import type { Channel } from '../../src/domain/accounts.js';
import type { Rollback } from '../../src/domain/rollback.js';
import { SHARE_STATUS_ACTION } from '../../src/views/status.js';
import { openFileStore } from '../../store/openStore.js';
import type { Store } from '../../store/store.js';
import type { RecordedCall } from '../support/fakeSlack.js';
import { generateStore } from '../support/generateStore.js';
import { TestApp } from '../support/harness.js';
import { seededRandom } from '../support/random.js';
import { APPROVER_1, APPROVER_2, ROLLBACK_CHANNEL, replyText } from '../support/rollbackSetup.js';
import {
  clickDecision,
  type Decision,
  RollbackBoard,
  rollbackIdIn,
  type SentClick,
  SlackCallIndex,
  slackQuiet,
} from './support/rollbackTraffic.js';
import { expectNoSecretsLeaked } from './support/secrets.js';
import { replayAudit, unitOf } from './support/storeModel.js';

const REQUESTS = 5_000;
const CONCURRENCY = 50;
const AGENTS = ['UAGENT1', 'UAGENT2', 'UAGENT3', 'UAGENT4', 'UAGENT5'];
const APPROVERS = [APPROVER_1, APPROVER_2];

/** Who clicks what, all at once, on one rollback's request message. */
type ClickBurst = { user: string; decision: Decision }[];

type Request =
  | { kind: 'status'; accountId: string }
  | { kind: 'share'; accountId: string }
  | { kind: 'done'; channel: Channel; agent: string }
  | { kind: 'rollback'; channel: Channel; agent: string }
  /**
   * Clicks on the unit's latest rollback request, or on an earlier one when it has some and `older`
   * is set (which one: that share of the way through them).
   */
  | { kind: 'decide'; channel: Channel; older?: number; burst: ClickBurst };

interface Answered {
  request: Request;
  responseId?: string;
  text?: string;
  /** The rollback a `rollback` request created (its answer names it). */
  created?: string;
  clicks?: SentClick[];
}

describe('load', () => {
  it(`${REQUESTS} mixed requests (status, done, rollback, Approve and Deny) at ${CONCURRENCY} at a time: each answered once, the store what the requests call for in the order it took them`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reauth-load-'));
    const file = join(dir, 'reauth.json');
    const { batch } = generateStore({ accounts: 300, channels: 1_500, seed: 77 });
    const store = await openFileStore(file, { compactJournalAtBytes: 50_000 });
    await store.importBatch(batch, { id: 'import', at: new Date('2026-11-01T00:00:00Z') });
    const t = await TestApp.start({
      store,
      config: { approvers: APPROVERS, rollbacks: { ttlHours: 24, channel: ROLLBACK_CHANNEL } },
    });
    const board = new RollbackBoard(t.slack, ROLLBACK_CHANNEL);

    const random = seededRandom(4242);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
    // Rollbacks, clicks and half the dones on a few dozen units, so they meet on the same unit at once.
    const hot = batch.channels.slice(0, 120);
    const warm = batch.channels.slice(0, 600);
    const burst = (): ClickBurst => {
      const roll = random();
      const [one, other] = random() < 0.5 ? APPROVERS : [...APPROVERS].reverse();
      const approver = one as string;
      if (roll < 0.4) return [{ user: approver, decision: 'approve' }];
      if (roll < 0.55) return [{ user: approver, decision: 'deny' }];
      // Two approvers at the same moment, agreeing or not.
      if (roll < 0.75)
        return [
          { user: approver, decision: pick(['approve', 'deny'] as const) },
          { user: other as string, decision: pick(['approve', 'deny'] as const) },
        ];
      // A double click.
      if (roll < 0.9)
        return [
          { user: approver, decision: 'approve' },
          { user: approver, decision: 'approve' },
        ];
      // Someone who may not decide: an agent (sometimes the requester).
      return [{ user: pick(AGENTS), decision: pick(['approve', 'deny'] as const) }];
    };
    const requests: Request[] = Array.from({ length: REQUESTS }, () => {
      const roll = random();
      if (roll < 0.35) return { kind: 'status', accountId: pick(batch.accounts).id };
      if (roll < 0.45) return { kind: 'share', accountId: pick(batch.accounts).id };
      if (roll < 0.7)
        return { kind: 'done', channel: pick(random() < 0.5 ? hot : warm), agent: pick(AGENTS) };
      if (roll < 0.85) return { kind: 'rollback', channel: pick(hot), agent: pick(AGENTS) };
      const older = random() < 0.3 ? { older: random() } : {};
      return { kind: 'decide', channel: pick(hot), ...older, burst: burst() };
    });

    // The rollbacks each unit got, in the order their requests were answered.
    const rollbacksOfUnit = new Map<string, string[]>();
    const command = async (request: Request, text: string, user: string): Promise<Answered> => {
      const sent = await t.sendCommand(text, { user });
      expect(sent.result.status).toBe(200);
      const reply = await t.slack.waitForResponse(sent.responseId, 1, 20_000);
      return { request, responseId: sent.responseId, text: reply.raw };
    };

    const answered = await concurrently(requests.length, CONCURRENCY, async (i): Promise<Answered> => {
      const request = requests[i] as Request;
      switch (request.kind) {
        case 'status':
          return command(request, `status ${request.accountId}`, 'UAGENT1');
        case 'share': {
          const sent = await t.click(SHARE_STATUS_ACTION, request.accountId);
          expect(sent.result.status).toBe(200);
          const reply = await t.slack.waitForResponse(sent.responseId, 1, 20_000);
          return { request, responseId: sent.responseId, text: reply.raw };
        }
        case 'done':
          return command(request, `done ${request.channel.accountId} ${request.channel.id}`, request.agent);
        case 'rollback': {
          const { channel, agent } = request;
          const result = await command(
            request,
            `rollback ${channel.accountId} ${channel.id} wrong account, request ${i} --since 2026-11-27T16:00Z`,
            agent,
          );
          const created = /Rollback `(rb-[0-9a-f]+)` requested/.exec(result.text ?? '')?.[1];
          if (created) {
            const unit = unitOf(channel);
            rollbacksOfUnit.set(unit, [...(rollbacksOfUnit.get(unit) ?? []), created]);
            result.created = created;
          }
          return result;
        }
        case 'decide': {
          const ids = rollbacksOfUnit.get(unitOf(request.channel)) ?? [];
          const id =
            request.older !== undefined && ids.length > 1
              ? ids[Math.floor(request.older * (ids.length - 1))]
              : ids[ids.length - 1];
          const parent = id && board.parentOf(id);
          // Nothing to click yet on this unit: the approver looks at the account instead.
          if (!id || !parent) return command(request, `status ${request.channel.accountId}`, APPROVER_1);
          const clicks = await Promise.all(
            request.burst.map((click, n) =>
              clickDecision(t, { ...parent, rollbackId: id }, { ...click, denyReason: `load ${i}.${n}` }),
            ),
          );
          return { request, clicks };
        }
      }
    });
    // Done when Slack hears nothing more and every approval's checklist is on record (the last step).
    for (let settled = false, tries = 0; !settled && tries < 10; tries++) {
      await slackQuiet(t.slack, 1_000);
      const approved = (await everyRollback(t.store, batch.accounts)).filter((r) => r.state === 'approved');
      settled = approved.every((r) => r.messages.checklist);
    }
    const slack = new SlackCallIndex(t.slack.calls);

    // Every command and Share answered exactly once; nothing lost, nothing doubled.
    for (const { responseId } of answered.filter((a) => a.responseId)) {
      expect(SlackCallIndex.get(slack.responses, responseId)).toHaveLength(1);
    }
    for (const { request, text } of answered) {
      if (request.kind === 'share') expect(text).toContain('"response_type":"in_channel"');
      if (request.kind === 'status' || (request.kind === 'decide' && text !== undefined))
        expect(text).toContain('Amazon authorization');
    }

    // The store, replayed in the order it recorded things, was legal at every step and ends as it is.
    const audit = await t.store.auditTrail();
    const model = replayAudit(batch.channels, audit);
    const channels = await t.store.allChannels();
    for (const c of channels) {
      const expected = model.channels.get(c.id);
      expect({ authorization: c.authorization, authorizedBy: c.authorizedBy }, c.id).toEqual({
        authorizedBy: undefined,
        ...expected,
      });
    }

    // done: each "Recorded" answer is one reauthorization in the store by that agent on that unit.
    const recorded = new Map<string, number>();
    for (const { request, text } of answered) {
      if (request.kind !== 'done') continue;
      expect(text).toMatch(/Recorded for|Already recorded/);
      if (text?.includes(':white_check_mark: Recorded for')) {
        const key = `${unitOf(request.channel)} ${request.agent}`;
        recorded.set(key, (recorded.get(key) ?? 0) + 1);
      }
    }
    const reauthorized = new Map<string, number>();
    for (const e of audit.filter((e) => e.action === 'reauthorized')) {
      const key = `${e.target.replace(/^unit:/, '')} ${e.actor}`;
      reauthorized.set(key, (reauthorized.get(key) ?? 0) + 1);
    }
    expect(reauthorized).toEqual(recorded);

    // A unit whose rollback was approved is back on MWS exactly when the approval came after its last done.
    for (const [unit, history] of model.unitHistory) {
      const last = history[history.length - 1];
      const unitChannels = channels.filter((c) => unitOf(c) === unit);
      const onMws = unitChannels.every((c) => c.authorization === 'MWS');
      expect(onMws, unit).toBe(last?.action === 'rollback.approved');
    }

    // rollback: each "requested" answer is one rollback in the store, by that agent, for that unit.
    const rollbacks = await everyRollback(t.store, batch.accounts);
    const created = answered.filter((a) => a.created);
    // The requester asking again while it is being posted is confirmed too; nobody else is.
    expect(rollbacks.map((r) => r.id).sort()).toEqual([...new Set(created.map((a) => a.created))].sort());
    for (const a of created) {
      const request = a.request as Extract<Request, { kind: 'rollback' }>;
      expect(model.rollbacks.get(a.created as string)).toMatchObject({
        requester: request.agent,
        unit: unitOf(request.channel),
      });
    }
    for (const { request, text } of answered) {
      if (request.kind === 'rollback') expect(text).toMatch(/requested for|already has an open rollback/);
    }

    // Clicks: each rollback an approver clicked is decided exactly once, by one who clicked that way.
    const clicks = answered.flatMap((a) => a.clicks ?? []);
    expect(clicks.length).toBeGreaterThan(500);
    const decisionsOf = (id: string) =>
      audit.filter((e) => e.target === `rollback:${id}` && /^rollback\.(approved|denied)$/.test(e.action));
    for (const r of rollbacks) {
      const modelled = model.rollbacks.get(r.id);
      expect({ state: r.state, by: r.decision?.by }, r.id).toEqual({
        state: modelled?.state,
        by: modelled?.decidedBy,
      });
      const mine = clicks.filter((c) => c.rollbackId === r.id);
      const byApprovers = mine.filter((c) => APPROVERS.includes(c.user) && c.user !== r.requester);
      const decided = r.state === 'approved' || r.state === 'denied';
      expect(decisionsOf(r.id), r.id).toHaveLength(decided ? 1 : 0);
      expect(decided, `${r.id}: clicked by an approver, so decided`).toBe(byApprovers.length > 0);
      if (r.state === 'approved') {
        expect(byApprovers.some((c) => c.user === r.decision?.by && c.decision === 'approve')).toBe(true);
      }
      if (r.state === 'denied') {
        expect(
          mine.filter((c) => c.user === r.decision?.by && c.denyReason === r.decision?.reason),
        ).toHaveLength(1);
      }
      expectOneOutcomePerClick(slack, r, mine);
      expectMessagesOf(slack, r);
    }
    expectNoSecretsLeaked(t);
    await t.stop();

    // And all of it is on disk: a fresh process reads the same.
    const reread = await openFileStore(file, { readOnly: true });
    expect(await reread.allChannels()).toEqual(channels);
    expect(await reread.auditTrail()).toEqual(audit);
    expect(await everyRollback(reread, batch.accounts)).toEqual(rollbacks);
    await reread.close();
  });
});

async function everyRollback(store: Store, accounts: readonly { id: string }[]): Promise<Rollback[]> {
  return (await Promise.all(accounts.map((a) => store.rollbacksOfAccount(a.id)))).flat();
}

/**
 * Every click was acked and led to exactly one thing: the decision (one Approve click of an approved
 * rollback, no answer needed), the reason form (Deny), or one private answer saying why nothing
 * changed. Every reason form submitted either decided or was told, in the thread, who had.
 */
function expectOneOutcomePerClick(slack: SlackCallIndex, r: Rollback, clicks: SentClick[]): void {
  const answers = (c: SentClick) => SlackCallIndex.get(slack.responses, c.responseId);
  const forms = (c: SentClick) => SlackCallIndex.get(slack.formsOpened, c.trigger);
  for (const c of clicks) {
    expect(answers(c).length + forms(c).length, `${r.id}: ${c.user} ${c.decision}`).toBeLessThanOrEqual(1);
    for (const answer of answers(c))
      expect(replyText(answer)).toMatch(/already (approved|denied) by|You can't decide/);
  }
  const silentApprovals = clicks.filter(
    (c) => c.decision === 'approve' && answers(c).length + forms(c).length === 0,
  );
  expect(silentApprovals, `${r.id}: approvals with no answer`).toHaveLength(r.state === 'approved' ? 1 : 0);
  expect(clicks.filter((c) => c.decision === 'deny' && answers(c).length + forms(c).length === 0)).toEqual(
    [],
  );

  const parentTs = r.messages.parent?.ts;
  for (const user of new Set(clicks.filter((c) => c.denyReason).map((c) => c.user))) {
    const submitted = clicks.filter((c) => c.user === user && c.denyReason).length;
    const won = r.state === 'denied' && r.decision?.by === user ? 1 : 0;
    const told = SlackCallIndex.get(slack.ephemerals, user).filter(
      (e) => e.body.thread_ts === parentTs && /already/.test(String(e.body.text)),
    );
    expect(won + told.length, `${r.id}: reason forms submitted by ${user}`).toBe(submitted);
  }
}

/**
 * The rollback's Slack messages: its request posted once; once decided, that message updated once
 * and one note in its thread, and for an approval one checklist (the one the store points to).
 */
function expectMessagesOf(slack: SlackCallIndex, r: Rollback): void {
  const parent = r.messages.parent;
  const requests = slack.topLevelPosts.filter(
    (c) => c.body.channel === ROLLBACK_CHANNEL && rollbackIdIn(JSON.stringify(c.body.blocks)) === r.id,
  );
  expect(
    requests.map((c) => (c.reply as { ts: string }).ts),
    r.id,
  ).toEqual([parent?.ts]);
  const updates = SlackCallIndex.get(slack.updates, `${parent?.channel} ${parent?.ts}`);
  const thread = SlackCallIndex.get(slack.threadPosts, parent?.ts);
  const text = (c: RecordedCall) => String(c.body.text);
  switch (r.state) {
    case 'requested':
      expect(updates, r.id).toEqual([]);
      expect(thread, r.id).toEqual([]);
      break;
    case 'denied':
      expect(updates.map(text), r.id).toEqual([expect.stringMatching(/^Rollback denied/)]);
      expect(thread.map(text), r.id).toEqual([expect.stringMatching(/your rollback for .* was denied/)]);
      break;
    case 'approved': {
      expect(updates.map(text), r.id).toEqual([expect.stringMatching(/^Rollback approved/)]);
      const notes = thread.filter((c) => /your rollback for .* was approved/.test(text(c)));
      const checklists = thread.filter((c) => text(c).startsWith('Recovery checklist'));
      expect(notes, `${r.id}: approval notes`).toHaveLength(1);
      expect(
        checklists.map((c) => (c.reply as { ts: string }).ts),
        `${r.id}: checklists`,
      ).toEqual([r.messages.checklist?.ts]);
      expect(thread, r.id).toHaveLength(2);
      break;
    }
    default:
      throw new Error(`${r.id} is ${r.state}: nothing in this test expires or completes a rollback`);
  }
}

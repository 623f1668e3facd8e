import type {
  ChecklistOutcome,
  CreateRollbackOutcome,
  DecideRollbackOutcome,
  Rollback,
  RollbackMessageSlot,
  SlackMessageRef,
  UntickOutcome,
} from '../../src/domain/rollback.js';
import * as rollbackChanges from '../rollbackChanges.js';
import type { Actor, NewRollback } from '../store.js';
import { applyChange } from './changes.js';
import type { Sql } from './database.js';
import { channelsOfAccount, lockAccounts } from './rows.js';

/*
 * Rollback writes, each in the caller's transaction, with the rules of rollbackChanges.ts. Locks are
 * always taken in the same order (account, then rollback rows) so two instances never deadlock, and
 * the rollback row is locked before it is read: of two approvers clicking at once on two instances,
 * the second waits, then reads the decision the first committed, and is told it is already decided.
 */

const OPEN = `state IN ('requested', 'approved')`;

async function lockedRollbacks(sql: Sql, where: string, params: unknown[]): Promise<Rollback[]> {
  const { rows } = await sql.query<{ record: Rollback }>(
    `SELECT record FROM rollbacks WHERE ${where} ORDER BY position FOR UPDATE`,
    params,
  );
  return rows.map((r) => r.record);
}

export async function createRollback(
  sql: Sql,
  request: NewRollback,
  actor: Actor,
): Promise<CreateRollbackOutcome> {
  await lockAccounts(sql, [request.accountId]);
  const channels = await channelsOfAccount(sql, request.accountId);
  const rollbacks = await lockedRollbacks(
    sql,
    `id = $1 OR (account_id = $2 AND region = $3 AND seller_id = $4 AND ${OPEN})`,
    [request.id, request.accountId, request.unit.region, request.unit.sellerId],
  );
  return applyChange(sql, { channels, rollbacks }, (data, audit) =>
    rollbackChanges.createRollback(data, channels, request, actor, audit),
  );
}

export async function decideRollback(
  sql: Sql,
  id: string,
  decision: { approve: boolean; reason?: string; approvers: readonly string[]; seenUnit?: string },
  actor: Actor,
): Promise<DecideRollbackOutcome> {
  const owner = await sql.query<{ account_id: string }>('SELECT account_id FROM rollbacks WHERE id = $1', [
    id,
  ]);
  const accountId = owner.rows[0]?.account_id;
  if (!accountId) return { kind: 'not-found' };
  await lockAccounts(sql, [accountId]);
  const rollbacks = await lockedRollbacks(sql, 'id = $1', [id]);
  const channels = await channelsOfAccount(sql, accountId);
  return applyChange(sql, { channels, rollbacks }, (data, audit) =>
    rollbackChanges.decideRollback(data, channels, id, decision, actor, audit),
  );
}

export async function expireDue(sql: Sql, now: Date): Promise<Rollback[]> {
  // The partial index on undecided requests finds them; a row another instance is deciding is waited
  // for and then skipped if it is no longer undecided (PostgreSQL re-checks the condition).
  const rollbacks = await lockedRollbacks(sql, `state = 'requested' AND expires_at <= $1`, [
    now.toISOString(),
  ]);
  if (rollbacks.length === 0) return [];
  return applyChange(sql, { rollbacks }, (data, audit) => rollbackChanges.expireDue(data, now, audit));
}

export async function completeChecklistItem(
  sql: Sql,
  id: string,
  itemId: string,
  actor: Actor,
): Promise<ChecklistOutcome> {
  const rollbacks = await lockedRollbacks(sql, 'id = $1', [id]);
  return applyChange(sql, { rollbacks }, (data, audit) =>
    rollbackChanges.completeChecklistItem(data, id, itemId, actor, audit),
  );
}

export async function untickChecklistItem(
  sql: Sql,
  id: string,
  itemId: string,
  actor: Actor,
  approvers: readonly string[],
): Promise<UntickOutcome> {
  const rollbacks = await lockedRollbacks(sql, 'id = $1', [id]);
  return applyChange(sql, { rollbacks }, (data, audit) =>
    rollbackChanges.untickChecklistItem(data, id, itemId, actor, approvers, audit),
  );
}

export async function attachMessage(
  sql: Sql,
  id: string,
  which: RollbackMessageSlot,
  ref: SlackMessageRef,
  actor: Actor,
): Promise<Rollback | undefined> {
  const rollbacks = await lockedRollbacks(sql, 'id = $1', [id]);
  return applyChange(sql, { rollbacks }, (data, audit) =>
    rollbackChanges.attachMessage(data, id, which, ref, actor, audit),
  );
}

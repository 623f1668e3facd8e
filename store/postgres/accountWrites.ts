import { type Account, type Channel, PROVENANCE_FIELDS, regionOf } from '../../src/domain/accounts.js';
import type { AuditEntry } from '../../src/domain/audit.js';
import { accountChanges, channelChanges, updatedNote } from '../../src/domain/changes.js';
import type { Region } from '../../src/domain/marketplaces.js';
import { importBatchProblems } from '../importChecks.js';
import {
  type Actor,
  type ChangeCounts,
  type ImportBatch,
  ImportRejectedError,
  type ImportSummary,
} from '../store.js';
import type { Sql } from './database.js';
import {
  ACCOUNT_COLUMNS,
  accountOf,
  CHANNEL_COLUMNS,
  channelOf,
  insertAudit,
  lockAccounts,
  upsertAccounts,
  upsertChannels,
} from './rows.js';

/** Imports one at a time across every instance: two batches adding the same account cannot race. */
export const IMPORT_LOCK = 'reauth-bot:import';

/**
 * The import, in the caller's transaction: the same checks and counts as the file store (a refused
 * batch changes nothing), reading only the rows the batch names.
 */
export async function importBatch(sql: Sql, batch: ImportBatch, actor: Actor): Promise<ImportSummary> {
  await sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [IMPORT_LOCK]);
  const accountIds = [...batch.accounts.map((a) => a.id), ...batch.channels.map((c) => c.accountId)];
  const stored = await lockAccounts(sql, accountIds);
  const storedAccounts = new Map(
    (
      await sql.query(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = ANY($1::text[])`, [
        batch.accounts.map((a) => a.id),
      ])
    ).rows.map((r) => [r.id as string, accountOf(r)]),
  );
  const storedChannels = (
    await sql.query(`SELECT ${CHANNEL_COLUMNS} FROM channels WHERE id = ANY($1::text[])`, [
      batch.channels.map((c) => c.id),
    ])
  ).rows.map(channelOf);

  const problems = importBatchProblems(batch, storedChannels, (id) => stored.has(id));
  if (problems.length > 0) throw new ImportRejectedError(problems);

  const summary: ImportSummary = { accounts: counts(), channels: counts() };
  const changesByAccount = new Map<string, string[]>();
  const note = (accountId: string, change: string) => {
    const list = changesByAccount.get(accountId);
    if (list) list.push(change);
    else changesByAccount.set(accountId, [change]);
  };

  const accountWrites: Account[] = [];
  for (const incoming of batch.accounts) {
    const existing = storedAccounts.get(incoming.id);
    if (!existing) {
      summary.accounts.added++;
      note(incoming.id, 'account added');
    } else if (existing.name !== incoming.name || existing.accountManager !== incoming.accountManager) {
      summary.accounts.updated++;
      note(incoming.id, updatedNote('account', accountChanges(existing, incoming)));
    } else {
      summary.accounts.unchanged++;
      continue;
    }
    // What the connector set (Slack channel, ordering point, closing) stays, as in the file store.
    const account: Account = { ...existing, ...incoming };
    if (!incoming.accountManager) delete account.accountManager;
    accountWrites.push(account);
  }

  const channelsById = new Map(storedChannels.map((c) => [c.id, c]));
  const channelWrites: Channel[] = [];
  for (const incoming of batch.channels) {
    const existing = channelsById.get(incoming.id);
    if (!existing) {
      summary.channels.added++;
      note(incoming.accountId, `channel ${incoming.id} added`);
    } else if (!sameChannel(existing, incoming)) {
      summary.channels.updated++;
      note(incoming.accountId, updatedNote(`channel ${incoming.id}`, channelChanges(existing, incoming)));
    } else {
      summary.channels.unchanged++;
      continue;
    }
    channelWrites.push({ ...incoming, stateSource: 'import', stateAt: actor.at.toISOString() });
  }

  await upsertAccounts(sql, accountWrites);
  await upsertChannels(sql, channelWrites);

  const at = actor.at.toISOString();
  const audit: AuditEntry[] = [...changesByAccount].map(([accountId, changes]) => ({
    at,
    actor: actor.id,
    action: 'import',
    target: `account:${accountId}`,
    accountId,
    details: { changes },
  }));
  await insertAudit(sql, audit);
  return summary;
}

/** Marks the unit's channels `MWS/SP-API` under the account's lock; returns those that changed. */
export async function recordReauthorization(
  sql: Sql,
  unit: { accountId: string; region: Region; sellerId: string },
  actor: Actor,
): Promise<Channel[]> {
  await lockAccounts(sql, [unit.accountId]);
  const { rows } = await sql.query(
    `SELECT ${CHANNEL_COLUMNS} FROM channels WHERE account_id = $1 AND seller_id = $2 ORDER BY position`,
    [unit.accountId, unit.sellerId],
  );
  const at = actor.at.toISOString();
  const changed = rows
    .map(channelOf)
    .filter((c) => regionOf(c) === unit.region && c.authorization !== 'MWS/SP-API')
    .map(
      (c): Channel => ({
        ...c,
        authorization: 'MWS/SP-API',
        authorizedAt: at,
        authorizedBy: actor.id,
        stateSource: 'slack',
        stateAt: at,
      }),
    );
  if (changed.length === 0) return [];
  await upsertChannels(sql, changed);
  await insertAudit(sql, [
    {
      at,
      actor: actor.id,
      action: 'reauthorized',
      target: `unit:${unit.accountId}:${unit.region}:${unit.sellerId}`,
      accountId: unit.accountId,
      details: { channels: changed.map((c) => c.id) },
    },
  ]);
  return changed;
}

function counts(): ChangeCounts {
  return { added: 0, updated: 0, unchanged: 0 };
}

/** Same state, wherever each came from. */
function sameChannel(a: Channel, b: Channel): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof Channel)[]);
  for (const k of PROVENANCE_FIELDS) keys.delete(k);
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * Moves an SP-API unit's renewal date (the file store's recordRenewal, same rules): every channel of
 * the unit on `MWS/SP-API`, no rollback request waiting on it (that is a reauthorization the
 * approver must see), under the account's lock; returns the renewed channels.
 */
export async function recordRenewal(
  sql: Sql,
  unit: { accountId: string; region: Region; sellerId: string },
  actor: Actor,
): Promise<Channel[]> {
  await lockAccounts(sql, [unit.accountId]);
  const waiting = await sql.query(
    `SELECT 1 FROM rollbacks WHERE state = 'requested' AND account_id = $1 AND region = $2 AND seller_id = $3`,
    [unit.accountId, unit.region, unit.sellerId],
  );
  if (waiting.rows.length > 0) return [];
  const { rows } = await sql.query(
    `SELECT ${CHANNEL_COLUMNS} FROM channels WHERE account_id = $1 AND seller_id = $2 ORDER BY position`,
    [unit.accountId, unit.sellerId],
  );
  const channels = rows.map(channelOf).filter((c) => regionOf(c) === unit.region);
  if (channels.length === 0 || channels.some((c) => c.authorization !== 'MWS/SP-API')) return [];
  const at = actor.at.toISOString();
  const previous = channels
    .map((c) => c.authorizedAt ?? '')
    .filter(Boolean)
    .sort()
    .at(-1);
  const renewed = channels.map((c): Channel => ({ ...c, authorizedAt: at, authorizedBy: actor.id }));
  await upsertChannels(sql, renewed);
  await insertAudit(sql, [
    {
      at,
      actor: actor.id,
      action: 'renewed',
      target: `unit:${unit.accountId}:${unit.region}:${unit.sellerId}`,
      accountId: unit.accountId,
      details: { channels: renewed.map((c) => c.id), ...(previous ? { previous } : {}) },
    },
  ]);
  return renewed;
}

import type { AuditEntry } from '../../src/domain/audit.js';
import { type BatchOutcome, type ConnectorEvent, isChannelEvent } from '../../src/domain/connectorEvents.js';
import * as connectorChanges from '../connectorChanges.js';
import { type Actor, type ConfirmSellerOutcome, emptyState, type StoreState } from '../store.js';
import { IMPORT_LOCK } from './accountWrites.js';
import { applyChange } from './changes.js';
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

/*
 * The connector's writes over PostgreSQL. The rules live once, in store/connectorChanges.ts: the
 * batch's rows are locked and loaded into a StoreState holding only what its events name (which is
 * all those rules read), the file store's function runs on it, and what it changed is written back
 * with its audit entries in the caller's transaction; a rejected batch throws, and nothing is kept.
 */

export async function applyConnectorEvents(
  sql: Sql,
  events: readonly ConnectorEvent[],
  actor: Actor,
): Promise<BatchOutcome> {
  // One batch (or import) at a time across instances: either may add the accounts the other reads.
  await sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [IMPORT_LOCK]);
  const accountIds = [...new Set(events.map((e) => e.accountId))];
  const channelIds = [...new Set(events.filter(isChannelEvent).map((e) => e.channelId))];
  await lockAccounts(sql, accountIds);
  const accounts = (
    await sql.query(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = ANY($1::text[]) ORDER BY position`, [
      accountIds,
    ])
  ).rows.map(accountOf);
  const channels = (
    await sql.query(`SELECT ${CHANNEL_COLUMNS} FROM channels WHERE id = ANY($1::text[]) ORDER BY position`, [
      channelIds,
    ])
  ).rows.map(channelOf);
  const removedChannels = (
    await sql.query<{ id: string; account_id: string; at: string }>(
      'SELECT id, account_id, at FROM removed_channels WHERE id = ANY($1::text[]) ORDER BY position',
      [channelIds],
    )
  ).rows.map((r) => ({ id: r.id, accountId: r.account_id, at: r.at }));
  const connectorEvents = (
    await sql.query<{ id: string; at: string }>(
      'SELECT id, at FROM connector_events WHERE id = ANY($1::text[]) ORDER BY position',
      [events.map((e) => e.id)],
    )
  ).rows;

  const data: StoreState = { ...emptyState(), accounts, channels, removedChannels, connectorEvents };
  const before = {
    accounts: snapshot(accounts),
    channels: snapshot(channels),
    removed: snapshot(removedChannels),
    events: connectorEvents.length,
  };
  const audit: AuditEntry[] = [];
  const result = connectorChanges.applyConnectorEvents(data, events, actor, (entry) => audit.push(entry));

  await upsertAccounts(sql, changed(data.accounts, before.accounts));
  const kept = new Set(data.channels.map((c) => c.id));
  const gone = [...before.channels.keys()].filter((id) => !kept.has(id));
  if (gone.length > 0) await sql.query('DELETE FROM channels WHERE id = ANY($1::text[])', [gone]);
  await upsertChannels(sql, changed(data.channels, before.channels));

  const stillRemoved = new Set(data.removedChannels.map((r) => r.id));
  const restored = [...before.removed.keys()].filter((id) => !stillRemoved.has(id));
  if (restored.length > 0)
    await sql.query('DELETE FROM removed_channels WHERE id = ANY($1::text[])', [restored]);
  for (const r of changed(data.removedChannels, before.removed)) {
    await sql.query(
      `INSERT INTO removed_channels (id, account_id, at) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, at = excluded.at`,
      [r.id, r.accountId, r.at],
    );
  }

  const processed = data.connectorEvents.slice(before.events);
  if (processed.length > 0) {
    await sql.query(
      `INSERT INTO connector_events (id, at)
       SELECT id, at FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS e(id, at, n) ORDER BY n`,
      [processed.map((e) => e.id), processed.map((e) => e.at)],
    );
    await forgetOldest(sql);
  }
  await insertAudit(sql, audit);
  return result;
}

/** The same bound as the file store: past the limit, the oldest ids go down to the trimmed size. */
async function forgetOldest(sql: Sql): Promise<void> {
  const { rows } = await sql.query<{ n: string }>('SELECT count(*)::text AS n FROM connector_events');
  if (Number(rows[0]?.n) <= connectorChanges.MAX_REMEMBERED_EVENT_IDS) return;
  await sql.query(
    `DELETE FROM connector_events WHERE position <= (
       SELECT position FROM connector_events ORDER BY position DESC OFFSET $1 LIMIT 1)`,
    [connectorChanges.REMEMBERED_AFTER_TRIM],
  );
}

/** A person confirms the held-back Seller ID, under the account's lock (see connectorChanges.ts). */
export async function confirmSellerId(
  sql: Sql,
  channelId: string,
  actor: Actor,
): Promise<ConfirmSellerOutcome> {
  const owner = await sql.query<{ account_id: string }>('SELECT account_id FROM channels WHERE id = $1', [
    channelId,
  ]);
  const accountId = owner.rows[0]?.account_id;
  if (accountId === undefined) return { kind: 'no-channel' };
  await lockAccounts(sql, [accountId]);
  const { rows } = await sql.query(`SELECT ${CHANNEL_COLUMNS} FROM channels WHERE id = $1`, [channelId]);
  return applyChange(sql, { channels: rows.map(channelOf) }, (data, audit) =>
    connectorChanges.confirmSellerId(data, channelId, actor, audit),
  );
}

function snapshot<T extends { id: string }>(items: readonly T[]): Map<string, string> {
  return new Map(items.map((item) => [item.id, JSON.stringify(item)]));
}

function changed<T extends { id: string }>(items: readonly T[], before: Map<string, string>): T[] {
  return items.filter((item) => before.get(item.id) !== JSON.stringify(item));
}

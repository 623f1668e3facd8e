import type { StoreState } from '../store.js';
import { isEmptyState, StoreNotEmptyError } from '../storeCopy.js';
import type { Sql } from './database.js';
import { insertAudit, upsertAccounts, upsertChannels } from './rows.js';

/** Rows per statement: large stores load in a few hundred statements, each well under any limit. */
const CHUNK = 5_000;

/**
 * Fills an empty database with a whole store, in the caller's transaction: every table is locked
 * first, so nothing else can write while it is checked empty and filled.
 */
export async function loadState(sql: Sql, label: string, state: StoreState): Promise<void> {
  await sql.query(`LOCK TABLE accounts, channels, audit, digests, rollbacks, connector_events, removed_channels
     IN EXCLUSIVE MODE`);
  const { rows } = await sql.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM accounts)::text AS accounts, (SELECT count(*) FROM channels)::text AS channels,
            (SELECT count(*) FROM audit)::text AS audit, (SELECT count(*) FROM digests)::text AS digests,
            (SELECT count(*) FROM rollbacks)::text AS rollbacks,
            (SELECT count(*) FROM connector_events)::text AS connector_events,
            (SELECT count(*) FROM removed_channels)::text AS removed_channels`,
  );
  const counts = rows[0] ?? {};
  const present = {
    accounts: Number(counts.accounts),
    channels: Number(counts.channels),
    audit: Number(counts.audit),
    digests: Number(counts.digests),
    rollbacks: Number(counts.rollbacks),
    connectorEvents: Number(counts.connector_events),
    removedChannels: Number(counts.removed_channels),
  };
  if (Object.values(present).some((n) => n > 0)) throw new StoreNotEmptyError(label, present);
  if (isEmptyState(state)) return;

  for (const part of chunks(state.accounts)) await upsertAccounts(sql, part);
  for (const part of chunks(state.channels)) await upsertChannels(sql, part);
  for (const part of chunks(state.audit)) await insertAudit(sql, part);
  for (const part of chunks(state.digests)) {
    await sql.query(
      `INSERT INTO digests (id, status, record)
       SELECT id, status, record::json FROM unnest($1::text[], $2::text[], $3::text[])
         WITH ORDINALITY AS d(id, status, record, n) ORDER BY n`,
      [part.map((d) => d.id), part.map((d) => d.status), part.map((d) => JSON.stringify(d))],
    );
  }
  for (const part of chunks(state.rollbacks)) {
    await sql.query(
      `INSERT INTO rollbacks (id, account_id, region, seller_id, state, expires_at, record)
       SELECT id, account_id, region, seller_id, state, expires_at::timestamptz, record::json
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         WITH ORDINALITY AS r(id, account_id, region, seller_id, state, expires_at, record, n) ORDER BY n`,
      [
        part.map((r) => r.id),
        part.map((r) => r.accountId),
        part.map((r) => r.unit.region),
        part.map((r) => r.unit.sellerId),
        part.map((r) => r.state),
        part.map((r) => r.expiresAt),
        part.map((r) => JSON.stringify(r)),
      ],
    );
  }
  for (const part of chunks(state.connectorEvents)) {
    await sql.query(
      `INSERT INTO connector_events (id, at)
       SELECT id, at FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS e(id, at, n) ORDER BY n`,
      [part.map((e) => e.id), part.map((e) => e.at)],
    );
  }
  for (const part of chunks(state.removedChannels)) {
    await sql.query(
      `INSERT INTO removed_channels (id, account_id, at)
       SELECT id, account_id, at FROM unnest($1::text[], $2::text[], $3::text[])
         WITH ORDINALITY AS r(id, account_id, at, n) ORDER BY n`,
      [part.map((r) => r.id), part.map((r) => r.accountId), part.map((r) => r.at)],
    );
  }
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += CHUNK) yield items.slice(i, i + CHUNK);
}

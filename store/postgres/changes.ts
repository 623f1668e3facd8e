import type { Channel } from '../../src/domain/accounts.js';
import type { AuditEntry } from '../../src/domain/audit.js';
import type { DigestRecord } from '../../src/domain/digestRecord.js';
import type { Rollback } from '../../src/domain/rollback.js';
import { emptyState, type StoreState } from '../store.js';
import type { Sql } from './database.js';
import { insertAudit, upsertChannels } from './rows.js';

/**
 * Runs one of the file store's change functions (rollbackChanges.ts, digestChanges.ts) on the rows a
 * transaction has locked, then writes back only what it changed, with its audit entries, in that
 * same transaction. The rules live once, in those functions; PostgreSQL supplies the isolation the
 * file store gets from running one change at a time: the rows are locked (FOR UPDATE) before they
 * are read, and every rollback is written back only if its state is still the one that was read.
 * A change that audits nothing changed nothing, and nothing is written.
 */
export interface Loaded {
  channels?: Channel[];
  rollbacks?: Rollback[];
  digests?: DigestRecord[];
}

type Audit = (entry: AuditEntry) => void;

export async function applyChange<T>(
  sql: Sql,
  loaded: Loaded,
  change: (data: StoreState, audit: Audit) => T,
): Promise<T> {
  const data: StoreState = {
    ...emptyState(),
    channels: loaded.channels ?? [],
    rollbacks: loaded.rollbacks ?? [],
    digests: loaded.digests ?? [],
  };
  const before = {
    channels: snapshot(data.channels),
    rollbacks: new Map(data.rollbacks.map((r) => [r.id, { json: JSON.stringify(r), state: r.state }])),
    digests: snapshot(data.digests),
  };
  const audit: AuditEntry[] = [];
  const result = change(data, (entry) => audit.push(entry));
  if (audit.length === 0) return result;

  const channels = data.channels.filter((c) => before.channels.get(c.id) !== JSON.stringify(c));
  await upsertChannels(sql, channels);

  // Changed ones first: an expired request must leave the unit before its successor is inserted.
  for (const r of data.rollbacks) {
    const was = before.rollbacks.get(r.id);
    if (!was || was.json === JSON.stringify(r)) continue;
    const updated = await sql.query(
      `UPDATE rollbacks SET state = $2, expires_at = $3, record = $4::json WHERE id = $1 AND state = $5`,
      [r.id, r.state, r.expiresAt, JSON.stringify(r), was.state],
    );
    // Cannot happen while the row is locked; if it ever did, the whole change is undone.
    if (updated.rowCount !== 1)
      throw new Error(`Rollback ${r.id} changed under this write; nothing was changed`);
  }
  for (const r of data.rollbacks) {
    if (before.rollbacks.has(r.id)) continue;
    await sql.query(
      `INSERT INTO rollbacks (id, account_id, region, seller_id, state, expires_at, record)
       VALUES ($1, $2, $3, $4, $5, $6, $7::json)`,
      [r.id, r.accountId, r.unit.region, r.unit.sellerId, r.state, r.expiresAt, JSON.stringify(r)],
    );
  }

  for (const d of data.digests) {
    if (before.digests.get(d.id) === JSON.stringify(d)) continue;
    await sql.query('UPDATE digests SET status = $2, record = $3::json WHERE id = $1', [
      d.id,
      d.status,
      JSON.stringify(d),
    ]);
  }

  await insertAudit(sql, audit);
  return result;
}

function snapshot<T extends { id: string }>(items: readonly T[]): Map<string, string> {
  return new Map(items.map((item) => [item.id, JSON.stringify(item)]));
}

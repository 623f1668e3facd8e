import type { DigestClosing, DigestDelivery, DigestRecord } from '../../src/domain/digestRecord.js';
import * as digestChanges from '../digestChanges.js';
import type { Actor } from '../store.js';
import { emptyState } from '../store.js';
import { applyChange } from './changes.js';
import type { Sql } from './database.js';
import { insertAudit } from './rows.js';

/*
 * Digest writes, each in the caller's transaction, with the rules of digestChanges.ts. A slot is
 * owned by whoever inserts its row first (the primary key decides, not timing), and a message is
 * noted under the slot's row lock, so it is recorded once however many instances post.
 */

async function lockedDigest(sql: Sql, id: string): Promise<DigestRecord[]> {
  const { rows } = await sql.query<{ record: DigestRecord }>(
    'SELECT record FROM digests WHERE id = $1 FOR UPDATE',
    [id],
  );
  return rows.map((r) => r.record);
}

export async function recordSlot(
  sql: Sql,
  record: DigestRecord,
  actor: Actor,
): Promise<{ record: DigestRecord; created: boolean }> {
  const inserted = await sql.query(
    `INSERT INTO digests (id, status, record) VALUES ($1, $2, $3::json) ON CONFLICT (id) DO NOTHING`,
    [record.id, record.status, JSON.stringify(record)],
  );
  if (inserted.rowCount === 1) {
    const audit: Parameters<typeof insertAudit>[1][number][] = [];
    const result = digestChanges.recordSlot(emptyState(), record, actor, (entry) => audit.push(entry));
    await insertAudit(sql, audit);
    return result;
  }
  const [existing] = await lockedDigest(sql, record.id);
  if (!existing) throw new Error(`Digest ${record.id} is on record but could not be read`);
  return { record: existing, created: false };
}

export async function recordDelivery(
  sql: Sql,
  id: string,
  delivery: DigestDelivery,
  actor: Actor,
): Promise<DigestRecord> {
  const digests = await lockedDigest(sql, id);
  return applyChange(sql, { digests }, (data, audit) =>
    digestChanges.recordDelivery(data, id, delivery, actor, audit),
  );
}

export async function closeDigest(
  sql: Sql,
  id: string,
  closing: DigestClosing,
  actor: Actor,
): Promise<DigestRecord> {
  const digests = await lockedDigest(sql, id);
  return applyChange(sql, { digests }, (data, audit) =>
    digestChanges.closeDigest(data, id, closing, actor, audit),
  );
}

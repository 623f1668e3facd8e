import type { AuditEntry } from '../src/domain/audit.js';
import type { DigestClosing, DigestDelivery, DigestRecord } from '../src/domain/digestRecord.js';
import type { Actor, StoreState } from './store.js';

/*
 * The digest changes, each run by LowStore inside ONE synchronous write over the live data, so two
 * ticks can never both own a slot or both record one message.
 */

type Audit = (entry: AuditEntry) => void;

export function copyDigest(record: DigestRecord): DigestRecord {
  return structuredClone(record);
}

function findDigest(data: StoreState, id: string): DigestRecord {
  const record = data.digests.find((d) => d.id === id);
  if (!record) throw new Error(`No digest ${id} on record`);
  return record;
}

export function recordSlot(
  data: StoreState,
  record: DigestRecord,
  actor: Actor,
  audit: Audit,
): { record: DigestRecord; created: boolean } {
  const existing = data.digests.find((d) => d.id === record.id);
  if (existing) return { record: copyDigest(existing), created: false };
  const stored = copyDigest(record);
  data.digests.push(stored);
  audit({
    at: actor.at.toISOString(),
    actor: actor.id,
    action: record.status === 'skipped' ? 'digest-skipped' : 'digest-planned',
    target: `digest:${record.id}`,
    details: {
      channel: record.channel,
      parts: record.parts.length,
      dms: record.dms.map((d) => d.user),
      ...(record.reason ? { reason: record.reason } : {}),
    },
  });
  return { record: copyDigest(stored), created: true };
}

export function recordDelivery(
  data: StoreState,
  id: string,
  delivery: DigestDelivery,
  actor: Actor,
  audit: Audit,
): DigestRecord {
  const record = findDigest(data, id);
  const at = actor.at.toISOString();
  const dm = delivery.target === 'dm' ? record.dms.find((d) => d.user === delivery.user) : undefined;
  if (delivery.target === 'dm' && !dm) throw new Error(`Digest ${id} has no DM for ${delivery.user}`);
  if ('error' in delivery) {
    if (dm && !dm.error) {
      dm.error = delivery.error;
      audit({
        at,
        actor: actor.id,
        action: 'digest-dm-failed',
        target: `digest:${id}`,
        details: { ...delivery },
      });
    }
    return copyDigest(record);
  }
  const parts = dm ? dm.parts : record.parts;
  const part = parts[delivery.part];
  if (!part) throw new Error(`Digest ${id} has no part ${delivery.part}`);
  if ('uncertain' in delivery) {
    // Noted once: the first time is when Slack may first have posted it.
    if (!part.ts && !part.uncertainSince) {
      part.uncertainSince = at;
      if (dm) dm.channel = (delivery as { channel: string }).channel;
      audit({
        at,
        actor: actor.id,
        action: 'digest-part-uncertain',
        target: `digest:${id}`,
        details: { ...delivery },
      });
    }
    return copyDigest(record);
  }
  if (!part.ts) {
    part.ts = delivery.ts;
    part.postedAt = at;
    if (dm) dm.channel = (delivery as { channel: string }).channel;
    audit({
      at,
      actor: actor.id,
      action: 'digest-part-posted',
      target: `digest:${id}`,
      details: { ...delivery },
    });
  }
  return copyDigest(record);
}

export function closeDigest(
  data: StoreState,
  id: string,
  closing: DigestClosing,
  actor: Actor,
  audit: Audit,
): DigestRecord {
  const record = findDigest(data, id);
  if (record.status !== 'posting') return copyDigest(record);
  record.status = closing.status;
  record.closedAt = actor.at.toISOString();
  if (closing.status === 'skipped') record.reason = closing.reason;
  for (const part of [...record.parts, ...record.dms.flatMap((d) => d.parts)]) delete part.message;
  audit({
    at: record.closedAt,
    actor: actor.id,
    action: closing.status === 'posted' ? 'digest-posted' : 'digest-skipped',
    target: `digest:${id}`,
    details: { ...closing },
  });
  return copyDigest(record);
}

import { expect } from 'vitest';
import { type Authorization, type Channel, regionOf, unitKey } from '../../../src/domain/accounts.js';
import type { AuditEntry } from '../../../src/domain/audit.js';
import type { RollbackState } from '../../../src/domain/rollback.js';

/** `<account>:<region>:<Seller ID>`: one reauthorization unit, as the audit trail names it. */
export function unitOf(channel: Channel): string {
  return `${channel.accountId}:${unitKey({ region: regionOf(channel), sellerId: channel.sellerId })}`;
}

export interface ModelChannel {
  authorization: Authorization;
  authorizedBy?: string;
}

export interface ModelRollback {
  id: string;
  unit: string;
  requester: string;
  state: RollbackState;
  decidedBy?: string;
  reason?: string;
}

/** What the store must hold, worked out by replaying its audit trail over the imported channels. */
export interface StoreModel {
  channels: Map<string, ModelChannel>;
  rollbacks: Map<string, ModelRollback>;
  /** Each unit's `reauthorized` and `rollback.approved` entries, in the store's order. */
  unitHistory: Map<string, AuditEntry[]>;
}

/**
 * Replays the audit trail in the order the store recorded it, from the channels as imported, and
 * checks each entry was a legal step at that point, whatever the interleaving of the requests was:
 * a unit is reauthorized only when not already (nothing doubled), a rollback is requested only when
 * its unit has none open and is not all on MWS, decided only once and only while requested. What
 * the replay ends with is what the store must hold.
 */
export function replayAudit(imported: readonly Channel[], audit: readonly AuditEntry[]): StoreModel {
  const channels = new Map<string, ModelChannel>(
    imported.map((c) => [
      c.id,
      { authorization: c.authorization, ...(c.authorizedBy ? { authorizedBy: c.authorizedBy } : {}) },
    ]),
  );
  const channelsOfUnit = new Map<string, string[]>();
  const unitOfChannel = new Map<string, string>();
  for (const c of imported) {
    channelsOfUnit.set(unitOf(c), [...(channelsOfUnit.get(unitOf(c)) ?? []), c.id]);
    unitOfChannel.set(c.id, unitOf(c));
  }
  const rollbacks = new Map<string, ModelRollback>();
  const unitHistory = new Map<string, AuditEntry[]>();
  const note = (unit: string, entry: AuditEntry) =>
    unitHistory.set(unit, [...(unitHistory.get(unit) ?? []), entry]);
  const authOf = (id: string) => (channels.get(id) as ModelChannel).authorization;
  const listed = (entry: AuditEntry) => (entry.details?.channels ?? []) as string[];

  for (const [n, entry] of audit.entries()) {
    const where = `audit entry #${n} (${entry.action} ${entry.target} by ${entry.actor})`;
    switch (entry.action) {
      case 'reauthorized': {
        const unit = entry.target.replace(/^unit:/, '');
        const unitChannels = channelsOfUnit.get(unit) ?? [];
        // The whole unit moves, and only channels not already reauthorized are recorded.
        expect(listed(entry).length, where).toBeGreaterThan(0);
        expect([...listed(entry)].sort(), where).toEqual(
          unitChannels.filter((id) => authOf(id) !== 'MWS/SP-API').sort(),
        );
        for (const id of unitChannels)
          channels.set(id, { authorization: 'MWS/SP-API', authorizedBy: entry.actor });
        note(unit, entry);
        break;
      }
      case 'rollback.reauthorization-reported': {
        // A reauthorization the bot had no record of, recorded by the rollback request that follows.
        const unit = entry.target.replace(/^unit:/, '');
        const unitChannels = channelsOfUnit.get(unit) ?? [];
        expect(
          unitChannels.every((c) => authOf(c) === 'MWS'),
          `${where}: reported a reauthorization the bot had on record`,
        ).toBe(true);
        expect([...listed(entry)].sort(), where).toEqual([...unitChannels].sort());
        for (const id of unitChannels)
          channels.set(id, { authorization: 'MWS/SP-API', authorizedBy: entry.actor });
        note(unit, entry);
        break;
      }
      case 'rollback.requested': {
        const id = entry.target.replace(/^rollback:/, '');
        const unit = unitOfChannel.get(listed(entry)[0] ?? '') as string;
        expect(unit, where).toBeDefined();
        expect(rollbacks.has(id), `${where}: requested twice`).toBe(false);
        const open = [...rollbacks.values()].filter(
          (r) => r.unit === unit && (r.state === 'requested' || r.state === 'approved'),
        );
        expect(
          open.map((r) => r.id),
          `${where}: the unit already had an open rollback`,
        ).toEqual([]);
        const unitChannels = channelsOfUnit.get(unit) ?? [];
        expect(
          unitChannels.every((c) => authOf(c) === 'MWS'),
          `${where}: nothing to roll back`,
        ).toBe(false);
        expect([...listed(entry)].sort(), where).toEqual([...unitChannels].sort());
        rollbacks.set(id, { id, unit, requester: entry.actor, state: 'requested' });
        break;
      }
      case 'rollback.approved':
      case 'rollback.denied': {
        const id = entry.target.replace(/^rollback:/, '');
        const rollback = rollbacks.get(id);
        expect(rollback?.state, `${where}: decided when not waiting for a decision`).toBe('requested');
        if (!rollback) break;
        rollback.state = entry.action === 'rollback.approved' ? 'approved' : 'denied';
        rollback.decidedBy = entry.actor;
        if (entry.action === 'rollback.denied') rollback.reason = String(entry.details?.reason ?? '');
        if (entry.action === 'rollback.approved') {
          expect([...listed(entry)].sort(), where).toEqual(
            [...(channelsOfUnit.get(rollback.unit) ?? [])].sort(),
          );
          for (const c of listed(entry)) channels.set(c, { authorization: 'MWS', authorizedBy: entry.actor });
          note(rollback.unit, entry);
        }
        break;
      }
      default:
        break;
    }
  }
  return { channels, rollbacks, unitHistory };
}

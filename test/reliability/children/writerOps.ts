import type { Region } from '../../../src/domain/marketplaces.js';
import type { ImportBatch, NewRollback, Store } from '../../../store/store.js';

/**
 * One change the crash writer makes; the test replays the same list on a model store.
 * TODO(issue 4): digest records (recordDigestSlot, recordDigestDelivery, closeDigest) as well.
 */
export type WriterOp =
  | {
      kind: 'reauth';
      unit: { accountId: string; region: Region; sellerId: string };
      actor: string;
      at: string;
    }
  | { kind: 'import'; batch: ImportBatch; actor: string; at: string }
  | { kind: 'rollback-request'; request: NewRollback; actor: string; at: string }
  | { kind: 'rollback-decision'; id: string; approve: boolean; actor: string; at: string };

/** The one approver of the writer's rollbacks (never the requester, who is a writer's actor). */
export const WRITER_APPROVER = 'UWAPPROVER';

export async function applyOp(store: Store, op: WriterOp): Promise<void> {
  const actor = { id: op.actor, at: new Date(op.at) };
  switch (op.kind) {
    case 'reauth':
      await store.recordReauthorization(op.unit, actor);
      return;
    case 'import':
      await store.importBatch(op.batch, actor);
      return;
    case 'rollback-request':
      await store.createRollback(op.request, actor);
      return;
    case 'rollback-decision':
      await store.decideRollback(op.id, { approve: op.approve, approvers: [WRITER_APPROVER] }, actor);
      return;
  }
}

import type { Region } from '../../../src/domain/marketplaces.js';
import type { ImportBatch, Store } from '../../../store/store.js';

/**
 * One change the crash writer makes; the test replays the same list on a model store.
 * TODO(issues 3, 4): add rollback requests/decisions and digest records once those Store methods land.
 */
export type WriterOp =
  | {
      kind: 'reauth';
      unit: { accountId: string; region: Region; sellerId: string };
      actor: string;
      at: string;
    }
  | { kind: 'import'; batch: ImportBatch; actor: string; at: string };

export async function applyOp(store: Store, op: WriterOp): Promise<void> {
  const actor = { id: op.actor, at: new Date(op.at) };
  if (op.kind === 'reauth') await store.recordReauthorization(op.unit, actor);
  else await store.importBatch(op.batch, actor);
}

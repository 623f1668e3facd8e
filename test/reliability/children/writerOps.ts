import type { DigestClosing, DigestDelivery, DigestRecord } from '../../../src/domain/digestRecord.js';
import type { Region } from '../../../src/domain/marketplaces.js';
import type { DigestSettings } from '../../../src/services/digestService.js';
import { type SlackPoster, SlackRefusedError } from '../../../src/services/slackPoster.js';
import type { ImportBatch, NewRollback, Store } from '../../../store/store.js';

/** One change the crash writer makes; the test replays the same list on a model store. */
export type WriterOp =
  | {
      kind: 'reauth';
      unit: { accountId: string; region: Region; sellerId: string };
      actor: string;
      at: string;
    }
  | { kind: 'import'; batch: ImportBatch; actor: string; at: string }
  | { kind: 'rollback-request'; request: NewRollback; actor: string; at: string }
  | { kind: 'rollback-decision'; id: string; approve: boolean; actor: string; at: string }
  // The digest service's own writes, in the order it makes them: claim, each message's ts, close.
  | { kind: 'digest-slot'; record: DigestRecord; actor: string; at: string }
  | { kind: 'digest-delivery'; id: string; delivery: DigestDelivery; actor: string; at: string }
  | { kind: 'digest-close'; id: string; closing: DigestClosing; actor: string; at: string };

export type DigestWriteOp = Extract<WriterOp, { kind: `digest-${string}` }>;

/** The one approver of the writer's rollbacks (never the requester, who is a writer's actor). */
export const WRITER_APPROVER = 'UWAPPROVER';

/** The writer's digest: twice a day, with DMs to account managers (the crash test's stores have two). */
export const WRITER_DIGEST: DigestSettings = {
  channel: 'CDIGEST',
  cron: '0 9,17 * * *',
  timeZone: 'UTC',
  dm: true,
};

/** A manager Slack will not let the bot DM: the digest records that once and never retries. */
export const UNREACHABLE_MANAGER = 'UMGR1';

/** A Slack that always answers: each post gets the next ts made by `nextTs`; one manager cannot be DMed. */
export function writerPoster(
  nextTs: () => string,
  onPost?: (post: { channel: string; text: string; threadTs?: string; ts: string }) => void,
): SlackPoster {
  return {
    async post(channel, message, threadTs) {
      const ts = nextTs();
      onPost?.({ channel, text: message.text, ts, ...(threadTs ? { threadTs } : {}) });
      return ts;
    },
    async openDm(user) {
      if (user === UNREACHABLE_MANAGER) throw new SlackRefusedError('conversations.open', 'user_not_found');
      return `D${user}`;
    },
    // It always answers, so no post is ever uncertain and there is nothing to look for.
    findPosted: async () => undefined,
    waitBeforeRetry: async () => false,
  };
}

/** Makes the change on `store`; resolves, with what the store answered, once the store says it is done. */
export async function applyOp(store: Store, op: WriterOp): Promise<unknown> {
  const actor = { id: op.actor, at: new Date(op.at) };
  switch (op.kind) {
    case 'reauth':
      return store.recordReauthorization(op.unit, actor);
    case 'import':
      return store.importBatch(op.batch, actor);
    case 'rollback-request':
      return store.createRollback(op.request, actor);
    case 'rollback-decision':
      return store.decideRollback(op.id, { approve: op.approve, approvers: [WRITER_APPROVER] }, actor);
    case 'digest-slot':
      return store.recordDigestSlot(op.record, actor);
    case 'digest-delivery':
      return store.recordDigestDelivery(op.id, op.delivery, actor);
    case 'digest-close':
      return store.closeDigest(op.id, op.closing, actor);
  }
}

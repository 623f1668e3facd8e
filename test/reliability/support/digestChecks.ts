import { isDeepStrictEqual } from 'node:util';
import type { DigestPart, DigestRecord } from '../../../src/domain/digestRecord.js';
import { lastScheduledSlot } from '../../../src/domain/digestRecord.js';
import { DigestService } from '../../../src/services/digestService.js';
import { openMemoryStore } from '../../../store/openStore.js';
import type { StoreState } from '../../../store/store.js';
import { CaptureLogger } from '../../support/captureLogger.js';
import { TestClock } from '../../support/testClock.js';
import { UNREACHABLE_MANAGER, WRITER_DIGEST, type WriterOp, writerPoster } from '../children/writerOps.js';

/*
 * What the crash test asks of the digest records on top of "the store equals the model": the model
 * runs the same change code, so a change that claimed a slot or noted a message twice would be
 * doubled in both. These checks read the records and their audit trail for what exactly-once means.
 */

type Where = { target: 'channel'; part: number } | { target: 'dm'; user: string; part: number };

function partAt(record: DigestRecord | undefined, where: Where): DigestPart | undefined {
  if (!record) return undefined;
  const parts =
    where.target === 'channel' ? record.parts : record.dms.find((d) => d.user === where.user)?.parts;
  return parts?.[where.part];
}

function everyPart(record: DigestRecord): { where: Where; part: DigestPart }[] {
  return [
    ...record.parts.map((part, i) => ({ where: { target: 'channel', part: i } as Where, part })),
    ...record.dms.flatMap((dm) =>
      dm.parts.map((part, i) => ({ where: { target: 'dm', user: dm.user, part: i } as Where, part })),
    ),
  ];
}

const nameOf = (id: string, where: Where) =>
  `${id} ${where.target === 'dm' ? `DM ${where.user}` : 'channel'} part ${where.part}`;

/**
 * Problems with the digest records after a crash, none when sound: every slot on record once, with
 * one audited claim (and one close, if closed); every message's ts noted once; what was closed or
 * posted `before` unchanged; and every digest write the writer had reported done (`acked`) there.
 */
export function digestRecordProblems(before: StoreState, after: StoreState, acked: WriterOp[]): string[] {
  const problems: string[] = [];
  const byId = new Map<string, DigestRecord>();
  for (const r of after.digests) {
    if (byId.has(r.id)) problems.push(`slot ${r.id} is on record twice`);
    byId.set(r.id, r);
  }

  for (const r of after.digests) {
    const audits = after.audit.filter((a) => a.target === `digest:${r.id}`);
    const lifecycle = audits.filter((a) =>
      ['digest-planned', 'digest-skipped', 'digest-posted'].includes(a.action),
    );
    // Claimed once (planned, or recorded skipped); closed at most once, and then it has a closedAt.
    if (lifecycle.length !== (r.closedAt ? 2 : 1))
      problems.push(`${r.id} (${r.status}) has ${lifecycle.length} claim/close audit entries`);
    if (r.status === 'posting' && r.closedAt) problems.push(`${r.id} is still posting but has a closedAt`);
    const posted = everyPart(r).filter(({ part }) => part.ts);
    const postAudits = audits.filter((a) => a.action === 'digest-part-posted');
    if (postAudits.length !== posted.length)
      problems.push(
        `${r.id} has ${posted.length} messages with a ts but ${postAudits.length} noted as posted`,
      );
    for (const a of postAudits) {
      const where = a.details as unknown as Where & { ts: string };
      if (partAt(r, where)?.ts !== where.ts) problems.push(`${nameOf(r.id, where)} lost the ts ${where.ts}`);
    }
    for (const dm of r.dms) {
      const failed = audits.filter((a) => a.action === 'digest-dm-failed' && a.details?.user === dm.user);
      if (failed.length !== (dm.error ? 1 : 0))
        problems.push(
          `${r.id} DM ${dm.user}: error ${dm.error ?? 'none'}, ${failed.length} failures audited`,
        );
    }
  }

  for (const old of before.digests) {
    const now = byId.get(old.id);
    if (!now) problems.push(`slot ${old.id} vanished`);
    else if (old.status !== 'posting' && !isDeepStrictEqual(old, now))
      problems.push(`${old.id} was ${old.status} and changed after`);
    for (const { where, part } of everyPart(old))
      if (part.ts && partAt(now, where)?.ts !== part.ts)
        problems.push(`${nameOf(old.id, where)} lost its ts`);
  }

  // The first ts reported done for a message is the one kept: a later one for it is a repost.
  const firstTs = new Map<string, string>();
  for (const op of acked) {
    if (op.kind === 'digest-slot' && !byId.has(op.record.id))
      problems.push(`acknowledged slot ${op.record.id} is missing`);
    if (op.kind === 'digest-close' && byId.get(op.id)?.status === 'posting')
      problems.push(`acknowledged close of ${op.id} is missing`);
    if (op.kind !== 'digest-delivery') continue;
    const { delivery } = op;
    const record = byId.get(op.id);
    if ('error' in delivery) {
      if (!record?.dms.find((d) => d.user === delivery.user)?.error)
        problems.push(`acknowledged DM failure of ${op.id} for ${delivery.user} is missing`);
      continue;
    }
    // The crash writer never reports a post as uncertain; this keeps the check total.
    if ('uncertain' in delivery) continue;
    const name = nameOf(op.id, delivery);
    const expected =
      partAt(
        before.digests.find((d) => d.id === op.id),
        delivery,
      )?.ts ??
      firstTs.get(name) ??
      delivery.ts;
    firstTs.set(name, expected);
    if (partAt(record, delivery)?.ts !== expected)
      problems.push(`acknowledged ${name} should have ts ${expected}, has ${partAt(record, delivery)?.ts}`);
  }
  return problems;
}

/**
 * Runs the real digest service's resume over a copy of the store as the crash left it, with a Slack
 * that always answers, at a moment when no new slot is due. Every digest left posting must get posted
 * and closed, posting exactly the messages without a ts (replies in their thread) and nothing already
 * posted, the unreachable manager's DM recorded as failed, and a second tick must post nothing.
 */
export async function resumeProblems(after: StoreState): Promise<{ problems: string[]; resumed: number }> {
  const problems: string[] = [];
  const open = after.digests.filter((d) => d.status === 'posting');
  const store = openMemoryStore(structuredClone(after));
  const posts: { channel: string; ts: string; threadTs?: string }[] = [];
  const poster = writerPoster(
    () => `resume.${posts.length + 1}`,
    (post) => posts.push(post),
  );
  // At the latest scheduled slot on record nothing new is due; with none, before the day's first slot.
  const quiet = lastScheduledSlot(after.digests)?.toISOString() ?? '2026-11-01T00:30:00Z';
  const logger = new CaptureLogger();
  const service = new DigestService(store, new TestClock(quiet), logger, WRITER_DIGEST, poster);
  const report = await service.tick();
  const want = { posted: open.map((d) => d.id).sort(), failed: [], skipped: [] };
  if (!isDeepStrictEqual({ ...report, posted: [...report.posted].sort() }, want))
    problems.push(`resume reported ${JSON.stringify(report)}, expected ${JSON.stringify(want)}`);
  const errors = logger.lines.filter((l) => l.startsWith('ERROR'));
  if (errors.length > 0) problems.push(`resume logged errors: ${errors.join(' | ')}`);

  const resumed = new Map((await store.digests()).map((d) => [d.id, d]));
  let expectedPosts = 0;
  for (const r of after.digests) {
    const now = resumed.get(r.id);
    if (r.status !== 'posting') {
      if (!isDeepStrictEqual(r, now)) problems.push(`resume changed ${r.id}, which was ${r.status}`);
      continue;
    }
    if (now?.status !== 'posted') problems.push(`resume left ${r.id} ${now?.status}`);
    for (const { where, part } of everyPart(r)) {
      const ts = partAt(now, where)?.ts;
      const dm = where.target === 'dm' ? r.dms.find((d) => d.user === where.user) : undefined;
      if (part.ts) {
        if (ts !== part.ts) problems.push(`resume changed the ts of ${nameOf(r.id, where)}`);
      } else if (dm && (dm.error || dm.user === UNREACHABLE_MANAGER)) {
        if (ts) problems.push(`resume posted ${nameOf(r.id, where)}, a DM Slack refuses`);
      } else {
        expectedPosts++;
        const post = posts.find((p) => p.ts === ts);
        const thread = where.part > 0 ? partAt(now, { ...where, part: 0 })?.ts : undefined;
        const channel = dm ? `D${dm.user}` : r.channel;
        if (!post) problems.push(`resume did not post ${nameOf(r.id, where)}`);
        else if (post.channel !== channel || post.threadTs !== thread)
          problems.push(`resume posted ${nameOf(r.id, where)} to ${post.channel} in thread ${post.threadTs}`);
      }
    }
    for (const dm of r.dms)
      if (dm.user === UNREACHABLE_MANAGER && !now?.dms.find((d) => d.user === dm.user)?.error)
        problems.push(`resume did not record the refused DM of ${r.id} to ${dm.user}`);
  }
  if (posts.length !== expectedPosts)
    problems.push(`resume posted ${posts.length} messages, ${expectedPosts} were missing`);

  const postsBefore = posts.length;
  const again = await service.tick();
  if (posts.length > postsBefore || again.posted.length + again.failed.length + again.skipped.length > 0)
    problems.push(`a second tick did more: ${JSON.stringify(again)}, ${posts.length - postsBefore} posts`);
  await store.close();
  return { problems, resumed: open.length };
}

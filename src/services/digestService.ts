import { randomUUID } from 'node:crypto';
import { setImmediate as letRequestsIn } from 'node:timers/promises';
import type { Logger } from '@slack/logger';
import type { Actor, Store } from '../../store/store.js';
import type { Clock } from '../clock.js';
import { deadlineStatus, localDate } from '../domain/deadline.js';
import {
  buildDigest,
  type Digest,
  type DigestInput,
  managerDigest,
  managersWithPending,
} from '../domain/digest.js';
import { type PartSlot, partKey, partLookup, partMetadata } from '../domain/digestDelivery.js';
import {
  type DigestDm,
  type DigestKind,
  type DigestPart,
  type DigestRecord,
  lastScheduledSlot,
  partsPosted,
  repeatedExtraDigest,
  scheduledDigestId,
} from '../domain/digestRecord.js';
import { type DigestSchedule, nextSlot, planSlots } from '../domain/digestSchedule.js';
import { byMostPending, channelsByAccount, type PendingAccount, pendingAmong } from '../domain/pending.js';
import { plural } from '../domain/text.js';
import { noMetrics, type ServiceMetrics } from '../observability/metrics.js';
import type { Message } from '../views/blocks.js';
import { digestMessages, digestPreview } from '../views/digest.js';
import {
  recipientUnreachable,
  type SlackPoster,
  SlackRefusedError,
  SlackUncertainError,
} from './slackPoster.js';

/** Accounts grouped per step of `pendingInSteps`: a few milliseconds of work each. */
const ACCOUNTS_PER_STEP = 1_000;

export interface DigestSettings {
  /** Where the digest goes; without it nothing is scheduled or posted. */
  channel?: string;
  cron: string;
  dm: boolean;
  timeZone: string;
  deadline?: string;
}

export interface TickReport {
  posted: string[];
  failed: string[];
  skipped: string[];
}

export type PostOutcome =
  | { kind: 'posted'; record: DigestRecord }
  | { kind: 'failed'; record: DigestRecord; error: string }
  /** Another digest asked for by hand is still posting or was just posted: nothing posted again. */
  | { kind: 'repeated'; record: DigestRecord }
  | { kind: 'no-channel' }
  | { kind: 'no-slack' };

/** A slot's digest is "late" (worth saying so in the log) when posted this long after its time. */
const LATE_MS = 2 * 60_000;
const SYSTEM = 'system';

/**
 * The digest: what it says now, and posting it exactly once per slot. Each slot is recorded with
 * every message it will post before the first post, and every posted message's ts right after, so
 * a restart resumes where it stopped. All posting runs one operation at a time.
 */
export class DigestService {
  private serial: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
    readonly settings: DigestSettings,
    private readonly poster: SlackPoster | undefined,
    private readonly metrics: ServiceMetrics = noMetrics,
  ) {}

  get schedule(): DigestSchedule {
    return { cron: this.settings.cron, timeZone: this.settings.timeZone };
  }

  nextSlot(): Date | undefined {
    return nextSlot(this.schedule, this.clock.now());
  }

  /** The digest as of now, and the messages it would post to the channel. */
  async current(): Promise<{ digest: Digest; parts: Message[] }> {
    const { digest, parts } = await this.build();
    return { digest, parts };
  }

  /** The first message of the digest as it would be posted now, with a note of how many messages in all. */
  async preview(): Promise<Message> {
    const { parts } = await this.current();
    return digestPreview(parts, this.settings.channel);
  }

  /**
   * Does whatever is due at the clock's now: finishes digests left half-posted, records slots
   * missed on earlier days as skipped, and posts the current slot if it is not on record yet.
   */
  tick(): Promise<TickReport> {
    return this.oneAtATime(() => this.runTick());
  }

  /**
   * Posts the digest now as an extra slot; the schedule is not affected. Runs one at a time, and
   * refuses while another extra is posting or was just asked for, so two quick requests post once.
   */
  postExtra(requestedBy: string): Promise<PostOutcome> {
    return this.oneAtATime(async () => {
      const channel = this.settings.channel;
      if (!channel) return { kind: 'no-channel' } as const;
      if (!this.poster) return { kind: 'no-slack' } as const;
      const now = this.clock.now();
      const repeated = repeatedExtraDigest(await this.store.digests(), now);
      if (repeated) return { kind: 'repeated', record: repeated } as const;
      const id = `extra:${now.toISOString()}:${randomUUID().slice(0, 8)}`;
      const { record } = await this.plan(id, 'extra', now, channel, requestedBy);
      this.logger.info(`Posting an extra digest ${id} to ${channel}, asked for by ${requestedBy}.`);
      const error = await this.deliver(record, this.poster);
      const after = await this.record(id);
      return error === undefined
        ? { kind: 'posted', record: after }
        : { kind: 'failed', record: after, error };
    });
  }

  private async runTick(): Promise<TickReport> {
    const report: TickReport = { posted: [], failed: [], skipped: [] };
    const channel = this.settings.channel;
    const poster = this.poster;
    if (!channel || !poster) return report;
    const now = this.clock.now();
    let records = await this.store.digests();
    const plan = planSlots(this.schedule, now, lastScheduledSlot(records));

    if (plan.due) {
      // A fresher digest replaces an older scheduled one that never got its first message out.
      for (const r of records) {
        if (r.kind === 'scheduled' && r.status === 'posting' && partsPosted(r) === 0) {
          await this.store.closeDigest(
            r.id,
            { status: 'skipped', reason: `superseded by the digest of ${plan.due.toISOString()}` },
            this.actor(SYSTEM),
          );
          this.logger.warn(
            `Digest ${r.id} never got posted; the digest of ${plan.due.toISOString()} replaces it.`,
          );
          report.skipped.push(r.id);
        }
      }
      records = await this.store.digests();
    }

    for (const r of records.filter((d) => d.status === 'posting')) {
      this.logger.info(`Resuming digest ${r.id}: ${plural(partsPosted(r), 'message')} already posted.`);
      const error = await this.deliver(r, poster);
      (error === undefined ? report.posted : report.failed).push(r.id);
    }

    for (const slot of plan.skipped) {
      const id = scheduledDigestId(slot);
      const reason = `missed while the bot was not running; a digest is only posted late on its own day (${localDate(slot, this.settings.timeZone)})`;
      const { created } = await this.store.recordDigestSlot(
        { ...this.emptyRecord(id, 'scheduled', slot, channel, 'schedule'), status: 'skipped', reason },
        this.actor(SYSTEM),
      );
      if (created) report.skipped.push(id);
    }
    if (plan.skipped.length > 0 || plan.alsoMissed > 0) {
      const latest = plan.skipped[0]?.toISOString();
      this.logger.warn(
        `Skipped ${plural(plan.skipped.length + plan.alsoMissed, 'digest slot')} missed while the bot was not running` +
          `${latest ? ` (latest on an earlier day: ${latest})` : ''}; only a slot of today is posted late.`,
      );
    }

    if (plan.due) {
      const id = scheduledDigestId(plan.due);
      const { record, created } = await this.plan(id, 'scheduled', plan.due, channel, 'schedule');
      if (created) {
        const late = now.getTime() - plan.due.getTime() > LATE_MS;
        this.logger.info(
          `Posting the digest of ${plan.due.toISOString()} to ${channel}` +
            `${late ? ' late: the slot was missed while the bot was not running, and it is still the same day' : ''}.`,
        );
        const error = await this.deliver(record, poster);
        (error === undefined ? report.posted : report.failed).push(id);
      }
    }
    return report;
  }

  /** Records the slot with every message it will post, before posting any. */
  private async plan(
    id: string,
    kind: DigestKind,
    slot: Date,
    channel: string,
    requestedBy: string,
  ): Promise<{ record: DigestRecord; created: boolean }> {
    const { input, digest, parts } = await this.build();
    const record = this.emptyRecord(id, kind, slot, channel, requestedBy);
    record.parts = parts.map(planned);
    if (this.settings.dm) {
      record.dms = [];
      for (const user of managersWithPending(digest)) {
        await letRequestsIn();
        const parts = digestMessages(managerDigest(input, user), { kind: 'manager', user });
        record.dms.push({ user, parts: parts.map(planned) });
      }
    }
    return this.store.recordDigestSlot(record, this.actor(requestedBy));
  }

  /**
   * Posts every message of the record not yet posted, noting each ts as it goes. Returns the
   * error when it had to stop; the record stays open and the next tick carries on from there.
   */
  private async deliver(start: DigestRecord, poster: SlackPoster): Promise<string | undefined> {
    let record = start;
    try {
      for (let i = 0; i < record.parts.length; i++) {
        record = await this.deliverPart(record, { target: 'channel', part: i }, record.channel, poster);
      }
      for (const user of record.dms.map((d) => d.user)) {
        const dmOf = (r: DigestRecord) => r.dms.find((d) => d.user === user) as DigestDm;
        if (dmOf(record).error || dmOf(record).parts.every((p) => p.ts)) continue;
        try {
          const channel = dmOf(record).channel ?? (await poster.openDm(user));
          for (let i = 0; i < dmOf(record).parts.length; i++) {
            record = await this.deliverPart(record, { target: 'dm', user, part: i }, channel, poster);
          }
        } catch (error) {
          // One manager Slack will not let us DM (gone, deactivated) must not hold back the others;
          // any other refusal (a bad token, Slack failing) stops here and the next tick carries on.
          if (!(error instanceof SlackRefusedError && recipientUnreachable(error))) throw error;
          this.logger.warn(`Digest ${record.id}: no DM to ${user}: ${error.message}. Not retried.`);
          record = await this.store.recordDigestDelivery(
            record.id,
            { target: 'dm', user, error: error.slackError },
            this.actor(SYSTEM),
          );
        }
      }
      await this.store.closeDigest(record.id, { status: 'posted' }, this.actor(SYSTEM));
      this.logger.info(
        `Digest ${record.id} posted: ${plural(record.parts.length, 'message')} to ${record.channel}, ${plural(record.dms.filter((d) => !d.error).length, 'DM')}.`,
      );
      return undefined;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error(
        `Digest ${record.id} could not be posted in full (${plural(partsPosted(record), 'message')} out so far): ${reason}. ` +
          'It stays on record and the next tick carries on from there.',
      );
      return reason;
    }
  }

  /**
   * Posts one part unless it is on record as posted. A part whose earlier post may have gone through
   * (Slack's answer lost) is looked for in Slack first, by its metadata, and recorded if found; when
   * the lookup itself fails nothing is posted (that could double it) and the error stops this run.
   */
  private async deliverPart(
    start: DigestRecord,
    slot: PartSlot,
    channel: string,
    poster: SlackPoster,
  ): Promise<DigestRecord> {
    let record = start;
    const metadata = partMetadata(record.id, slot);
    const recordAs = (fields: { ts: string } | { uncertain: true }) =>
      this.store.recordDigestDelivery(
        record.id,
        slot.target === 'channel' ? { ...slot, ...fields } : { ...slot, channel, ...fields },
        this.actor(SYSTEM),
      );
    for (let attempt = 1; ; attempt++) {
      const parts = partsOf(record, slot);
      const part = parts[slot.part] as DigestPart;
      if (part.ts) return record;
      const parentTs = slot.part > 0 ? parts[0]?.ts : undefined;
      if (part.uncertainSince) {
        const where = partLookup(slot, channel, record.createdAt, parentTs);
        const found = await poster.findPosted(where, metadata);
        if (found) {
          this.logger.info(
            `Digest ${record.id}: ${partKey(slot)} was posted after all (found in Slack, ts ${found}); not posting it again.`,
          );
          return recordAs({ ts: found });
        }
      }
      try {
        const ts = await poster.post(channel, messageOf(record, part), parentTs, metadata);
        this.metrics.digestMessagePosted(slot.target);
        return await recordAs({ ts });
      } catch (error) {
        if (!(error instanceof SlackUncertainError)) throw error;
        record = await recordAs({ uncertain: true });
        if (!(await poster.waitBeforeRetry(error, attempt))) throw error;
      }
    }
  }

  /** The digest as of now from the store, and the channel's messages for it. */
  private async build(): Promise<{ input: DigestInput; digest: Digest; parts: Message[] }> {
    const input = await this.input(this.clock.now());
    const digest = buildDigest(input, await this.pendingInSteps(input));
    await letRequestsIn();
    return { input, digest, parts: digestMessages(digest) };
  }

  /**
   * `pendingAccounts` over the whole store, a slice of accounts at a time: in one go it holds the
   * event loop for tens of milliseconds on 50,000 channels, so requests waiting meanwhile go between
   * the slices (and between the other steps of building a digest).
   */
  private async pendingInSteps(input: DigestInput): Promise<PendingAccount[]> {
    await letRequestsIn();
    const byAccount = channelsByAccount(input.channels);
    const pending: PendingAccount[] = [];
    for (let i = 0; i < input.accounts.length; i += ACCOUNTS_PER_STEP) {
      await letRequestsIn();
      pending.push(...pendingAmong(input.accounts.slice(i, i + ACCOUNTS_PER_STEP), byAccount));
    }
    await letRequestsIn();
    return pending.sort(byMostPending);
  }

  private async input(now: Date): Promise<DigestInput> {
    const [accounts, channels] = await Promise.all([this.store.listAccounts(), this.store.allChannels()]);
    const { deadline, timeZone } = this.settings;
    return {
      accounts,
      channels,
      deadline: deadlineStatus(deadline, now, timeZone),
      date: localDate(now, timeZone),
    };
  }

  private emptyRecord(
    id: string,
    kind: DigestKind,
    slot: Date,
    channel: string,
    requestedBy: string,
  ): DigestRecord {
    return {
      id,
      kind,
      slot: slot.toISOString(),
      channel,
      status: 'posting',
      requestedBy,
      createdAt: this.clock.now().toISOString(),
      parts: [],
      dms: [],
    };
  }

  private async record(id: string): Promise<DigestRecord> {
    const found = (await this.store.digests()).find((d) => d.id === id);
    if (!found) throw new Error(`Digest ${id} is not on record`);
    return found;
  }

  private actor(id: string): Actor {
    return { id, at: this.clock.now() };
  }

  private oneAtATime<T>(run: () => Promise<T>): Promise<T> {
    const next = this.serial.then(run, run);
    this.serial = next.catch(() => undefined);
    return next;
  }
}

function planned(message: Message): DigestPart {
  return { message: { text: message.text, blocks: message.blocks } };
}

function partsOf(record: DigestRecord, slot: PartSlot): DigestPart[] {
  if (slot.target === 'channel') return record.parts;
  const dm = record.dms.find((d) => d.user === slot.user);
  if (!dm) throw new Error(`Digest ${record.id} has no DM for ${slot.user}`);
  return dm.parts;
}

function messageOf(record: DigestRecord, part: DigestPart) {
  if (!part.message) throw new Error(`Digest ${record.id} has a message with no content left to post`);
  return part.message;
}

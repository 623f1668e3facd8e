import { Cron } from 'croner';
import { localDate } from './deadline.js';
import { plural } from './text.js';

export const DEFAULT_DIGEST_CRON = '0 9 * * 1-5';

/** A digest schedule: a five-field cron expression read in an IANA time zone. */
export interface DigestSchedule {
  cron: string;
  timeZone: string;
}

/** The five fields in order, each as a person names it and the values it takes. */
const CRON_FIELDS = [
  { article: 'a', name: 'minute', range: '0-59' },
  { article: 'an', name: 'hour', range: '0-23' },
  { article: 'a', name: 'day', range: '1-31' },
  { article: 'a', name: 'month', range: '1-12 (or JAN-DEC)' },
  { article: 'a', name: 'weekday', range: '0-7 (or SUN-SAT)' },
] as const;

/**
 * Why a cron expression cannot be used, or undefined when it can: the end of a sentence about it
 * ("has 6 fields", "has an hour field "25" outside 0-23", "never matches a date"), in our words
 * rather than the cron library's. Five fields only (minute to weekday), as the docs say: the
 * scheduler looks at the clock every half minute, so second-level slots would be missed.
 */
export function cronProblem(cron: string, timeZone: string): string | undefined {
  const fields = cron.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== CRON_FIELDS.length) return `has ${plural(fields.length, 'field')}`;
  let job: Cron;
  try {
    job = cronOf({ cron, timeZone });
  } catch {
    return badField(fields, timeZone) ?? 'is not a cron expression';
  }
  if (!job.nextRun(new Date(0))) return 'never matches a date';
  return undefined;
}

/** The first field the cron library refuses on its own (every other field a `*`). */
function badField(fields: readonly string[], timeZone: string): string | undefined {
  for (const [i, field] of CRON_FIELDS.entries()) {
    const alone = fields.map((f, j) => (j === i ? f : '*')).join(' ');
    try {
      cronOf({ cron: alone, timeZone });
    } catch {
      return `has ${field.article} ${field.name} field "${fields[i]}" outside ${field.range}`;
    }
  }
  return undefined;
}

function cronOf(schedule: DigestSchedule): Cron {
  // A paused job without a callback never starts a timer: it is used only to compute dates.
  return new Cron(schedule.cron, { timezone: schedule.timeZone, paused: true, mode: '5-part' });
}

/** The latest scheduled slot at or before `now`, if the schedule had one. */
export function latestSlot(schedule: DigestSchedule, now: Date): Date | undefined {
  // croner counts a run as "previous" only when it is strictly before the reference.
  return cronOf(schedule).previousRuns(1, new Date(now.getTime() + 1))[0];
}

/** The next slot strictly after `now`. */
export function nextSlot(schedule: DigestSchedule, now: Date): Date | undefined {
  return cronOf(schedule).nextRun(now) ?? undefined;
}

/** At most this many missed slots are recorded one by one; older ones are only counted. */
export const MAX_SKIPPED_RECORDED = 20;

export interface SlotPlan {
  /** The slot to post now, when one is due. */
  due?: Date;
  /** Slots missed on an earlier day (while the bot was down), most recent first, to record as skipped. */
  skipped: Date[];
  /** Slots missed that are only counted, not recorded (beyond MAX_SKIPPED_RECORDED, or superseded later the same day). */
  alsoMissed: number;
}

/**
 * What the scheduler has to do at `now`, given the latest scheduled slot already on record
 * (posted, being posted or skipped). Only the latest slot can be due, and only on its own day in
 * the schedule's time zone: a digest is about today, so a slot missed on an earlier day is skipped,
 * and several slots missed today are posted once. With nothing on record (a first start), slots of
 * earlier days were never the bot's to post, so nothing is skipped.
 */
export function planSlots(schedule: DigestSchedule, now: Date, lastRecorded: Date | undefined): SlotPlan {
  const latest = latestSlot(schedule, now);
  const plan: SlotPlan = { skipped: [], alsoMissed: 0 };
  if (!latest || (lastRecorded && latest.getTime() <= lastRecorded.getTime())) return plan;

  const today = localDate(now, schedule.timeZone);
  const isToday = (slot: Date) => localDate(slot, schedule.timeZone) === today;
  if (!lastRecorded) {
    if (isToday(latest)) plan.due = latest;
    return plan;
  }

  const missed = missedSlots(schedule, lastRecorded, latest);
  if (isToday(latest)) plan.due = latest;
  else missed.unshift(latest);
  for (const slot of missed) {
    if (!isToday(slot) && plan.skipped.length < MAX_SKIPPED_RECORDED) plan.skipped.push(slot);
    else plan.alsoMissed++;
  }
  return plan;
}

/** Slots strictly between `after` and `before`, most recent first; counting stops at a safe bound. */
function missedSlots(schedule: DigestSchedule, after: Date, before: Date): Date[] {
  const slots: Date[] = [];
  for (const slot of cronOf(schedule).enumerate(after)) {
    if (slot.getTime() >= before.getTime() || slots.length >= 10_000) break;
    slots.push(slot);
  }
  return slots.reverse();
}

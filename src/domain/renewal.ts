import type { ReauthorizationUnit } from './accounts.js';
import { localDate } from './deadline.js';

/** Amazon asks a seller to renew a public SP-API application's authorization every 365 days. */
export const RENEWAL_PERIOD_DAYS = 365;
export const DEFAULT_RENEWAL_WARN_DAYS = 30;

export const RENEWAL_STATES = ['ok', 'due', 'expired'] as const;
export type RenewalState = (typeof RENEWAL_STATES)[number];

export interface RenewalSettings {
  /** Calendar dates are counted in this zone (REAUTH_TIMEZONE). */
  timeZone: string;
  /** A renewal this many days away or fewer is due (REAUTH_RENEWAL_WARN_DAYS). */
  warnDays: number;
  /** The day the application added a role (REAUTH_APP_ROLES_CHANGED_AT): authorizations before it are due now. */
  rolesChangedAt?: string;
}

/** Where one unit on SP-API stands with its yearly renewal; dates are YYYY-MM-DD in the configured zone. */
export interface UnitRenewal {
  /** The ISO date-time of the unit's latest authorization, as recorded. */
  authorizedAtTime: string;
  authorizedAt: string;
  renewBy: string;
  /** Calendar days from today to `renewBy`: 0 on the day itself, negative once past it. */
  daysLeft: number;
  state: RenewalState;
  /** True when the application added a role after this authorization. */
  rolesChanged: boolean;
}

/**
 * The unit's authorization moment: the latest `authorizedAt` of its channels, whatever recorded it
 * (`/reauth done`, an import, the connector). None while a channel is still on MWS, or none is known.
 */
export function unitAuthorizedAt(unit: ReauthorizationUnit): string | undefined {
  if (unit.needsReauthorization) return undefined;
  let latest: { time: number; iso: string } | undefined;
  for (const channel of unit.channels) {
    if (!channel.authorizedAt) continue;
    const time = Date.parse(channel.authorizedAt);
    if (Number.isNaN(time)) continue;
    if (!latest || time > latest.time) latest = { time, iso: channel.authorizedAt };
  }
  return latest?.iso;
}

/** The calendar date `days` after `isoDate` (YYYY-MM-DD): 2024-02-29 + 365 is 2025-02-28. */
export function addDays(isoDate: string, days: number): string {
  const time = Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

/** Whole calendar days from one date to another (UTC midnights are exactly a day apart). */
export function daysFromTo(fromIsoDate: string, toIsoDate: string): number {
  return Math.round(
    (Date.parse(`${toIsoDate}T00:00:00Z`) - Date.parse(`${fromIsoDate}T00:00:00Z`)) / 86_400_000,
  );
}

/**
 * The renewal of an authorization made at `authorizedAtTime`, seen at `now`: due `RENEWAL_PERIOD_DAYS`
 * after the day it was made (in the configured zone). Expired the day after that; due within the
 * warning days, or at once when the application added a role after it (renew by that day).
 */
export function renewalOf(authorizedAtTime: string, now: Date, settings: RenewalSettings): UnitRenewal {
  const authorizedAt = localDate(new Date(authorizedAtTime), settings.timeZone);
  const expiresAfter = addDays(authorizedAt, RENEWAL_PERIOD_DAYS);
  const rolesChanged = settings.rolesChangedAt !== undefined && authorizedAt < settings.rolesChangedAt;
  const renewBy =
    rolesChanged && (settings.rolesChangedAt as string) < expiresAfter
      ? (settings.rolesChangedAt as string)
      : expiresAfter;
  const today = localDate(now, settings.timeZone);
  const daysLeft = daysFromTo(today, renewBy);
  const state: RenewalState =
    today > expiresAfter ? 'expired' : rolesChanged || daysLeft <= settings.warnDays ? 'due' : 'ok';
  return { authorizedAtTime, authorizedAt, renewBy, daysLeft, state, rolesChanged };
}

/** The unit's renewal; undefined for a unit still on MWS or one with no known authorization date. */
export function unitRenewal(
  unit: ReauthorizationUnit,
  now: Date,
  settings: RenewalSettings,
): UnitRenewal | undefined {
  const at = unitAuthorizedAt(unit);
  return at === undefined ? undefined : renewalOf(at, now, settings);
}

/** Whether a renewal belongs in a list of those due within `days`: expired, due by then, or due now. */
export function renewalWithin(renewal: UnitRenewal, days: number): boolean {
  return renewal.state === 'expired' || renewal.rolesChanged || renewal.daysLeft <= days;
}

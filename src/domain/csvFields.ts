import { isAccountId, isSlackUserId } from './accounts.js';
import { isIsoDate } from './deadline.js';
import { findMarketplace, MARKETPLACE_CODES } from './marketplaces.js';

/**
 * Checks for one CSV cell each: the normalised value to store, or what is wrong and what to write
 * instead. Kept apart from the file-level rules so each reads as one rule.
 */
export type FieldResult = { ok: true; value: string } | { ok: false; message: string };

const ok = (value: string): FieldResult => ({ ok: true, value });
const bad = (message: string): FieldResult => ({ ok: false, message });

/** A value shown back to the person, short and quoted, so a stray space or a long paste is visible. */
export function shown(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

/** MWS Auth Tokens start `amzn.mws.`; one in the file is a leak, wherever it is. */
export function looksLikeMwsToken(value: string): boolean {
  return /amzn\.mws\./i.test(value);
}

export function accountId(value: string): FieldResult {
  if (!value) return bad('is empty; write the account id, a slug such as acme-outdoor');
  if (isAccountId(value)) return ok(value);
  const slug = value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  const suggestion = isAccountId(slug) ? ` such as ${slug}` : '';
  return bad(
    `${shown(value)} is not an account id; write a slug${suggestion}: lowercase letters, digits and hyphens, ` +
      'starting with a letter or digit, at most 64 characters',
  );
}

export function accountName(value: string): FieldResult {
  return value ? ok(value) : bad("is empty; write the customer's name, such as Acme Outdoor");
}

export function accountManager(value: string): FieldResult {
  if (!value || isSlackUserId(value)) return ok(value);
  const id = /^<?@([UW][A-Z0-9]{2,})(\|[^>]*)?>?$/.exec(value)?.[1];
  if (id) return bad(`${shown(value)} is a mention; write just the member ID ${id}`);
  return bad(
    `${shown(value)} is not a Slack member ID; write one such as U012AB3CD ` +
      "(in Slack: the person's profile, More, Copy member ID), or leave it empty",
  );
}

export function channelId(value: string): FieldResult {
  return value ? ok(value) : bad("is empty; write the connector's channel ID for this Amazon channel");
}

export function marketplace(value: string): FieldResult {
  if (!value) return bad('is empty; write a marketplace code such as UK, DE or US');
  const found = findMarketplace(value);
  if (found) return ok(found.code);
  return bad(
    `${shown(value)} is not an Amazon marketplace; write a code (any case; GB means UK): ` +
      `${MARKETPLACE_CODES.join(', ')}, or a marketplace ID such as A1F83G8C2ARO7P`,
  );
}

/** Seller IDs are capitals; stored that way so lookups and units never split on case. */
export function sellerId(value: string): FieldResult {
  if (!value) return bad("is empty; write the Seller ID shown on the channel's settings page");
  if (/\s/.test(value)) return bad(`${shown(value)} contains a space; write the Seller ID without spaces`);
  return ok(value.toUpperCase());
}

export function authorization(value: string): FieldResult {
  if (value === 'MWS' || value === 'MWS/SP-API') return ok(value);
  const normal = value.toUpperCase().replace(/\s+/g, '');
  const hint =
    normal === 'MWS' || normal === 'MWS/SP-API'
      ? `write ${normal} exactly as the channel's settings page shows it`
      : normal === 'SP-API' || normal === 'SPAPI' || normal === 'MWS/SPAPI'
        ? 'write MWS/SP-API, as the settings page shows it once the channel is reauthorized'
        : "write MWS or MWS/SP-API, whichever the channel's settings page shows next to the Seller ID";
  return bad(`${value ? `${shown(value)} is not MWS or MWS/SP-API` : 'is empty'}; ${hint}`);
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const EXAMPLE_TIME = '2025-03-14T09:30:00Z';

/** Empty, or an ISO date-time with its zone; stored in UTC so re-imports compare equal. */
export function authorizedAt(value: string): FieldResult {
  if (!value) return ok('');
  const m = DATE_TIME.exec(value);
  if (m) {
    const [, date, hours, minutes, seconds] = m;
    const valid =
      isIsoDate(date as string) &&
      Number(hours) < 24 &&
      Number(minutes) < 60 &&
      Number(seconds ?? 0) < 60 &&
      !Number.isNaN(Date.parse(value));
    if (valid) return ok(new Date(value).toISOString());
    return bad(
      `${shown(value)} is not a real date and time; write one such as ${EXAMPLE_TIME}, or leave it empty`,
    );
  }
  if (isIsoDate(value))
    return bad(`${shown(value)} has no time; write ${value}T00:00:00Z (or the real time), or leave it empty`);
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value))
    return bad(
      `${shown(value)} has no time zone; add Z for UTC or an offset such as +01:00, ` +
        `e.g. ${value.replace(' ', 'T')}Z, or leave it empty`,
    );
  return bad(`${shown(value)} is not an ISO date-time; write one such as ${EXAMPLE_TIME}, or leave it empty`);
}

/**
 * The SHA-256 of the channel's MWS Auth Token, never the token. The value is never shown back,
 * in case what was pasted is a secret.
 */
export function tokenSha256(value: string): FieldResult {
  if (!value) return ok('');
  if (looksLikeMwsToken(value)) return bad(RAW_TOKEN);
  if (/^[0-9a-f]{64}$/i.test(value)) return ok(value.toLowerCase());
  return bad(
    `is not a SHA-256: expected 64 hexadecimal characters, found ${value.length} characters ` +
      "(value not shown in case it is a secret); write the token's SHA-256, or leave it empty",
  );
}

export const RAW_TOKEN =
  'looks like an MWS Auth Token (value not shown). Never put the token itself in the file: remove it, and ' +
  'write its SHA-256 in the mws_auth_token_sha256 column instead (e.g. printf %s "$TOKEN" | sha256sum)';

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first: OWASP's CSV
 * injection list) is written behind a single quote, which spreadsheets show as text. So that the
 * import can undo exactly what the export did, a value that already starts with quotes before one of
 * those characters gets one more: the import takes one quote off a cell of quotes-then-formula-start,
 * and leaves every other cell as it is (`'Tis Home`, `O'Brien & Co`, `Cedar - Co`).
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const ESCAPED_FORMULA_START = /^'+[=+\-@\t\r]/;

export function spreadsheetSafe(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function fromSpreadsheetSafe(cell: string): string {
  return ESCAPED_FORMULA_START.test(cell) ? cell.slice(1) : cell;
}

import { CsvError, parse } from 'csv-parse/sync';
import { type Account, type Channel, marketplaceIdAsSellerIdWarning, sellerIdWarning } from './accounts.js';
import * as field from './csvFields.js';
import { levenshtein, listJoin, withoutControls } from './text.js';

/** Who an import is, in the audit trail and in each imported channel's `authorizedBy`. */
export const IMPORT_ACTOR = 'import';

export const REQUIRED_COLUMNS = [
  'account_id',
  'account_name',
  'account_manager',
  'channel_id',
  'marketplace',
  'seller_id',
  'authorization',
  'authorized_at',
] as const;
/** Optional: the SHA-256 of the channel's MWS Auth Token, so a token can later be matched without keeping it. */
export const TOKEN_HASH_COLUMN = 'mws_auth_token_sha256';
const KNOWN_COLUMNS: readonly string[] = [...REQUIRED_COLUMNS, TOKEN_HASH_COLUMN];
type Column = (typeof REQUIRED_COLUMNS)[number] | typeof TOKEN_HASH_COLUMN;

/** One thing wrong (or worth a warning) in the file, where it is and what to write instead. */
export interface CsvProblem {
  line: number;
  column?: string;
  message: string;
}

export function formatProblem(p: CsvProblem): string {
  return p.column ? `line ${p.line}, column ${p.column}: ${p.message}` : `line ${p.line}: ${p.message}`;
}

export interface ImportRow {
  line: number;
  account: Account;
  channel: Channel;
}

export interface AccountsCsv {
  /** Valid rows only; use them only when `problems` is empty. */
  rows: ImportRow[];
  accounts: Account[];
  channels: Channel[];
  /** Without the column, the file says nothing about token hashes, so stored ones are to be kept. */
  hasTokenHashColumn: boolean;
  problems: CsvProblem[];
  warnings: CsvProblem[];
}

/**
 * Reads and checks a whole accounts CSV, collecting every problem rather than stopping at the
 * first, so one run tells the person everything to fix.
 */
export function parseAccountsCsv(
  text: string,
  options: {
    /** Called as each record (the header included) is read: for progress on long files. */
    onRecord?: (recordsRead: number) => void;
  } = {},
): AccountsCsv {
  const result: AccountsCsv = {
    rows: [],
    accounts: [],
    channels: [],
    hasTokenHashColumn: false,
    problems: [],
    warnings: [],
  };
  const { records, syntaxProblem } = readRecords(text, options.onRecord);
  const [header, ...body] = records;
  if (!header) {
    result.problems.push(syntaxProblem ?? { line: 1, message: `the file is empty; ${HEADER_HINT}` });
    return result;
  }
  const columns = readHeader(header, result.problems);
  if (columns) {
    result.hasTokenHashColumn = columns.has(TOKEN_HASH_COLUMN);
    // Seller IDs of every row, valid or not, so a file with problems also shows its warnings.
    const sellers: SellerOnLine[] = [];
    for (const record of body) readRow(record, columns, header.values.length, result, sellers);
    checkAccountsAgree(result);
    checkChannelsUnique(result);
    warnOddSellerIds(sellers, result.warnings);
  }
  if (syntaxProblem) result.problems.push(syntaxProblem);
  result.problems.sort((a, b) => a.line - b.line);
  return result;
}

const HEADER_HINT = `the first line must be the header: ${REQUIRED_COLUMNS.join(',')} (optionally also ${TOKEN_HASH_COLUMN})`;

interface RawRecord {
  line: number;
  values: string[];
}

function readRecords(
  text: string,
  onRecord?: (recordsRead: number) => void,
): { records: RawRecord[]; syntaxProblem?: CsvProblem } {
  const records: RawRecord[] = [];
  // csv-parse miscounts lines for CRLF inside quoted values; one kind of line break keeps its count exact.
  const input = text.replace(/\r\n?/g, '\n');
  try {
    parse(input, {
      bom: true,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      on_record: (record: string[], context) => {
        // `lines` is where the record ends; a quoted value may have spanned several lines.
        const breaks = record.reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
        records.push({ line: context.lines - breaks, values: record });
        onRecord?.(records.length);
        return null;
      },
    });
    return { records };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const after = records.at(-1)?.line ?? 0;
    return { records, syntaxProblem: syntaxProblem(error, after) };
  }
}

function syntaxProblem(error: CsvError, lastGoodLine: number): CsvProblem {
  const line = (error as CsvError & { lines?: number }).lines ?? lastGoodLine + 1;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return {
        line: lastGoodLine + 1,
        message:
          'a double quote opened on this line or a later one is never closed, so the rest of the file ' +
          'could not be read; close it with another " or remove it',
      };
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
      return {
        line,
        message:
          'a double quote inside a value; put the whole value in double quotes and double the quote ' +
          'inside it (e.g. "Acme ""Outdoor"" Ltd"), or remove it. The rest of the file could not be read',
      };
    default:
      return { line, message: `${error.message}. The rest of the file could not be read` };
  }
}

function readHeader(header: RawRecord, problems: CsvProblem[]): Map<Column, number> | undefined {
  const line = header.line;
  const names = header.values.map((v) => v.toLowerCase());
  if (names.length === 1 && /[;\t]/.test(names[0] as string)) {
    const separator = (names[0] as string).includes(';') ? 'semicolons' : 'tabs';
    problems.push({
      line,
      message: `the header is separated by ${separator}, not commas; save the file as CSV with commas (in a spreadsheet: CSV UTF-8)`,
    });
    return undefined;
  }
  const columns = new Map<Column, number>();
  const before = problems.length;
  names.forEach((name, i) => {
    const original = header.values[i] as string;
    if (!KNOWN_COLUMNS.includes(name)) {
      const near = KNOWN_COLUMNS.find((k) => levenshtein(k, name.replace(/[\s-]+/g, '_')) <= 2);
      const hint = near ? `did you mean ${near}?` : `the columns are ${KNOWN_COLUMNS.join(', ')}`;
      problems.push({ line, column: original || `#${i + 1}`, message: `unknown column; ${hint}` });
    } else if (columns.has(name as Column)) {
      problems.push({ line, column: name, message: 'appears twice in the header; keep one' });
    } else {
      columns.set(name as Column, i);
    }
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.has(c));
  for (const c of missing)
    problems.push({ line, column: c, message: `missing from the header; add the ${c} column` });
  return problems.length === before ? columns : undefined;
}

const CHECKS: Record<Column, (value: string) => field.FieldResult> = {
  account_id: field.accountId,
  account_name: field.accountName,
  account_manager: field.accountManager,
  channel_id: field.channelId,
  marketplace: field.marketplace,
  seller_id: field.sellerId,
  authorization: field.authorization,
  authorized_at: field.authorizedAt,
  [TOKEN_HASH_COLUMN]: field.tokenSha256,
};

interface SellerOnLine {
  line: number;
  sellerId: string;
}

function readRow(
  record: RawRecord,
  columns: Map<Column, number>,
  width: number,
  result: AccountsCsv,
  sellers: SellerOnLine[],
): void {
  const { line, values } = record;
  if (values.length !== width) {
    result.problems.push({
      line,
      message:
        `has ${values.length} values but the header has ${width} columns; check for a missing or extra comma ` +
        '(a value containing a comma must be in double quotes)',
    });
    return;
  }
  const cell: Partial<Record<Column, string>> = {};
  let valid = true;
  for (const [column, index] of columns) {
    // What the export put behind a quote so a spreadsheet would not run it comes back as it was.
    const raw = field.fromSpreadsheetSafe(values[index] as string);
    const checked = checkCell(column, raw);
    if (checked.ok) cell[column] = checked.value;
    else {
      valid = false;
      result.problems.push({ line, column, message: checked.message });
    }
  }
  if (cell.seller_id) sellers.push({ line, sellerId: cell.seller_id });
  if (!valid) return;
  const get = (c: Column) => cell[c] as string;
  const account: Account = { id: get('account_id'), name: get('account_name') };
  if (get('account_manager')) account.accountManager = get('account_manager');
  const channel: Channel = {
    id: get('channel_id'),
    accountId: account.id,
    marketplace: get('marketplace'),
    sellerId: get('seller_id'),
    authorization: get('authorization') as Channel['authorization'],
    authorizedBy: IMPORT_ACTOR,
  };
  if (get('authorized_at')) channel.authorizedAt = get('authorized_at');
  if (cell[TOKEN_HASH_COLUMN]) channel.mwsAuthTokenSha256 = cell[TOKEN_HASH_COLUMN];
  result.rows.push({ line, account, channel });
}

function checkCell(column: Column, value: string): field.FieldResult {
  // A token is a secret wherever it was pasted: refuse it without ever repeating it.
  if (field.looksLikeMwsToken(value)) return { ok: false, message: field.RAW_TOKEN };
  if (value.includes('\n'))
    return { ok: false, message: 'the value spans several lines; remove the line breaks inside it' };
  // Terminal escapes and bidi overrides would reach every terminal and message that shows the value. A
  // tab is harmless there, and kept so that an exported cell starting with one imports back the same.
  return CHECKS[column](withoutControls(value, { keep: '\t' }));
}

/** Every row of an account must say the same about it; the first row sets what the rest must match. */
function checkAccountsAgree(result: AccountsCsv): void {
  const first = new Map<string, ImportRow>();
  for (const row of result.rows) {
    const earlier = first.get(row.account.id);
    if (!earlier) {
      first.set(row.account.id, row);
      result.accounts.push(row.account);
      continue;
    }
    const id = row.account.id;
    if (earlier.account.name !== row.account.name)
      result.problems.push({
        line: row.line,
        column: 'account_name',
        message: `account ${id} is named ${field.shown(earlier.account.name)} on line ${earlier.line}; give every row of an account the same name`,
      });
    if ((earlier.account.accountManager ?? '') !== (row.account.accountManager ?? '')) {
      const was = earlier.account.accountManager ?? 'no account manager';
      result.problems.push({
        line: row.line,
        column: 'account_manager',
        message: `account ${id} has ${was} on line ${earlier.line}; give every row of an account the same account manager`,
      });
    }
  }
}

function checkChannelsUnique(result: AccountsCsv): void {
  const first = new Map<string, number>();
  for (const row of result.rows) {
    const earlier = first.get(row.channel.id);
    if (earlier === undefined) {
      first.set(row.channel.id, row.line);
      result.channels.push(row.channel);
    } else {
      result.problems.push({
        line: row.line,
        column: 'channel_id',
        message: `channel ${field.shown(row.channel.id)} is also on line ${earlier}; each channel appears once`,
      });
    }
  }
}

/** Once per odd Seller ID (or marketplace ID given as one), at its first line, so a customer with many channels gives one warning. */
function warnOddSellerIds(sellers: readonly SellerOnLine[], warnings: CsvProblem[]): void {
  const linesBySeller = new Map<string, number[]>();
  for (const { line, sellerId } of sellers) {
    const lines = linesBySeller.get(sellerId);
    if (lines) lines.push(line);
    else linesBySeller.set(sellerId, [line]);
  }
  for (const [sellerId, lines] of linesBySeller) {
    const warning = marketplaceIdAsSellerIdWarning(sellerId) ?? sellerIdWarning(sellerId);
    if (!warning) continue;
    const also =
      lines.length > 1
        ? ` (also on line${lines.length > 2 ? 's' : ''} ${listJoin(lines.slice(1).map(String))})`
        : '';
    warnings.push({ line: lines[0] as number, column: 'seller_id', message: `${warning}${also}` });
  }
}

/**
 * Channels the store already has under a different account: a channel never moves between
 * customers by import, since that would silently hand one customer's history to another.
 */
export function channelOwnerConflicts(
  rows: readonly ImportRow[],
  storedOwner: (channelId: string) => string | undefined,
): CsvProblem[] {
  const problems: CsvProblem[] = [];
  for (const row of rows) {
    const owner = storedOwner(row.channel.id);
    if (owner !== undefined && owner !== row.channel.accountId)
      problems.push({
        line: row.line,
        column: 'channel_id',
        message:
          `channel ${field.shown(row.channel.id)} already belongs to account ${owner} in the store; ` +
          `write account_id ${owner} on this row, or check the channel ID`,
      });
  }
  return problems;
}

import type { ImportSummary, Store } from '../../store/store.js';
import type { Clock } from '../clock.js';
import type { Channel } from '../domain/accounts.js';
import {
  type CsvProblem,
  channelOwnerConflicts,
  IMPORT_ACTOR,
  type ImportRow,
  parseAccountsCsv,
} from '../domain/csvImport.js';
import { sharedSellerIdWarnings } from '../domain/csvSellerOwners.js';

/** Where a long import is, for a progress display. */
export type ImportProgress =
  /** `read` records (the header included) of about `total`: the file's line count. */
  { stage: 'reading'; read: number; total: number } | { stage: 'checking' } | { stage: 'writing' };

export type ImportOutcome =
  | { kind: 'rejected'; problems: CsvProblem[]; warnings: CsvProblem[] }
  | { kind: 'imported'; summary: ImportSummary; warnings: CsvProblem[] };

/** Loads customers' accounts and channels from the connector's CSV export: all of it, or nothing. */
export class ImportService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async importCsv(text: string, onProgress?: (progress: ImportProgress) => void): Promise<ImportOutcome> {
    const total = onProgress ? lineCount(text) : 0;
    const parsed = parseAccountsCsv(
      text,
      onProgress ? { onRecord: (read) => onProgress({ stage: 'reading', read, total }) } : {},
    );
    onProgress?.({ stage: 'checking' });
    const stored = new Map((await this.store.allChannels()).map((c) => [c.id, c]));
    const problems = [
      ...parsed.problems,
      ...channelOwnerConflicts(parsed.rows, (id) => stored.get(id)?.accountId),
    ].sort(byLine);
    const fileWarnings = [
      ...parsed.warnings,
      ...sharedSellerIdWarnings(parsed.rows, storedOwnersOfSellers(stored, parsed.rows)),
    ].sort(byLine);
    if (problems.length > 0) return { kind: 'rejected', problems, warnings: fileWarnings };

    const channels = parsed.rows.map((row) =>
      mergeWithStored(row.channel, stored.get(row.channel.id), parsed.hasTokenHashColumn),
    );
    const warnings = [...fileWarnings, ...downgrades(parsed.rows, stored)].sort(byLine);
    onProgress?.({ stage: 'writing' });
    const summary = await this.store.importBatch(
      { accounts: parsed.accounts, channels },
      { id: IMPORT_ACTOR, at: this.clock.now() },
    );
    return { kind: 'imported', summary, warnings };
  }
}

/**
 * What the file leaves unsaid keeps its stored value: the token hash when the file has no such
 * column, and who recorded the authorization when the file agrees with it and gives no time of its
 * own or the stored time (so re-importing a connector export, or `reauth export`, after
 * `/reauth done` keeps the agent's record).
 */
function mergeWithStored(
  incoming: Channel,
  stored: Channel | undefined,
  fileHasTokenHashes: boolean,
): Channel {
  if (!stored) return incoming;
  const merged: Channel = { ...incoming };
  if (!fileHasTokenHashes && stored.mwsAuthTokenSha256) merged.mwsAuthTokenSha256 = stored.mwsAuthTokenSha256;
  const sameRecord =
    stored.authorization === incoming.authorization &&
    (!incoming.authorizedAt || incoming.authorizedAt === stored.authorizedAt);
  if (sameRecord) {
    delete merged.authorizedAt;
    delete merged.authorizedBy;
    if (stored.authorizedAt) merged.authorizedAt = stored.authorizedAt;
    if (stored.authorizedBy) merged.authorizedBy = stored.authorizedBy;
  }
  return merged;
}

/** The file wins (it is what the connector shows), but undoing a recorded reauthorization is said out loud. */
function downgrades(rows: readonly ImportRow[], stored: Map<string, Channel>): CsvProblem[] {
  const warnings: CsvProblem[] = [];
  for (const { line, channel } of rows) {
    const before = stored.get(channel.id);
    if (before?.authorization !== 'MWS/SP-API' || channel.authorization !== 'MWS') continue;
    const recorded = [
      before.authorizedBy && `by ${before.authorizedBy}`,
      before.authorizedAt && `at ${before.authorizedAt}`,
    ]
      .filter(Boolean)
      .join(' ');
    warnings.push({
      line,
      column: 'authorization',
      message:
        `channel ${channel.id} was recorded as MWS/SP-API${recorded ? ` (${recorded})` : ''} and goes back to MWS, ` +
        'as the file says; if the file is older than that record, fix the file and import again',
    });
  }
  return warnings;
}

/** The accounts each Seller ID is under in the store, on the channels the file does not bring again. */
function storedOwnersOfSellers(
  stored: ReadonlyMap<string, Channel>,
  rows: readonly ImportRow[],
): (sellerId: string) => readonly string[] {
  const inFile = new Set(rows.map((r) => r.channel.id));
  const owners = new Map<string, Set<string>>();
  for (const c of stored.values()) {
    if (inFile.has(c.id)) continue;
    const set = owners.get(c.sellerId) ?? new Set<string>();
    set.add(c.accountId);
    owners.set(c.sellerId, set);
  }
  return (sellerId) => [...(owners.get(sellerId) ?? [])];
}

/** Lines of text, as a progress total: a record is at most one line, blank lines are not records. */
function lineCount(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return text.endsWith('\n') || text === '' ? count : count + 1;
}

function byLine(a: CsvProblem, b: CsvProblem): number {
  return a.line - b.line;
}

/** `Imported x.csv: accounts 3 added, 0 updated, 1 unchanged; channels 12 added, 0 updated, 0 unchanged.` */
export function importSummaryLine(source: string, summary: ImportSummary): string {
  const part = (name: string, c: ImportSummary['accounts']) =>
    `${name} ${c.added} added, ${c.updated} updated, ${c.unchanged} unchanged`;
  return `Imported ${source}: ${part('accounts', summary.accounts)}; ${part('channels', summary.channels)}.`;
}

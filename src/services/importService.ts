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

export type ImportOutcome =
  | { kind: 'rejected'; problems: CsvProblem[]; warnings: CsvProblem[] }
  | { kind: 'imported'; summary: ImportSummary; warnings: CsvProblem[] };

/** Loads customers' accounts and channels from the connector's CSV export: all of it, or nothing. */
export class ImportService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async importCsv(text: string): Promise<ImportOutcome> {
    const parsed = parseAccountsCsv(text);
    const stored = new Map((await this.store.allChannels()).map((c) => [c.id, c]));
    const problems = [
      ...parsed.problems,
      ...channelOwnerConflicts(parsed.rows, (id) => stored.get(id)?.accountId),
    ].sort(byLine);
    if (problems.length > 0) return { kind: 'rejected', problems, warnings: parsed.warnings };

    const channels = parsed.rows.map((row) =>
      mergeWithStored(row.channel, stored.get(row.channel.id), parsed.hasTokenHashColumn),
    );
    const warnings = [...parsed.warnings, ...downgrades(parsed.rows, stored)].sort(byLine);
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
 * own (so re-importing an export after `/reauth done` keeps the agent's record).
 */
function mergeWithStored(
  incoming: Channel,
  stored: Channel | undefined,
  fileHasTokenHashes: boolean,
): Channel {
  if (!stored) return incoming;
  const merged: Channel = { ...incoming };
  if (!fileHasTokenHashes && stored.mwsAuthTokenSha256) merged.mwsAuthTokenSha256 = stored.mwsAuthTokenSha256;
  if (!incoming.authorizedAt && stored.authorization === incoming.authorization) {
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

function byLine(a: CsvProblem, b: CsvProblem): number {
  return a.line - b.line;
}

/** `Imported x.csv: accounts 3 added, 0 updated, 1 unchanged; channels 12 added, 0 updated, 0 unchanged.` */
export function importSummaryLine(source: string, summary: ImportSummary): string {
  const part = (name: string, c: ImportSummary['accounts']) =>
    `${name} ${c.added} added, ${c.updated} updated, ${c.unchanged} unchanged`;
  return `Imported ${source}: ${part('accounts', summary.accounts)}; ${part('channels', summary.channels)}.`;
}

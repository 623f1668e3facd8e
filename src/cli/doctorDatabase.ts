import { connectPostgres, safeLabel } from '../../store/postgres/database.js';
import { POSTGRES_SCHEMA_VERSION, schemaState } from '../../store/postgres/migrations.js';
import { plural } from '../domain/text.js';
import type { CheckResult } from './doctorChecks.js';

/** Who runs the digest schedule and the expiry sweep now: the session holding the leader lock. */
async function leaderState(db: ReturnType<typeof connectPostgres>): Promise<string> {
  const { rows } = await db.query<{ client: string | null; since: string }>(
    `SELECT coalesce(host(a.client_addr), 'a local socket') AS client, to_char(a.backend_start AT TIME ZONE 'UTC',
       'YYYY-MM-DD HH24:MI "UTC"') AS since
     FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
       AND l.objid = (hashtext('reauth-bot:leader:' || current_schema())::bigint & 4294967295)::oid`,
  );
  const leader = rows[0];
  return leader
    ? `the leader (digests, expiry sweep) is the instance connected from ${leader.client} since ${leader.since}`
    : 'no instance leads now (none is running, or none has started its schedule yet)';
}

/**
 * `reauth doctor` with REAUTH_DATABASE_URL: can the database be reached, and is its schema one this
 * version uses? Like the other checks it only looks: nothing is migrated or written.
 */
export async function checkDatabase(url: string): Promise<CheckResult> {
  const check = 'PostgreSQL store';
  const where = safeLabel(url);
  const db = connectPostgres(url, { max: 1, onError: () => undefined });
  try {
    let state: Awaited<ReturnType<typeof schemaState>>;
    try {
      state = await schemaState(db);
    } catch (error) {
      return {
        check,
        level: 'problem',
        verdict: `${where} cannot be reached: ${(error as Error).message}.`,
        todo: 'Check that the server runs, that REAUTH_DATABASE_URL names it (host, port, database, user), and that this user may connect.',
      };
    }
    if (state.unknown.length > 0)
      return {
        check,
        level: 'problem',
        verdict:
          `${where} was migrated by a newer reauth-bot (${state.unknown.join(', ')}); this version refuses it ` +
          'rather than lose what it does not know.',
        todo: 'Run the newer reauth-bot (upgrade this installation). Do not change the schema by hand.',
      };
    if (state.applied.length === 0)
      return {
        check,
        level: 'note',
        verdict: `${where} answers and is empty: the bot creates its schema (version ${POSTGRES_SCHEMA_VERSION}) when it first starts.`,
        todo: 'Start the bot, or load the customers with reauth import <file.csv>.',
      };
    const version = `schema version ${state.applied.length} of ${POSTGRES_SCHEMA_VERSION}`;
    if (state.pending.length > 0)
      return {
        check,
        level: 'note',
        verdict: `${where} answers; ${version}: the next start brings it up to date (${state.pending.join(', ')}).`,
      };
    const count = async (table: string) =>
      Number((await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`)).rows[0]?.n ?? 0);
    const counts =
      `${version}, ${plural(await count('accounts'), 'account')}, ${plural(await count('channels'), 'channel')}, ` +
      `${plural(await count('audit'), 'audit entry', 'audit entries')}`;
    return { check, level: 'ok', verdict: `${where} answers: ${counts}; ${await leaderState(db)}.` };
  } finally {
    await db.end().catch(() => undefined);
  }
}

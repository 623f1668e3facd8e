import { Kysely, PostgresDialect, type PostgresPool, sql } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';
import { StoreFileError } from '../storeFileError.js';
import type { Database } from './database.js';
import { statements as initial } from './migrations/0001_initial.js';
import { statements as connector } from './migrations/0002_connector.js';

/** Every migration this version knows, by name; names sort in the order they run. */
const MIGRATIONS: Record<string, readonly string[]> = {
  '0001_initial': initial,
  '0002_connector': connector,
};

export const MIGRATION_TABLE = 'reauth_migration';
const LOCK_TABLE = 'reauth_migration_lock';

/** The schema version this code writes: the number of migrations it knows. */
export const POSTGRES_SCHEMA_VERSION = Object.keys(MIGRATIONS).length;

/** The database cannot be used: it does not answer, or refuses us; nothing was changed. */
export class PostgresStoreError extends StoreFileError {
  constructor(label: string, reason: string) {
    super(label, reason);
    this.message = `Cannot use the PostgreSQL store ${label}: ${reason}`;
    this.name = 'PostgresStoreError';
  }
}

/** A database this version must not touch: its schema is newer, or its migrations are not ours. */
export class PostgresSchemaError extends PostgresStoreError {
  constructor(label: string, reason: string) {
    super(label, reason);
    this.name = 'PostgresSchemaError';
  }
}

export interface SchemaState {
  /** Migrations recorded in the database, oldest first. */
  applied: string[];
  /** Of those, the ones this version does not know (a newer bot ran them). */
  unknown: string[];
  /** Known migrations the database has not had yet. */
  pending: string[];
}

/** What the database has, read without changing anything (an empty database has no migration table). */
export async function schemaState(db: Database): Promise<SchemaState> {
  const table = await db.query<{ name: string | null }>('SELECT to_regclass($1)::text AS name', [
    MIGRATION_TABLE,
  ]);
  const applied = table.rows[0]?.name
    ? (await db.query<{ name: string }>(`SELECT name FROM ${MIGRATION_TABLE} ORDER BY name`)).rows.map(
        (r) => r.name,
      )
    : [];
  const known = Object.keys(MIGRATIONS);
  return {
    applied,
    unknown: applied.filter((name) => !known.includes(name)),
    pending: known.filter((name) => !applied.includes(name)),
  };
}

/**
 * Brings the schema up to date: Kysely's Migrator runs every pending migration in one transaction
 * under a PostgreSQL advisory lock, so instances starting together migrate once and the others wait.
 * A database with migrations this version does not know is refused before anything is changed.
 */
export async function migrate(db: Database): Promise<SchemaState> {
  const before = await schemaState(db);
  refuseNewer(db, before);
  if (before.pending.length === 0) return before;
  const kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: poolOver(db) }) });
  try {
    // Named, or Kysely would take another schema's migration table in the same database for ours.
    const schema = await db.query<{ name: string }>('SELECT current_schema() AS name');
    const migrator = new Migrator({
      db: kysely,
      migrationTableSchema: schema.rows[0]?.name ?? 'public',
      migrationTableName: MIGRATION_TABLE,
      migrationLockTableName: LOCK_TABLE,
      provider: { getMigrations: async () => asKyselyMigrations() },
    });
    let { error } = await migrator.migrateToLatest();
    // Kysely looks the migration tables up through the catalog, which a table or schema dropped at
    // that moment elsewhere in the database can fail; the run is one transaction, so run it again.
    for (let retry = 1; error && retry < 3; retry++) {
      await new Promise((resolve) => setTimeout(resolve, 100 * retry));
      ({ error } = await migrator.migrateToLatest());
    }
    if (error) {
      // Kysely re-checks under the lock: a newer bot may have migrated between our look and its lock.
      const now = await schemaState(db);
      refuseNewer(db, now);
      throw new PostgresSchemaError(
        db.label,
        `its schema could not be brought up to date (${String(error)})`,
      );
    }
  } finally {
    await kysely.destroy();
  }
  return schemaState(db);
}

function refuseNewer(db: Database, state: SchemaState): void {
  if (state.unknown.length === 0) return;
  throw new PostgresSchemaError(
    db.label,
    `it was written by a newer reauth-bot (migrations ${state.unknown.join(', ')}; this version knows up to ` +
      `${Object.keys(MIGRATIONS).at(-1)}). Upgrade the bot; the database was not changed.`,
  );
}

function asKyselyMigrations(): Record<string, Migration> {
  const migrations: Record<string, Migration> = {};
  for (const [name, steps] of Object.entries(MIGRATIONS)) {
    migrations[name] = {
      up: async (db) => {
        for (const statement of steps) await sql.raw(statement).execute(db);
      },
    };
  }
  return migrations;
}

/** Kysely's pool shape over our Database; ending it leaves the Database open (its owner ends it). */
function poolOver(db: Database): PostgresPool {
  return {
    options: {},
    connect: async () => {
      const connection = await db.connect();
      return {
        query: async (text: string, params: readonly unknown[]) => {
          const result = await connection.query(text, params);
          return {
            rows: result.rows,
            rowCount: result.rowCount ?? 0,
            command: result.command ?? commandOf(text),
          };
        },
        release: () => connection.release(),
      };
    },
    end: async () => undefined,
  } as unknown as PostgresPool;
}

/** Kysely reads the command only to tell an aborted COMMIT; PGlite does not report it, so guess it here. */
function commandOf(text: string): string {
  return text.trim().split(/\s+/, 1)[0]?.toUpperCase() ?? '';
}

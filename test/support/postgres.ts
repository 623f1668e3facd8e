import { PGlite } from '@electric-sql/pglite';
import { afterAll } from 'vitest';
import { type Connection, connectPostgres, type Database, type Sql } from '../../store/postgres/database.js';

/**
 * PostgreSQL for tests: the real server when REAUTH_TEST_DATABASE_URL is set (.ci/run sets it when
 * one answers on 127.0.0.1:5432), otherwise PGlite, a real PostgreSQL engine in this process. Each
 * test file gets one engine (PGlite takes a second or more to start) and each `fresh()` database
 * its own schema, so tests never see each other's rows. Schemas are dropped when the file ends.
 */
export interface TestPostgres {
  kind: 'server' | 'pglite';
  /** A new, empty schema to open a store on. */
  fresh(): Promise<TestSchema>;
}

export interface TestSchema {
  name: string;
  /** A Database on this schema (a new pool each time, as another process would open). */
  open(): Database;
  /** Where it is, as REAUTH_DATABASE_URL would name it (server only: PGlite lives in this process). */
  url?: string;
}

export const TEST_DATABASE_URL = process.env.REAUTH_TEST_DATABASE_URL?.trim() || undefined;

let counter = 0;

/**
 * Schemas a file still uses: tests in a file run one after another and each opens at most a couple,
 * so older ones are dropped as new ones are made. Left in place they would slow every migration,
 * since Kysely's Migrator looks its tables up among all tables of the database.
 */
const KEEP_SCHEMAS = 3;
function schemaName(): string {
  return `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
}

export function testPostgres(): TestPostgres {
  return TEST_DATABASE_URL ? serverPostgres(TEST_DATABASE_URL) : pglitePostgres();
}

function serverPostgres(url: string): TestPostgres {
  const admin = connectPostgres(url, { max: 1 });
  const created: string[] = [];
  afterAll(async () => {
    for (const name of created) await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
    await admin.end();
  });
  return {
    kind: 'server',
    async fresh() {
      const name = schemaName();
      await admin.query(`CREATE SCHEMA ${name}`);
      created.push(name);
      while (created.length > KEEP_SCHEMAS)
        await admin.query(`DROP SCHEMA IF EXISTS ${created.shift()} CASCADE`);
      const schemaUrl = withSearchPath(url, name);
      return { name, url: schemaUrl, open: () => connectPostgres(schemaUrl, { max: 5 }) };
    },
  };
}

/** The URL with `options=-c search_path=<schema>`, which libpq and node-postgres both understand. */
export function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

function pglitePostgres(): TestPostgres {
  let engine: Promise<SharedPglite> | undefined;
  const created: string[] = [];
  afterAll(async () => {
    if (engine) await (await engine).pglite.close();
  });
  return {
    kind: 'pglite',
    async fresh() {
      engine ??= PGlite.create().then((pglite) => new SharedPglite(pglite));
      const shared = await engine;
      const name = schemaName();
      await shared.run(undefined, (sql) => sql.query(`CREATE SCHEMA ${name}`));
      created.push(name);
      while (created.length > KEEP_SCHEMAS) {
        const old = created.shift();
        await shared.run(undefined, (sql) => sql.query(`DROP SCHEMA IF EXISTS ${old} CASCADE`));
      }
      return { name, open: () => pgliteDatabase(shared, name) };
    },
  };
}

/**
 * One PGlite, one session, used by several Databases: whoever holds it (a query, or a connection
 * until released) has it alone, so a transaction's statements are never interleaved with another's,
 * and the search path is set to the holder's schema first.
 */
class SharedPglite {
  private queue: Promise<void> = Promise.resolve();
  private searchPath: string | undefined;
  constructor(readonly pglite: PGlite) {}

  async acquire(schema: string | undefined): Promise<{ sql: Sql; release: () => void }> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => {
      release = resolve;
    });
    const before = this.queue;
    this.queue = before.then(() => turn);
    await before;
    if (schema && this.searchPath !== schema) {
      await this.pglite.query(`SET search_path TO ${schema}`);
      this.searchPath = schema;
    }
    const sql: Sql = {
      query: async (text, params) => {
        const result = await this.pglite.query(text, params as unknown[]);
        return result as never;
      },
    };
    return { sql, release };
  }

  async run<T>(schema: string | undefined, work: (sql: Sql) => Promise<T>): Promise<T> {
    const { sql, release } = await this.acquire(schema);
    try {
      return await work(sql);
    } finally {
      release();
    }
  }
}

function pgliteDatabase(shared: SharedPglite, schema: string): Database {
  const connection = async (): Promise<Connection> => {
    const { sql, release } = await shared.acquire(schema);
    return { query: sql.query, release };
  };
  return {
    label: `PGlite (schema ${schema})`,
    query: (text, params) => shared.run(schema, (sql) => sql.query(text, params)),
    connect: connection,
    // PGlite has one session: a "session" is every query taking its turn, as the pool's do.
    openSession: async () => ({
      query: (text, params) => shared.run(schema, (sql) => sql.query(text, params)),
      release: () => undefined,
    }),
    end: async () => undefined,
  };
}

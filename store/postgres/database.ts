import pg from 'pg';

/**
 * The little the PostgreSQL store needs from a database: text queries with $1 parameters, answered
 * with rows. `pg` (node-postgres) gives it over a connection pool; tests give it over PGlite (an
 * in-process PostgreSQL) through the same shape, so one store runs unchanged on both.
 */
export type Row = Record<string, unknown>;

export interface SqlResult<R = Row> {
  rows: R[];
  rowCount: number | null;
  /** The command tag (`COMMIT`, or `ROLLBACK` for a COMMIT of an aborted transaction), where the driver tells. */
  command?: string;
}

export interface Sql {
  query<R = Row>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
}

/** One connection, held until released: a transaction's statements all go to it. */
export interface Connection extends Sql {
  release(error?: Error): void;
}

export interface Database extends Sql {
  /** Borrows a connection of the pool, for a transaction. */
  connect(): Promise<Connection>;
  /** A connection outside the pool, for session state that must outlive any query (advisory locks). */
  openSession(): Promise<Connection>;
  /** Where it is, without credentials: for messages and `reauth doctor`. */
  readonly label: string;
  end(): Promise<void>;
}

/** A PostgreSQL server through node-postgres: a pool for the store, a client of its own per session. */
export function connectPostgres(
  url: string,
  options: { max?: number; onError?: (error: Error) => void } = {},
): Database {
  const onError = options.onError ?? ((error: Error) => console.error('PostgreSQL connection lost:', error));
  const config: pg.PoolConfig = {
    connectionString: url,
    max: options.max ?? 10,
    // A server that does not answer is a clear error, not a hung bot.
    connectionTimeoutMillis: 10_000,
    application_name: 'reauth-bot',
  };
  const pool = new pg.Pool(config);
  // An idle client whose server went away emits 'error'; unhandled, it would end the process.
  pool.on('error', onError);
  return {
    label: safeLabel(url),
    query: (text, params) => pool.query(text, params as unknown[]) as never,
    connect: async () => {
      const client = await pool.connect();
      return {
        query: (text, params) => client.query(text, params as unknown[]) as never,
        // A connection whose transaction failed oddly is dropped rather than reused.
        release: (error) => client.release(error),
      };
    },
    openSession: async () => {
      const client = new pg.Client(config);
      client.on('error', onError);
      await client.connect();
      return {
        query: (text, params) => client.query(text, params as unknown[]) as never,
        release: () => {
          client.end().catch(() => undefined);
        },
      };
    },
    end: () => pool.end(),
  };
}

/** The URL without its password, which never goes into a message or a log. */
export function safeLabel(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the PostgreSQL database (the URL could not be read)';
  }
}

/** Error codes after which a transaction is simply run again: a deadlock or a serialization failure. */
const RETRYABLE = new Set(['40001', '40P01']);

/**
 * Runs `work` as one transaction on one connection: committed when it resolves, rolled back when it
 * throws. A transaction the server aborted for a deadlock is run again (a few times), whole.
 */
export async function inTransaction<T>(db: Database, work: (sql: Sql) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const connection = await db.connect();
    let broken: Error | undefined;
    try {
      await connection.query('BEGIN');
      const result = await work(connection);
      await connection.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await connection.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError as Error;
      }
      const code = (error as { code?: string }).code;
      if (!(code && RETRYABLE.has(code) && attempt < 5)) throw error;
    } finally {
      connection.release(broken);
    }
  }
}

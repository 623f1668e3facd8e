import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../store/postgres/database.js';
import { statements as initialSchema } from '../../../store/postgres/migrations/0001_initial.js';
import {
  MIGRATION_TABLE,
  POSTGRES_SCHEMA_VERSION,
  PostgresSchemaError,
  schemaState,
} from '../../../store/postgres/migrations.js';
import { openPostgresStore } from '../../../store/postgres/postgresStore.js';
import { testPostgres } from '../../support/postgres.js';
import { sampleBatch } from '../../support/sampleData.js';

const postgres = testPostgres();
beforeAll(() => postgres.fresh(), 120_000);

/** Every table and column of the schema, and the migrations recorded: what "untouched" compares. */
async function shape(db: Database): Promise<unknown> {
  const columns = await db.query(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema = current_schema() ORDER BY table_name, column_name`,
  );
  const indexes = await db.query(
    `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`,
  );
  return { columns: columns.rows, indexes: indexes.rows };
}

describe('PostgreSQL schema', () => {
  it('gives an empty database the whole schema on first use, and records it', async () => {
    const schema = await postgres.fresh();
    const probe = schema.open();
    expect((await schemaState(probe)).applied).toEqual([]);
    const store = await openPostgresStore(schema.open());
    await store.importBatch(sampleBatch(), { id: 'import', at: new Date('2026-11-01T09:00:00Z') });
    expect(await schemaState(probe)).toEqual({
      applied: ['0001_initial', '0002_connector'],
      unknown: [],
      pending: [],
    });
    expect(POSTGRES_SCHEMA_VERSION).toBe(2);
    await store.close();
    await probe.end();
  });

  it('is migrated once when several instances start together on an empty database', async () => {
    const schema = await postgres.fresh();
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(schema.open())));
    const probe = schema.open();
    const recorded = await probe.query(`SELECT name FROM ${MIGRATION_TABLE} ORDER BY name`);
    expect(recorded.rows).toEqual([{ name: '0001_initial' }, { name: '0002_connector' }]);
    for (const store of stores) await store.close();
    await probe.end();
  });

  it('refuses, changing nothing, a database a newer version migrated', async () => {
    const schema = await postgres.fresh();
    const first = await openPostgresStore(schema.open());
    await first.importBatch(sampleBatch(), { id: 'import', at: new Date('2026-11-01T09:00:00Z') });
    await first.close();
    const probe = schema.open();
    // What a newer bot leaves: a migration this one does not know, and a change of its own.
    await probe.query(
      `INSERT INTO ${MIGRATION_TABLE} (name, timestamp) VALUES ('0099_from_the_future', now())`,
    );
    await probe.query('ALTER TABLE accounts ADD COLUMN region_hint text');
    const before = await shape(probe);
    const accountsBefore = await probe.query('SELECT * FROM accounts ORDER BY id');

    const error = await openPostgresStore(schema.open()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostgresSchemaError);
    expect((error as Error).message).toMatch(
      /written by a newer reauth-bot \(migrations 0099_from_the_future; this version knows up to 0002_connector\)\. Upgrade the bot/,
    );
    expect(await shape(probe)).toEqual(before);
    expect((await probe.query('SELECT * FROM accounts ORDER BY id')).rows).toEqual(accountsBefore.rows);
    await probe.end();
  });
});

describe('PostgreSQL indexes', () => {
  /** The plan of `query` with sequential scans priced out: a Seq Scan left in it means no index serves it. */
  async function planOf(db: Database, query: string, params: unknown[]): Promise<string> {
    const connection = await db.connect();
    try {
      await connection.query('BEGIN');
      await connection.query('SET LOCAL enable_seqscan = off');
      const { rows } = await connection.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${query}`, params);
      await connection.query('ROLLBACK');
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      connection.release();
    }
  }

  const lookups: [string, string, unknown[]][] = [
    ['account name prefix', `SELECT id FROM accounts WHERE lower(name) LIKE $1`, ['acm%']],
    ['account id prefix', `SELECT id FROM accounts WHERE id LIKE $1`, ['acm%']],
    ['Seller ID', 'SELECT id FROM channels WHERE seller_id = $1', ['A1ACMEEU00001X']],
    ['account manager', 'SELECT id FROM accounts WHERE account_manager = $1', ['UMANAGER1']],
    ['pending units', `SELECT account_id FROM channels WHERE "authorization" = 'MWS'`, []],
    [
      'channels of an account',
      'SELECT id FROM channels WHERE account_id = $1 ORDER BY position',
      ['acme-outdoor'],
    ],
    [
      'undecided rollbacks',
      `SELECT id FROM rollbacks WHERE state = 'requested' AND expires_at <= $1`,
      [new Date()],
    ],
    ['an account audit trail', 'SELECT at FROM audit WHERE account_id = $1 ORDER BY seq', ['acme-outdoor']],
  ];
  for (const [what, query, params] of lookups) {
    it(`has one for: ${what}`, async () => {
      const schema = await postgres.fresh();
      const store = await openPostgresStore(schema.open());
      await store.importBatch(sampleBatch(), { id: 'import', at: new Date('2026-11-01T09:00:00Z') });
      const plan = await planOf(store.db, query, params);
      expect(plan).not.toMatch(/Seq Scan/);
      expect(plan).toMatch(/Index|Bitmap/);
      await store.close();
    });
  }

  it('brings a database of the first schema up to date, keeping its rows, and the connector then works', async () => {
    const schema = await postgres.fresh();
    const probe = schema.open();
    // What a bot of the first version leaves: its tables, a row in them, its migration recorded.
    for (const statement of initialSchema) await probe.query(statement);
    await probe.query(
      `CREATE TABLE ${MIGRATION_TABLE} (name varchar(255) PRIMARY KEY, timestamp varchar(255) NOT NULL)`,
    );
    await probe.query(`INSERT INTO ${MIGRATION_TABLE} (name, timestamp) VALUES ('0001_initial', now())`);
    await probe.query(`INSERT INTO accounts (id, name) VALUES ('acme-outdoor', 'Acme Outdoor')`);
    await probe.query(
      `INSERT INTO channels (id, account_id, marketplace, seller_id, "authorization")
       VALUES ('ch-acme-uk', 'acme-outdoor', 'UK', 'A1ACMEEU00001X', 'MWS')`,
    );

    const store = await openPostgresStore(schema.open());
    expect((await schemaState(probe)).applied).toEqual(['0001_initial', '0002_connector']);
    expect(await store.listAccounts()).toEqual([{ id: 'acme-outdoor', name: 'Acme Outdoor' }]);
    const at = new Date('2026-11-03T10:00:00Z');
    await store.applyConnectorEvents(
      [
        {
          id: 'e1',
          type: 'channel.authorization_changed',
          occurredAt: '2026-11-03T09:00:00Z',
          accountId: 'acme-outdoor',
          channelId: 'ch-acme-uk',
          marketplace: 'UK',
          sellerId: 'A1ACMEEU00001X',
          authorization: 'none',
        },
      ],
      { id: 'connector', at },
    );
    expect(await store.channelsOfAccount('acme-outdoor')).toEqual([
      {
        id: 'ch-acme-uk',
        accountId: 'acme-outdoor',
        marketplace: 'UK',
        sellerId: 'A1ACMEEU00001X',
        authorization: 'none',
        stateSource: 'connector',
        stateAt: '2026-11-03T09:00:00Z',
      },
    ]);
    await store.close();
    await probe.end();
  });
});

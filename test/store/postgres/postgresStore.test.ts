import { beforeAll } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../../../store/postgres/postgresStore.js';
import type { Store } from '../../../store/store.js';
import { type TestSchema, testPostgres } from '../../support/postgres.js';
import { storeContract } from '../contract.js';

const postgres = testPostgres();
const schemaOf = new WeakMap<Store, TestSchema>();

async function openOn(schema: TestSchema): Promise<Store> {
  const store = await openPostgresStore(schema.open());
  schemaOf.set(store, schema);
  return store;
}

// The first PGlite start (or a busy machine's) can take far longer than a test's usual hook time.
beforeAll(async () => {
  await postgres.fresh();
}, 120_000);

storeContract(`PostgreSQL store (${postgres.kind})`, {
  open: async () => openOn(await postgres.fresh()),
  reopen: async (store) => {
    const schema = schemaOf.get(store) as TestSchema;
    await (store as PostgresStore).close();
    return openOn(schema);
  },
});

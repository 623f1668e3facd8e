import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../store/postgres/postgresStore.js';
import { PostgresReplayStore } from '../../../store/postgres/replayStore.js';
import { commandBody, TestApp } from '../../support/harness.js';
import { testPostgres } from '../../support/postgres.js';

const postgres = testPostgres();
beforeAll(() => postgres.fresh(), 120_000);

const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
});

describe(`the replay guard shared through PostgreSQL (${postgres.kind})`, () => {
  it('refuses on one instance a signed request another instance already served', async () => {
    const schema = await postgres.fresh();
    for (let i = 0; i < 2; i++) {
      const store = await openPostgresStore(schema.open());
      apps.push(await TestApp.start({ store, replayStore: new PostgresReplayStore(store.db) }));
    }
    const [a, b] = apps as [TestApp, TestApp];
    const body = commandBody('help', 'UAGENT1', 'CSUPPORT', `${a.slack.url}/respond/once`);
    const timestamp = Math.floor(Date.now() / 1000);

    expect((await a.post(body, { timestamp })).status).toBe(200);
    expect((await b.post(body, { timestamp })).status).toBe(401);
    expect(b.logger.text()).toContain('Refused a signed request seen before');
    // A request of its own still goes through on the second instance.
    const other = commandBody('help', 'UAGENT1', 'CSUPPORT', `${a.slack.url}/respond/twice`);
    expect((await b.post(other, { timestamp })).status).toBe(200);
  });

  it('remembers a request once, and forgets it after it expires', async () => {
    const schema = await postgres.fresh();
    const store = await openPostgresStore(schema.open());
    let now = Date.parse('2026-11-28T12:00:00Z');
    const replays = new PostgresReplayStore(store.db, () => now);
    const until = new Date(now + 301_000);
    expect(await replays.remember('1764331200:abc', until)).toBe(true);
    expect(await replays.remember('1764331200:abc', until)).toBe(false);
    now += 3_600_000;
    expect(await replays.remember('1764334800:def', new Date(now + 301_000))).toBe(true);
    const left = await store.db.query('SELECT key FROM seen_requests ORDER BY key');
    expect(left.rows).toEqual([{ key: '1764334800:def' }]);
    await store.close();
  });
});

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DigestScheduler, type Timers } from '../../../src/services/digestScheduler.js';
import { PostgresLeadership } from '../../../store/postgres/leadership.js';
import { openPostgresStore } from '../../../store/postgres/postgresStore.js';
import { TestApp } from '../../support/harness.js';
import { TEST_DATABASE_URL, testPostgres } from '../../support/postgres.js';
import { sampleBatch } from '../../support/sampleData.js';
import { TestClock } from '../../support/testClock.js';

/** Timers that only run when the test says so. */
class ManualTimers implements Timers {
  pending: { run: () => void }[] = [];
  setTimeout(run: () => void) {
    const timer = { run };
    this.pending.push(timer);
    return timer;
  }
  clearTimeout(handle: unknown) {
    this.pending = this.pending.filter((t) => t !== handle);
  }
  fire() {
    this.pending.shift()?.run();
  }
}

interface Instance {
  app: TestApp;
  leadership: PostgresLeadership;
  scheduler: DigestScheduler;
  timers: ManualTimers;
}

/*
 * Two bot instances on one database, each with its own pool and its own leader session, as two
 * processes have. PGlite has a single session, in which an advisory lock is always "held", so this
 * needs the server (CI sets REAUTH_TEST_DATABASE_URL).
 */
describe.skipIf(!TEST_DATABASE_URL)('leader election on PostgreSQL', () => {
  const postgres = TEST_DATABASE_URL ? testPostgres() : undefined;
  const instances: Instance[] = [];
  beforeAll(async () => {
    await postgres?.fresh();
  }, 60_000);
  afterEach(async () => {
    for (const i of instances.splice(0)) {
      await i.scheduler.stop();
      await i.leadership.release();
      await i.app.stop();
    }
  });

  async function startInstance(
    schema: Awaited<ReturnType<NonNullable<typeof postgres>['fresh']>>,
    at: string,
  ) {
    const store = await openPostgresStore(schema.open());
    const app = await TestApp.start({
      store,
      clock: new TestClock(at),
      config: { digest: { channel: 'CDIGEST', cron: '0 9 * * 1-5', dm: false } },
    });
    const leadership = new PostgresLeadership(store.db, { info: () => undefined, warn: () => undefined });
    const timers = new ManualTimers();
    const scheduler = new DigestScheduler(app.services.digests, app.clock, app.logger, timers, leadership);
    const instance = { app, leadership, scheduler, timers };
    instances.push(instance);
    scheduler.start();
    await scheduler.settled();
    return instance;
  }

  async function tickAt(instance: Instance, at: string) {
    instance.app.clock.set(at);
    instance.timers.fire();
    await instance.scheduler.settled();
  }

  it('posts each digest from the leader only; when the leader dies, the other takes over', async () => {
    const schema = await (postgres as NonNullable<typeof postgres>).fresh();
    const a = await startInstance(schema, '2026-11-30T08:58:00Z');
    await a.app.store.importBatch(sampleBatch(), { id: 'import', at: a.app.clock.now() });
    const b = await startInstance(schema, '2026-11-30T08:58:00Z');
    expect(await a.leadership.isLeader()).toBe(true);
    expect(await b.leadership.isLeader()).toBe(false);

    await tickAt(b, '2026-11-30T09:00:05Z');
    await tickAt(a, '2026-11-30T09:00:05Z');
    expect(a.app.slack.callsTo('chat.postMessage').length).toBeGreaterThan(0);
    expect(b.app.slack.callsTo('chat.postMessage')).toHaveLength(0);

    // The leader's connection goes away, as when its process is killed: the server ends its session.
    const admin = schema.open();
    const ended = await admin.query<{ ended: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND objsubid = 1
         AND objid = (hashtext('reauth-bot:leader:' || $1)::bigint & 4294967295)::oid`,
      [schema.name],
    );
    expect(ended.rows).toEqual([{ ended: true }]);
    // The server ends the session (and frees its lock) a moment after it is told to.
    for (let waited = 0; waited < 10_000; waited += 50) {
      const held = await admin.query(
        `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
           AND objid = (hashtext('reauth-bot:leader:' || $1)::bigint & 4294967295)::oid`,
        [schema.name],
      );
      if (held.rows.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await admin.end();

    const postedByA = a.app.slack.callsTo('chat.postMessage').length;
    await tickAt(b, '2026-12-01T09:00:05Z');
    await tickAt(a, '2026-12-01T09:00:05Z');
    expect(b.app.slack.callsTo('chat.postMessage').length).toBeGreaterThan(0);
    expect(a.app.slack.callsTo('chat.postMessage')).toHaveLength(postedByA);
    expect(await a.leadership.isLeader()).toBe(false);

    const slots = (await b.app.store.digests()).map((d) => [d.id, d.status]);
    expect(slots).toEqual([
      ['scheduled:2026-11-30T09:00:00.000Z', 'posted'],
      ['scheduled:2026-12-01T09:00:00.000Z', 'posted'],
    ]);
  });
});

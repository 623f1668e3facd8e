import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { REQUESTER, replyText, requestRollback, startRollbackApp } from '../support/rollbackSetup.js';
import { shownText } from '../support/slackMessages.js';

describe('/reauth rollback --since, however it is typed', () => {
  let t: TestApp;
  afterEach(() => t.stop());

  it.each([
    ['an em dash (—since)', '—since'],
    ['an en dash (–since)', '–since'],
    ['capitals (--SINCE)', '--SINCE'],
  ])('takes %s as --since, not as part of the reason', async (_name, flag) => {
    t = await startRollbackApp();
    const { rollbackId, parent } = await requestRollback(
      t,
      `rollback acme-outdoor UK wrong account ${flag} 2026-11-27T09:30`,
    );
    const rollback = await t.store.getRollback(rollbackId);
    expect(rollback?.reason).toBe('wrong account');
    expect(rollback?.since).toBe('2026-11-27T09:30:00.000Z');
    expect(shownText(parent)).not.toContain('since 2026');
  });

  it('takes --since=<date-time> written with a dash too', async () => {
    t = await startRollbackApp();
    const { rollbackId } = await requestRollback(
      t,
      'rollback acme-outdoor UK wrong account —since=2026-11-27',
    );
    expect((await t.store.getRollback(rollbackId))?.since).toBe('2026-11-27T00:00:00.000Z');
  });

  it('refuses a --since before 2020 or after now, naming --since, and records nothing', async () => {
    t = await startRollbackApp();
    const early = replyText(await t.command('rollback acme-outdoor UK wrong —since 2019-12-31T23:59'));
    expect(early).toContain('--since Tue 31 Dec 2019 23:59 Europe/London is before Wed 1 Jan 2020');
    const future = replyText(await t.command('rollback acme-outdoor UK wrong --SINCE 2026-11-28T12:01'));
    expect(future).toContain('--since Sat 28 Nov 2026 12:01 Europe/London is in the future');
    const dangling = replyText(await t.command('rollback acme-outdoor UK wrong –since', { user: REQUESTER }));
    expect(dangling).toContain('--since needs a date-time');
    expect(await t.store.rollbacksOfAccount('acme-outdoor')).toEqual([]);
  });
});

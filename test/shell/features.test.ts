import { describe, expect, it } from 'vitest';
import { openMemoryStore } from '../../store/openStore.js';
import { sampleBatch } from '../support/sampleData.js';
import { replyTo, runShellOn } from '../support/shellDriver.js';
import { TestClock } from '../support/testClock.js';

async function sampleStore(clock: TestClock) {
  const store = openMemoryStore();
  await store.importBatch(sampleBatch(), { id: 'import', at: clock.now() });
  return store;
}

describe('the shell runs the real features', () => {
  it('a full rollback: requested by one person, approved by another, checklist ticked', async () => {
    const clock = new TestClock('2026-11-28T12:00:00Z');
    const store = await sampleStore(clock);
    const { output } = await runShellOn(
      [
        '/reauth done acme-outdoor UK',
        '/reauth rollback acme-outdoor UK authorized the wrong Seller Central account',
        // The form asks when the wrong account was authorized: a date-time (in UTC), then "I don't know".
        '2026-11-28 09:00',
        '',
        '1',
        '/as priya',
        '1',
        '/as local',
        '3',
      ],
      { store, clock, config: { approvers: ['UPRIYA'] } },
    );
    const request = replyTo(
      output,
      '/reauth rollback acme-outdoor UK authorized the wrong Seller Central account',
    );
    expect(request).toContain('[Request a rollback]');
    expect(request).toContain('When the wrong account was authorized (optional) (YYYY-MM-DD HH:MM, UTC)');
    expect(request).toContain("I don't know when it was authorized");
    expect(request).toContain('Rollback requested: Acme Outdoor');
    expect(request).toContain(
      'Wrong account authorized: Sat 28 Nov 2026 09:00 UTC (given by @local in the request form)',
    );
    expect(request).toContain('[1] Approve  [2] Deny');
    // The requester pressing Approve is refused: a second person must decide.
    expect(replyTo(output, '1')).toContain('you asked for this rollback');

    const approval = output.slice(output.indexOf('> /as priya'));
    expect(approval).toContain('Rollback approved: Acme Outdoor');
    expect(approval).toContain('Approved by @priya');
    expect(approval).toContain('Recovery checklist: Acme Outdoor');
    expect(approval).toContain('0 of 13 done');
    // Slack's emoji and bold marks read as they do in Slack, not as :codes: and *stars*.
    expect(approval).toMatch(/⬜ Seller ID `A1ACMEEU00001X`: app active\. In Seller Central/);
    expect(approval).not.toMatch(/:white_large_square:|\*Seller ID|active\.\*/);
    expect(output.slice(output.lastIndexOf('> 3'))).toContain('Done by @local');
    expect(output.slice(output.lastIndexOf('> 3'))).toContain('1 of 13 done');
    expect(output.slice(output.lastIndexOf('> 3'))).toContain('✅ Seller ID `A1ACMEEU00001X`: app active.');

    const rollbacks = await store.rollbacksOfAccount('acme-outdoor');
    expect(rollbacks).toHaveLength(1);
    expect(rollbacks[0]?.decision).toMatchObject({ by: 'UPRIYA' });
    expect(
      (await store.channelsOfAccount('acme-outdoor')).find((c) => c.id === 'ch-acme-uk')?.authorization,
    ).toBe('MWS');
  });

  it('/reauth digest previews the digest, only to the person who asked', async () => {
    const clock = new TestClock('2026-11-28T12:00:00Z');
    const { output } = await runShellOn(['/reauth digest'], {
      store: await sampleStore(clock),
      clock,
      config: { deadline: '2026-12-31' },
    });
    const preview = replyTo(output, '/reauth digest');
    expect(preview).toContain('only visible to you');
    expect(preview).toContain('Reauthorization digest: 33 days left');
    expect(preview).toContain('@UMANAGER1: 1 account, 1 reauthorization');
    expect(preview).toContain('Borealis Books');
  });
});

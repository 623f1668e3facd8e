import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { TestApp } from './support/harness.js';

describe('createApp', () => {
  it('stopping the app stops its rollback expiry sweep: nothing touches the store after it closed', async () => {
    const t = await TestApp.start({
      config: { rollbacks: { ttlHours: 24, channel: 'CROLLBACKS', sweepIntervalMs: 5 } },
    });
    // The sweep runs while the app is up (a store write that expires nothing and audits nothing).
    await sleep(30);
    await t.stop();
    await sleep(60);
    expect(t.logger.text()).not.toMatch(/sweep failed|store is closed/i);
  });
});

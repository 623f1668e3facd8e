import { describe, expect, it } from 'vitest';
import { ReplayGuard } from '../src/transport.js';

describe('the replay guard', () => {
  it('admits a signed request once, refuses it again within 5 minutes, and forgets it after', () => {
    let nowMs = Date.parse('2026-11-28T12:00:00Z');
    const guard = new ReplayGuard(() => nowMs);
    const ts = nowMs / 1000;
    expect(guard.admit(ts, 'v0=aa')).toBe(true);
    expect(guard.admit(ts, 'v0=aa')).toBe(false);
    expect(guard.admit(ts, 'v0=bb')).toBe(true);
    nowMs += 4 * 60 * 1000;
    expect(guard.admit(ts, 'v0=aa')).toBe(false);
    nowMs += 2 * 60 * 1000;
    // Bolt refuses it as stale by now; the guard no longer needs to remember it.
    expect(guard.admit(ts, 'v0=aa')).toBe(false);
    expect(guard.size).toBe(0);
  });

  it('refuses timestamps more than 5 minutes ahead, and anything that is not a time', () => {
    const nowMs = Date.parse('2026-11-28T12:00:00Z');
    const guard = new ReplayGuard(() => nowMs);
    expect(guard.admit(nowMs / 1000 + 301, 'v0=aa')).toBe(false);
    expect(guard.admit(nowMs / 1000 + 299, 'v0=aa')).toBe(true);
    expect(guard.admit(Number.NaN, 'v0=cc')).toBe(false);
  });

  it('holds no more than the requests of the last 5 minutes', () => {
    let nowMs = Date.parse('2026-11-28T12:00:00Z');
    const guard = new ReplayGuard(() => nowMs);
    for (let i = 0; i < 10_000; i++) {
      nowMs += 100;
      expect(guard.admit(Math.floor(nowMs / 1000), `v0=${i}`)).toBe(true);
    }
    expect(guard.size).toBeLessThanOrEqual(5 * 60 * 10 + 10);
  });
});

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSignature, ReplayGuard } from '../src/signedRequests.js';

const SECRET = 'secret';
const signed = (ts: string, body: string) =>
  `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;

describe('checking a signature', () => {
  const ts = '1764331200';
  const good = signed(ts, 'a=1');

  it('returns the digest of a correct signature, for body as text or bytes', () => {
    expect(checkSignature('v0', SECRET, ts, 'a=1', good)).toBe(good.slice(3));
    expect(checkSignature('v0', SECRET, ts, Buffer.from('a=1'), good)).toBe(good.slice(3));
  });

  it.each([
    ['another body', ts, 'a=2', good],
    ['another timestamp', '1764331201', 'a=1', good],
    ['a timestamp with a leading zero', `0${ts}`, 'a=1', good],
    ['a timestamp written as a decimal', `${ts}.0`, 'a=1', good],
    ['no timestamp', undefined, 'a=1', good],
    ['no signature', ts, 'a=1', undefined],
    ['a trailing "="', ts, 'a=1', `${good}=`],
    ['a trailing "=x"', ts, 'a=1', `${good}=x`],
    ['upper-case hex', ts, 'a=1', `v0=${good.slice(3).toUpperCase()}`],
    ['another scheme', ts, 'a=1', `v1=${good.slice(3)}`],
    ['a digest too short', ts, 'a=1', good.slice(0, -1)],
  ])('refuses %s', (_what, timestamp, body, header) => {
    expect(checkSignature('v0', SECRET, timestamp, body, header)).toBeUndefined();
  });

  it('refuses everything when no secret is set', () => {
    expect(checkSignature('v0', '', ts, 'a=1', signed(ts, 'a=1'))).toBeUndefined();
  });

  it('works for another scheme signed the same way', () => {
    const v1 = `v1=${createHmac('sha256', SECRET).update(`v1:${ts}:x`).digest('hex')}`;
    expect(checkSignature('v1', SECRET, ts, 'x', v1)).toBe(v1.slice(3));
    expect(checkSignature('v0', SECRET, ts, 'x', v1)).toBeUndefined();
  });
});

describe('the replay guard', () => {
  it('admits a signed request once, refuses it again within 5 minutes, and forgets it after', () => {
    let nowMs = Date.parse('2026-11-28T12:00:00Z');
    const guard = new ReplayGuard(() => nowMs);
    const ts = nowMs / 1000;
    expect(guard.admit(ts, 'aa')).toBe('admitted');
    expect(guard.admit(ts, 'aa')).toBe('replay');
    expect(guard.admit(ts, 'bb')).toBe('admitted');
    nowMs += 5 * 60 * 1000 + 500;
    // Bolt still accepts the timestamp for this part of the second: the guard still remembers it.
    expect(guard.admit(ts, 'aa')).toBe('outside-window');
    expect(guard.size).toBe(2);
    nowMs += 1000;
    expect(guard.admit(ts, 'aa')).toBe('outside-window');
    expect(guard.size).toBe(0);
  });

  it('refuses timestamps more than 5 minutes ahead, and anything that is not a time', () => {
    const nowMs = Date.parse('2026-11-28T12:00:00Z');
    const guard = new ReplayGuard(() => nowMs);
    expect(guard.admit(nowMs / 1000 + 301, 'aa')).toBe('outside-window');
    expect(guard.admit(nowMs / 1000 + 299, 'aa')).toBe('admitted');
    expect(guard.admit(Number.NaN, 'cc')).toBe('outside-window');
  });

  it('holds no more than the requests of the last 5 minutes', () => {
    let nowMs = Date.parse('2026-11-28T12:00:00Z');
    const guard = new ReplayGuard(() => nowMs);
    for (let i = 0; i < 10_000; i++) {
      nowMs += 100;
      expect(guard.admit(Math.floor(nowMs / 1000), `${i}`)).toBe('admitted');
    }
    expect(guard.size).toBeLessThanOrEqual(5 * 60 * 10 + 20);
  });

  it('when full of unexpired requests refuses new ones rather than forget one, and takes them again once some expire', () => {
    let nowMs = Date.parse('2026-11-28T12:00:00Z');
    const guard = new ReplayGuard(() => nowMs, 3);
    const ts = nowMs / 1000;
    // One stamped ahead first, so it sits in front of entries that expire before it.
    expect(guard.admit(ts + 200, 'ahead')).toBe('admitted');
    expect(guard.admit(ts, 'a')).toBe('admitted');
    expect(guard.admit(ts, 'b')).toBe('admitted');
    expect(guard.admit(ts, 'c')).toBe('full');
    expect(guard.admit(ts, 'a')).toBe('replay');
    expect(guard.size).toBe(3);
    nowMs += 302 * 1000;
    expect(guard.admit(Math.floor(nowMs / 1000), 'c')).toBe('admitted');
    expect(guard.size).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import {
  CONNECTOR_SCHEME,
  checkSignature,
  SignedReplayGuard,
  SLACK_SCHEME,
  signatureOf,
} from '../src/signedRequests.js';

const SECRET = 'shared-secret';
const NOW = Date.parse('2026-11-28T12:00:00Z');
const TS = NOW / 1000;

function headers(scheme = CONNECTOR_SCHEME, signature = signatureOf(scheme, SECRET, TS, '{}'), ts = TS) {
  return { [scheme.timestampHeader]: String(ts), [scheme.signatureHeader]: signature };
}

describe('checkSignature', () => {
  it("verifies the connector's v1 scheme and Slack's v0 with one verifier", () => {
    expect(checkSignature(CONNECTOR_SCHEME, SECRET, headers(), '{}', NOW)).toMatchObject({
      ok: true,
      timestamp: TS,
    });
    expect(checkSignature(SLACK_SCHEME, SECRET, headers(SLACK_SCHEME), '{}', NOW)).toMatchObject({
      ok: true,
    });
    // A v0 signature is not a v1 one, even over the same bytes.
    const v0 = signatureOf(SLACK_SCHEME, SECRET, TS, '{}').replace('v0=', 'v1=');
    expect(checkSignature(CONNECTOR_SCHEME, SECRET, headers(CONNECTOR_SCHEME, v0), '{}', NOW)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('tells missing, malformed, stale and mismatched apart', () => {
    expect(checkSignature(CONNECTOR_SCHEME, SECRET, {}, '{}', NOW)).toEqual({ ok: false, reason: 'missing' });
    expect(checkSignature(CONNECTOR_SCHEME, SECRET, headers(CONNECTOR_SCHEME, 'v1=xyz'), '{}', NOW)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    for (const off of [-301, 301]) {
      const ts = TS + off;
      const h = headers(CONNECTOR_SCHEME, signatureOf(CONNECTOR_SCHEME, SECRET, ts, '{}'), ts);
      expect(checkSignature(CONNECTOR_SCHEME, SECRET, h, '{}', NOW)).toEqual({ ok: false, reason: 'stale' });
    }
    expect(checkSignature(CONNECTOR_SCHEME, SECRET, headers(), '{ }', NOW)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(checkSignature(CONNECTOR_SCHEME, 'other', headers(), '{}', NOW)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });
});

describe('SignedReplayGuard', () => {
  it('admits a digest once while its timestamp is in the window, then forgets it', () => {
    const guard = new SignedReplayGuard();
    expect(guard.admit('d1', TS, NOW)).toBe('new');
    expect(guard.admit('d1', TS, NOW + 1000)).toBe('replay');
    expect(guard.admit('d1', TS, NOW + 301_000)).toBe('new');
  });

  it('is bounded: when full it refuses new digests rather than forget one that could be replayed', () => {
    const guard = new SignedReplayGuard(2);
    expect(guard.admit('a', TS, NOW)).toBe('new');
    expect(guard.admit('b', TS, NOW)).toBe('new');
    expect(guard.admit('c', TS, NOW)).toBe('full');
    expect(guard.admit('a', TS, NOW)).toBe('replay');
    guard.release('a');
    expect(guard.admit('c', TS, NOW)).toBe('new');
    expect(guard.size).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { quotedUnlessSecret, secretShapeIn } from '../../src/domain/secretValues.js';

describe('values that look like secrets', () => {
  it.each([
    ['xoxb-123-456-abc', 'a Slack bot token (xoxb-)'],
    ['xoxp-123-456-abc', 'a Slack user token (xoxp-)'],
    ['xapp-1-A0-1-abc', 'a Slack app-level token (xapp-)'],
    ['xoxe-1-abc', 'a Slack refresh or configuration token (xoxe)'],
    ['xoxe.xoxp-1-abc', 'a Slack refresh or configuration token (xoxe)'],
    ['xoxa-2-abc', 'a Slack token (xox…)'],
    ['xoxs-abc', 'a Slack token (xox…)'],
    ['https://hooks.slack.com/services/T0/B0/abc', 'a Slack webhook URL'],
    ['amzn.mws.4ea38b7b-f563-7709-4bae-87aeaEXAMPLE', 'an MWS Auth Token'],
    ['8f14e45fceea167a5a36dedd4bea2543', 'a Slack signing secret (32 hex digits)'],
    ['U0APPROVE1, 8F14E45FCEEA167A5A36DEDD4BEA2543', 'a Slack signing secret (32 hex digits)'],
  ])('%s: %s', (value, shape) => {
    expect(secretShapeIn(value)).toBe(shape);
    expect(quotedUnlessSecret(value)).toBe(`a value that looks like ${shape}, not shown`);
  });

  it.each([
    'C0123ABCD',
    'U0APPROVE1,W0APPROVE2',
    '0 9 * * 1-5',
    './data/reauth.json',
    'Europe/London',
    '3000',
    'https://slack.com/api/',
    '8f14e45fceea167a5a36dedd4bea25431',
  ])('%s: an ordinary value, shown quoted', (value) => {
    expect(secretShapeIn(value)).toBeUndefined();
    expect(quotedUnlessSecret(value)).toBe(`"${value}"`);
  });

  it('a known secret is found inside any value, by the name of its setting; short ones are not looked for', () => {
    const known = [
      { value: 'my-signing-secret', name: 'SLACK_SIGNING_SECRET' },
      { value: 'short', name: 'SLACK_APP_TOKEN' },
    ];
    expect(secretShapeIn('C0123,my-signing-secret', known)).toBe('the value of SLACK_SIGNING_SECRET');
    expect(secretShapeIn('shortcut', known)).toBeUndefined();
  });
});

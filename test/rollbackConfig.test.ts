import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('rollback configuration', () => {
  it('defaults to no approvers, a 24-hour TTL and the channel the command is typed in', () => {
    expect(loadConfig({}).rollbacks).toEqual({ ttlHours: 24 });
    expect(loadConfig({}).approvers).toEqual([]);
  });

  it('reads the channel, the approvers and the TTL', () => {
    const config = loadConfig({
      REAUTH_ROLLBACK_CHANNEL: 'C0ROLLBACKS',
      REAUTH_APPROVERS: ' U0AAA111, U0BBB222,,U0AAA111 ',
      REAUTH_ROLLBACK_TTL_HOURS: '48',
    });
    expect(config.rollbacks).toEqual({ channel: 'C0ROLLBACKS', ttlHours: 48 });
    expect(config.approvers).toEqual(['U0AAA111', 'U0BBB222']);
  });

  it('names every bad rollback setting at once', () => {
    const found = problems({
      REAUTH_ROLLBACK_CHANNEL: '#rollbacks',
      REAUTH_APPROVERS: 'U0AAA111,@maria',
      REAUTH_ROLLBACK_TTL_HOURS: '0',
    });
    expect(found).toHaveLength(3);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining('REAUTH_ROLLBACK_CHANNEL must be a Slack channel ID'),
        expect.stringContaining('REAUTH_APPROVERS must be Slack user IDs separated by commas'),
        expect.stringContaining(
          'REAUTH_ROLLBACK_TTL_HOURS must be a whole number of hours from 1 to 720 (got "0")',
        ),
      ]),
    );
    expect(found.find((p) => p.startsWith('REAUTH_APPROVERS'))).toContain('"@maria"');
    expect(problems({ REAUTH_ROLLBACK_TTL_HOURS: '1.5' })).toHaveLength(1);
    expect(problems({ REAUTH_ROLLBACK_TTL_HOURS: '721' })).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('digest and approver configuration', () => {
  it('defaults to weekdays at 09:00, no channel, no DMs, no approvers', () => {
    expect(loadConfig({})).toMatchObject({
      digest: { cron: '0 9 * * 1-5', dm: false },
      approvers: [],
    });
    expect(loadConfig({}).digest.channel).toBeUndefined();
  });

  it('reads the channel, the cron expression, DMs and approvers', () => {
    const config = loadConfig({
      REAUTH_DIGEST_CHANNEL: 'C0123456789',
      REAUTH_DIGEST_CRON: '30 8 * * MON',
      REAUTH_DIGEST_DM: 'true',
      REAUTH_APPROVERS: ' U0APPROVE1, W0APPROVE2 ,,U0APPROVE1',
      REAUTH_TIMEZONE: 'Europe/London',
    });
    expect(config.digest).toEqual({ channel: 'C0123456789', cron: '30 8 * * MON', dm: true });
    expect(config.approvers).toEqual(['U0APPROVE1', 'W0APPROVE2']);
  });

  it('names every bad digest or approver setting at once', () => {
    expect(
      problems({
        REAUTH_DIGEST_CHANNEL: '#reauth',
        REAUTH_DIGEST_CRON: '0 9 * * 1-8',
        REAUTH_DIGEST_DM: 'sometimes',
        REAUTH_APPROVERS: 'U0APPROVE1,alice,<@U2>',
      }),
    ).toEqual([
      'REAUTH_DIGEST_CHANNEL must be a channel ID such as C0123456789 (in Slack: the channel\'s details, at the bottom), not a name (got "#reauth").',
      'REAUTH_DIGEST_CRON must be a five-field cron expression such as "0 9 * * 1-5" (minute hour day month weekday); "0 9 * * 1-8" cannot be used: Invalid value for dayOfWeek: 8.',
      'REAUTH_DIGEST_DM must be true or false (got "sometimes").',
      'REAUTH_APPROVERS must be Slack user IDs separated by commas, such as U0123ABCD,U0456EFGH; not user IDs: "alice", "<@U2>".',
    ]);
  });

  it('refuses DMs without a digest channel, and a cron expression that never fires', () => {
    expect(problems({ REAUTH_DIGEST_DM: 'yes' })).toEqual([
      'REAUTH_DIGEST_DM=true needs REAUTH_DIGEST_CHANNEL too: the DMs go out with each scheduled digest.',
    ]);
    expect(problems({ REAUTH_DIGEST_CRON: '0 0 31 2 *' })[0]).toContain('it never matches a date');
  });

  it('lets command-line tools use the Web API with only the bot token', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toHaveLength(1);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }, { receivesEvents: false }).slack?.botToken).toBe(
      'xoxb-1',
    );
  });
});

describe('connector configuration', () => {
  it('is off without REAUTH_CONNECTOR_SECRET, and on with it (CONNECTOR_PORT 3001 unless set)', () => {
    expect(loadConfig({}).connector).toBeUndefined();
    const secret = 'a'.repeat(40);
    expect(loadConfig({ REAUTH_CONNECTOR_SECRET: secret }).connector).toEqual({ secret, port: 3001 });
    expect(loadConfig({ REAUTH_CONNECTOR_SECRET: secret, CONNECTOR_PORT: '0' }).connector?.port).toBe(0);
  });

  it('refuses a short secret without repeating it, and a bad port', () => {
    const found = problems({ REAUTH_CONNECTOR_SECRET: 'short-secret', CONNECTOR_PORT: 'http' });
    expect(found).toEqual([
      'CONNECTOR_PORT must be a number from 1 to 65535, or 0 for any free port (got "http").',
      'REAUTH_CONNECTOR_SECRET must be at least 32 characters (it has 12); make one with: openssl rand -hex 32',
    ]);
    expect(found.join('\n')).not.toContain('short-secret');
  });
});

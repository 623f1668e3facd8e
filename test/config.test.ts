import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { unknownVariables } from '../src/configVariables.js';

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
      'REAUTH_DIGEST_CRON must be a five-field cron expression (minute hour day month weekday, read in REAUTH_TIMEZONE) such as "0 9 * * 1-5", but "0 9 * * 1-8" has a weekday field "1-8" outside 0-7 (or SUN-SAT).',
      'REAUTH_DIGEST_DM must be true or false (got "sometimes").',
      'REAUTH_APPROVERS must be Slack user IDs separated by commas, such as U0123ABCD,U0456EFGH; not user IDs: "alice", "<@U2>".',
    ]);
  });

  it('reads REAUTH_AGENTS as user IDs and user group IDs; unset or empty, anyone', () => {
    const config = loadConfig({ REAUTH_AGENTS: ' U0AGENT1, S0SUPPORT ,W0AGENT2,U0AGENT1' });
    expect(config.agents).toEqual({ users: ['U0AGENT1', 'W0AGENT2'], groups: ['S0SUPPORT'] });
    expect(loadConfig({}).agents).toBeUndefined();
    expect(loadConfig({ REAUTH_AGENTS: ' , ' }).agents).toBeUndefined();
    expect(problems({ REAUTH_AGENTS: 'U0AGENT1,@support,#help' })).toEqual([
      'REAUTH_AGENTS must be Slack user IDs (U...) and user group IDs (S...) separated by commas, such as U0123ABCD,S0456EFGH; neither: "@support", "#help".',
    ]);
  });

  it('refuses DMs without a digest channel, and a cron expression that never fires', () => {
    expect(problems({ REAUTH_DIGEST_DM: 'yes' })).toEqual([
      'REAUTH_DIGEST_DM=true needs REAUTH_DIGEST_CHANNEL too: the DMs go out with each scheduled digest.',
    ]);
    expect(problems({ REAUTH_DIGEST_CRON: '0 0 31 2 *' })[0]).toContain(
      'but "0 0 31 2 *" never matches a date.',
    );
  });

  it('says in one sentence of its own that a cron expression needs five fields', () => {
    expect(problems({ REAUTH_DIGEST_CRON: 'soon' })).toEqual([
      'REAUTH_DIGEST_CRON must be a five-field cron expression (minute hour day month weekday, read in REAUTH_TIMEZONE) such as "0 9 * * 1-5", but "soon" has 1 field.',
    ]);
    expect(problems({ REAUTH_DIGEST_CRON: '0 0 9 * * 1-5' })[0]).toMatch(
      /, but "0 0 9 \* \* 1-5" has 6 fields\.$/,
    );
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

describe('logging and metrics configuration', () => {
  it('logs from info up and serves metrics on port 3000 unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ logLevel: 'info', metricsPort: 3000 });
    expect(loadConfig({ LOG_LEVEL: ' WARN ', METRICS_PORT: '9090' })).toMatchObject({
      logLevel: 'warn',
      metricsPort: 9090,
    });
  });

  it('names a level it does not know and a port that is not one', () => {
    expect(problems({ LOG_LEVEL: 'verbose', METRICS_PORT: 'metrics' })).toEqual([
      'METRICS_PORT must be a number from 1 to 65535, or 0 for any free port (got "metrics").',
      'LOG_LEVEL must be one of debug, info, warn, error (got "verbose").',
    ]);
  });
});

describe('how long the bot keeps trying to reach Slack at start', () => {
  it('is 60 s unless REAUTH_SLACK_CONNECT_TIMEOUT_S says otherwise (0: one try)', () => {
    expect(loadConfig({}).slackConnectTimeoutS).toBe(60);
    expect(loadConfig({ REAUTH_SLACK_CONNECT_TIMEOUT_S: '0' }).slackConnectTimeoutS).toBe(0);
    expect(loadConfig({ REAUTH_SLACK_CONNECT_TIMEOUT_S: '300' }).slackConnectTimeoutS).toBe(300);
  });

  it('refuses anything but whole seconds up to an hour', () => {
    for (const bad of ['-1', '1.5', 'a minute', '3601'])
      expect(problems({ REAUTH_SLACK_CONNECT_TIMEOUT_S: bad })).toEqual([
        `REAUTH_SLACK_CONNECT_TIMEOUT_S must be a whole number of seconds from 0 to 3600 (got "${bad}").`,
      ]);
  });
});

describe('variables set but not read', () => {
  it('are named when they look like ours: SLACK_* and REAUTH_* names nothing reads', () => {
    expect(
      unknownVariables({
        SLACK_BOT_TOKN: 'xoxb-1',
        REAUTH_DEADLIN: '2027-01-01',
        SLACK_BOT_TOKEN: 'xoxb-2',
        REAUTH_MAX_HEAP_MB: '1024',
        SLACK_CLI_XOXB: 'xoxb-3',
        SLACK_EMPTY: ' ',
        HOME: '/root',
      }),
    ).toEqual(['REAUTH_DEADLIN', 'SLACK_BOT_TOKN']);
  });
});

describe('renewal configuration', () => {
  it('warns 30 days ahead by default, with no application role change', () => {
    expect(loadConfig({}).renewalWarnDays).toBe(30);
    expect(loadConfig({}).appRolesChangedAt).toBeUndefined();
  });

  it('reads the warning days and the day a role was added', () => {
    const config = loadConfig({ REAUTH_RENEWAL_WARN_DAYS: '45', REAUTH_APP_ROLES_CHANGED_AT: '2027-01-15' });
    expect(config).toMatchObject({ renewalWarnDays: 45, appRolesChangedAt: '2027-01-15' });
  });

  it('refuses a warning that is not a whole number of days, and a role date that is not a date', () => {
    expect(problems({ REAUTH_RENEWAL_WARN_DAYS: 'soon' })).toEqual([
      'REAUTH_RENEWAL_WARN_DAYS must be a whole number of days from 0 to 365 (got "soon").',
    ]);
    expect(problems({ REAUTH_RENEWAL_WARN_DAYS: '366' })).toHaveLength(1);
    expect(problems({ REAUTH_APP_ROLES_CHANGED_AT: '2027-02-30' })).toEqual([
      'REAUTH_APP_ROLES_CHANGED_AT must be a date as YYYY-MM-DD, such as 2027-01-15 (got "2027-02-30").',
    ]);
  });
});

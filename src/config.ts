import { isIsoDate, isTimeZone } from './domain/deadline.js';

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  /** Socket Mode when set; HTTP otherwise. */
  appToken?: string;
}

export interface Config {
  /** Absent when no Slack credentials are configured at all. */
  slack?: SlackConfig;
  port: number;
  /** Web API base URL, ending in `/`. */
  slackApiUrl: string;
  storeFile: string;
  deadline?: string;
  timeZone: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/**
 * Reads and checks the whole configuration at once, so a person fixing it sees every problem in
 * one message rather than one per restart.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };

  const botToken = get('SLACK_BOT_TOKEN');
  const signingSecret = get('SLACK_SIGNING_SECRET');
  const appToken = get('SLACK_APP_TOKEN');
  let slack: SlackConfig | undefined;
  if (botToken || signingSecret || appToken) {
    if (!botToken) problems.push('SLACK_BOT_TOKEN is missing (the Bot User OAuth Token, xoxb-...).');
    else if (!botToken.startsWith('xoxb-'))
      problems.push('SLACK_BOT_TOKEN must be a bot token starting with xoxb-.');
    if (!signingSecret && !appToken)
      problems.push(
        'SLACK_SIGNING_SECRET is missing (Basic Information > App Credentials > Signing Secret).',
      );
    if (appToken && !appToken.startsWith('xapp-'))
      problems.push(
        'SLACK_APP_TOKEN must be an app-level token starting with xapp- (or leave it unset for HTTP mode).',
      );
    slack = {
      botToken: botToken ?? '',
      signingSecret: signingSecret ?? '',
      ...(appToken ? { appToken } : {}),
    };
  }

  const portText = get('PORT') ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    problems.push(`PORT must be a number from 1 to 65535, or 0 for any free port (got "${portText}").`);

  let slackApiUrl = get('SLACK_API_URL') ?? DEFAULT_SLACK_API_URL;
  try {
    const u = new URL(slackApiUrl);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('not http(s)');
    if (!slackApiUrl.endsWith('/')) slackApiUrl += '/';
  } catch {
    problems.push(
      `SLACK_API_URL must be an http(s) URL such as ${DEFAULT_SLACK_API_URL} (got "${slackApiUrl}").`,
    );
  }

  const deadline = get('REAUTH_DEADLINE');
  if (deadline && !isIsoDate(deadline))
    problems.push(`REAUTH_DEADLINE must be a date as YYYY-MM-DD, such as 2027-03-31 (got "${deadline}").`);

  const timeZone = get('REAUTH_TIMEZONE') ?? 'UTC';
  if (!isTimeZone(timeZone))
    problems.push(`REAUTH_TIMEZONE must be an IANA time zone such as Europe/London (got "${timeZone}").`);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...(slack ? { slack } : {}),
    port,
    slackApiUrl,
    storeFile: get('REAUTH_DB') ?? './data/reauth.json',
    ...(deadline ? { deadline } : {}),
    timeZone,
  };
}

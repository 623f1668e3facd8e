import { isSlackUserId } from './domain/accounts.js';
import { isIsoDate, isTimeZone } from './domain/deadline.js';
import { cronProblem, DEFAULT_DIGEST_CRON } from './domain/digestSchedule.js';
import { DEFAULT_ROLLBACK_TTL_HOURS } from './domain/rollback.js';

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
  /** REAUTH_DATABASE_URL: when set, the store is this PostgreSQL database instead of the file. */
  databaseUrl?: string;
  deadline?: string;
  timeZone: string;
  digest: DigestConfig;
  /** Slack user IDs who may approve rollbacks and post the digest on demand (REAUTH_APPROVERS). */
  approvers: string[];
  /** Absent in hand-built configs (tests): no approvers, default TTL, requests posted where typed. */
  rollbacks?: RollbackSettings;
}

export interface DigestConfig {
  /** Channel ID the digest goes to; without it there is no scheduler. */
  channel?: string;
  /** Five-field cron expression, read in the configured time zone. */
  cron: string;
  /** Each account manager also gets their own accounts by DM. */
  dm: boolean;
}

export interface RollbackSettings {
  /** Channel ID where rollback requests are posted; the channel the command was typed in when unset. */
  channel?: string;
  /** An undecided request expires after this many hours. */
  ttlHours: number;
  /** How often the app looks for requests to expire; tests make it short. */
  sweepIntervalMs?: number;
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
export function loadConfig(
  env: NodeJS.ProcessEnv,
  options: {
    /** False for command-line tools that only call the Web API: no signing secret or app token needed. */
    receivesEvents?: boolean;
  } = {},
): Config {
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
    if (!signingSecret && !appToken && options.receivesEvents !== false)
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

  const digest = digestConfig(get, timeZone, problems);
  const approvers = userList(get('REAUTH_APPROVERS'), 'REAUTH_APPROVERS', problems);
  const rollbacks = loadRollbackSettings(get, problems);

  const databaseUrl = get('REAUTH_DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\/./.test(databaseUrl))
    problems.push(
      'REAUTH_DATABASE_URL must be a PostgreSQL URL such as postgres://reauth@db.example.com:5432/reauth (or unset for the store file).',
    );

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...(slack ? { slack } : {}),
    port,
    slackApiUrl,
    storeFile: get('REAUTH_DB') ?? './data/reauth.json',
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(deadline ? { deadline } : {}),
    timeZone,
    digest,
    approvers,
    rollbacks,
  };
}

function digestConfig(
  get: (name: string) => string | undefined,
  timeZone: string,
  problems: string[],
): DigestConfig {
  const channel = get('REAUTH_DIGEST_CHANNEL');
  if (channel && !/^[CG][A-Z0-9]{2,}$/.test(channel))
    problems.push(
      `REAUTH_DIGEST_CHANNEL must be a channel ID such as C0123456789 (in Slack: the channel's details, at the bottom), not a name (got "${channel}").`,
    );
  const cron = get('REAUTH_DIGEST_CRON') ?? DEFAULT_DIGEST_CRON;
  // The zone is checked on its own above; a bad one would only repeat that problem here.
  const cronIssue = cronProblem(cron, isTimeZone(timeZone) ? timeZone : 'UTC');
  if (cronIssue)
    problems.push(
      `REAUTH_DIGEST_CRON must be a five-field cron expression such as "${DEFAULT_DIGEST_CRON}" (minute hour day month weekday); "${cron}" cannot be used: ${cronIssue}.`,
    );
  const dmText = get('REAUTH_DIGEST_DM') ?? 'false';
  const dm = /^(true|yes|1|on)$/i.test(dmText);
  if (!dm && !/^(false|no|0|off)$/i.test(dmText))
    problems.push(`REAUTH_DIGEST_DM must be true or false (got "${dmText}").`);
  if (dm && !channel)
    problems.push(
      'REAUTH_DIGEST_DM=true needs REAUTH_DIGEST_CHANNEL too: the DMs go out with each scheduled digest.',
    );
  return { ...(channel ? { channel } : {}), cron, dm };
}

/** A comma-separated list of Slack user IDs; every entry that is not one is named. */
function userList(text: string | undefined, name: string, problems: string[]): string[] {
  const ids = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = ids.filter((id) => !isSlackUserId(id));
  if (bad.length > 0)
    problems.push(
      `${name} must be Slack user IDs separated by commas, such as U0123ABCD,U0456EFGH; not user IDs: ${bad.map((b) => `"${b}"`).join(', ')}.`,
    );
  return [...new Set(ids)];
}

const SLACK_CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;
const MAX_ROLLBACK_TTL_HOURS = 24 * 30;

function loadRollbackSettings(
  get: (name: string) => string | undefined,
  problems: string[],
): RollbackSettings {
  const channel = get('REAUTH_ROLLBACK_CHANNEL');
  if (channel && !SLACK_CHANNEL_ID.test(channel))
    problems.push(
      `REAUTH_ROLLBACK_CHANNEL must be a Slack channel ID such as C0123ABCD (channel details > About, at the bottom), not a name (got "${channel}").`,
    );

  const ttlText = get('REAUTH_ROLLBACK_TTL_HOURS') ?? String(DEFAULT_ROLLBACK_TTL_HOURS);
  const ttlHours = Number(ttlText);
  if (!/^\d+$/.test(ttlText) || ttlHours < 1 || ttlHours > MAX_ROLLBACK_TTL_HOURS)
    problems.push(
      `REAUTH_ROLLBACK_TTL_HOURS must be a whole number of hours from 1 to ${MAX_ROLLBACK_TTL_HOURS} (got "${ttlText}").`,
    );

  return { ...(channel ? { channel } : {}), ttlHours };
}

import { DEFAULT_STORE_FILE } from '../store/openStore.js';
import { isSlackUserId } from './domain/accounts.js';
import { type AgentList, agentsSetting } from './domain/agents.js';
import { isIsoDate, isTimeZone } from './domain/deadline.js';
import { cronProblem, DEFAULT_DIGEST_CRON } from './domain/digestSchedule.js';
import { DEFAULT_RENEWAL_WARN_DAYS } from './domain/renewal.js';
import { DEFAULT_ROLLBACK_TTL_HOURS } from './domain/rollback.js';
import { type KnownSecret, secretShapeIn } from './domain/secretValues.js';
import { plural } from './domain/text.js';

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
  /** Socket Mode serves /healthz, /readyz and /metrics here (HTTP mode serves them on `port`); 3000 when unset. */
  metricsPort?: number;
  /** The lowest level logged (LOG_LEVEL); info when unset. */
  logLevel?: LogLevelName;
  /** Web API base URL, ending in `/`. */
  slackApiUrl: string;
  /** How long the bot keeps trying to reach Slack at start (REAUTH_SLACK_CONNECT_TIMEOUT_S). */
  slackConnectTimeoutS?: number;
  storeFile: string;
  /** REAUTH_DATABASE_URL: when set, the store is this PostgreSQL database instead of the file. */
  databaseUrl?: string;
  deadline?: string;
  timeZone: string;
  /** A renewal this many days away or fewer is due (REAUTH_RENEWAL_WARN_DAYS); 30 when unset. */
  renewalWarnDays?: number;
  /** The day the SP-API application added a role (REAUTH_APP_ROLES_CHANGED_AT): earlier authorizations are due now. */
  appRolesChangedAt?: string;
  digest: DigestConfig;
  /** Slack user IDs who may approve rollbacks and post the digest on demand (REAUTH_APPROVERS). */
  approvers: string[];
  /** Who may record reauthorizations, ask for rollbacks and tick checklist items (REAUTH_AGENTS); unset: anyone. */
  agents?: AgentList;
  /** Absent in hand-built configs (tests): no approvers, default TTL, requests posted where typed. */
  rollbacks?: RollbackSettings;
  /** The connector API; absent (disabled) unless REAUTH_CONNECTOR_SECRET is set. */
  connector?: ConnectorSettings;
}

export interface ConnectorSettings {
  /** Shared secret the connector signs requests with. Never logged or shown. */
  secret: string;
  /** Port of the connector's own server in Socket Mode (CONNECTOR_PORT); in HTTP mode it shares PORT. */
  port: number;
}

export const DEFAULT_CONNECTOR_PORT = 3001;
const MIN_CONNECTOR_SECRET_LENGTH = 32;

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

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export function isLogLevel(text: string): text is LogLevelName {
  return (LOG_LEVELS as readonly string[]).includes(text);
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The configuration has ${plural(problems.length, 'problem')}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
export const DEFAULT_PORT = 3000;
export const DEFAULT_SLACK_CONNECT_TIMEOUT_S = 60;
const MAX_SLACK_CONNECT_TIMEOUT_S = 3600;

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
  const raw = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const botToken = raw('SLACK_BOT_TOKEN');
  const signingSecret = raw('SLACK_SIGNING_SECRET');
  const appToken = raw('SLACK_APP_TOKEN');
  const known: KnownSecret[] = [
    { value: botToken ?? '', name: 'SLACK_BOT_TOKEN' },
    { value: signingSecret ?? '', name: 'SLACK_SIGNING_SECRET' },
    { value: appToken ?? '', name: 'SLACK_APP_TOKEN' },
  ];
  // Every other setting: one holding a secret is a problem named without its value, and is then
  // treated as unset, so no later message (or `reauth doctor`) can repeat it.
  const get = (name: string) => {
    const v = raw(name);
    const shape = v === undefined ? undefined : secretShapeIn(v, known);
    if (!shape) return v;
    problems.push(
      `${name} holds what looks like ${shape} (not shown here). Secrets belong only in SLACK_BOT_TOKEN, ` +
        `SLACK_APP_TOKEN and SLACK_SIGNING_SECRET; put ${name}'s own value there instead.`,
    );
    return undefined;
  };
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

  const port = portNumber('PORT', get('PORT') ?? String(DEFAULT_PORT), problems);
  const metricsPort = portNumber('METRICS_PORT', get('METRICS_PORT') ?? String(DEFAULT_PORT), problems);

  const logLevel = (get('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!isLogLevel(logLevel))
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${get('LOG_LEVEL')}").`);

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

  const connectText = get('REAUTH_SLACK_CONNECT_TIMEOUT_S') ?? String(DEFAULT_SLACK_CONNECT_TIMEOUT_S);
  const slackConnectTimeoutS = Number(connectText);
  if (!/^\d+$/.test(connectText) || slackConnectTimeoutS > MAX_SLACK_CONNECT_TIMEOUT_S)
    problems.push(
      `REAUTH_SLACK_CONNECT_TIMEOUT_S must be a whole number of seconds from 0 to ${MAX_SLACK_CONNECT_TIMEOUT_S} (got "${connectText}").`,
    );

  const deadline = get('REAUTH_DEADLINE');
  if (deadline && !isIsoDate(deadline))
    problems.push(`REAUTH_DEADLINE must be a date as YYYY-MM-DD, such as 2027-03-31 (got "${deadline}").`);

  const timeZone = get('REAUTH_TIMEZONE') ?? 'UTC';
  if (!isTimeZone(timeZone))
    problems.push(`REAUTH_TIMEZONE must be an IANA time zone such as Europe/London (got "${timeZone}").`);

  const warnText = get('REAUTH_RENEWAL_WARN_DAYS') ?? String(DEFAULT_RENEWAL_WARN_DAYS);
  const renewalWarnDays = Number(warnText);
  if (!/^\d+$/.test(warnText) || renewalWarnDays > 365)
    problems.push(
      `REAUTH_RENEWAL_WARN_DAYS must be a whole number of days from 0 to 365 (got "${warnText}").`,
    );
  const appRolesChangedAt = get('REAUTH_APP_ROLES_CHANGED_AT');
  if (appRolesChangedAt && !isIsoDate(appRolesChangedAt))
    problems.push(
      `REAUTH_APP_ROLES_CHANGED_AT must be a date as YYYY-MM-DD, such as 2027-01-15 (got "${appRolesChangedAt}").`,
    );

  const digest = digestConfig(get, timeZone, problems);
  const approvers = userList(get('REAUTH_APPROVERS'), 'REAUTH_APPROVERS', problems);
  const agents = agentsSetting(get('REAUTH_AGENTS'), problems);
  const rollbacks = loadRollbackSettings(get, problems);
  const storeFile = get('REAUTH_DB') ?? DEFAULT_STORE_FILE;
  const connector = loadConnectorSettings(get, problems);

  const databaseUrl = get('REAUTH_DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\/./.test(databaseUrl))
    problems.push(
      'REAUTH_DATABASE_URL must be a PostgreSQL URL such as postgres://reauth@db.example.com:5432/reauth (or unset for the store file).',
    );

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...(slack ? { slack } : {}),
    port,
    metricsPort,
    logLevel: logLevel as LogLevelName,
    slackApiUrl,
    slackConnectTimeoutS,
    storeFile,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(deadline ? { deadline } : {}),
    timeZone,
    renewalWarnDays,
    ...(appRolesChangedAt ? { appRolesChangedAt } : {}),
    digest,
    approvers,
    ...(agents ? { agents } : {}),
    rollbacks,
    ...(connector ? { connector } : {}),
  };
}

function loadConnectorSettings(
  get: (name: string) => string | undefined,
  problems: string[],
): ConnectorSettings | undefined {
  const secret = get('REAUTH_CONNECTOR_SECRET');
  const port = portNumber(
    'CONNECTOR_PORT',
    get('CONNECTOR_PORT') ?? String(DEFAULT_CONNECTOR_PORT),
    problems,
  );
  if (!secret) return undefined;
  // The secret's value is never repeated, not even in part.
  if (secret.length < MIN_CONNECTOR_SECRET_LENGTH)
    problems.push(
      `REAUTH_CONNECTOR_SECRET must be at least ${MIN_CONNECTOR_SECRET_LENGTH} characters (it has ${secret.length}); make one with: openssl rand -hex 32`,
    );
  return { secret, port };
}

function portNumber(name: string, text: string, problems: string[]): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    problems.push(`${name} must be a number from 1 to 65535, or 0 for any free port (got "${text}").`);
  return port;
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
      `REAUTH_DIGEST_CRON must be a five-field cron expression (minute hour day month weekday, read in REAUTH_TIMEZONE) such as "${DEFAULT_DIGEST_CRON}", but "${cron}" ${cronIssue}.`,
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

/** The variables the configuration reads, for `.env.example`, and those set but never read. */
import { DEFAULT_STORE_FILE } from '../store/openStore.js';
import {
  DEFAULT_CONNECTOR_PORT,
  DEFAULT_PORT,
  DEFAULT_SLACK_API_URL,
  DEFAULT_SLACK_CONNECT_TIMEOUT_S,
} from './config.js';
import { DEFAULT_DIGEST_CRON } from './domain/digestSchedule.js';
import { DEFAULT_RENEWAL_WARN_DAYS } from './domain/renewal.js';
import { DEFAULT_ROLLBACK_TTL_HOURS } from './domain/rollback.js';

/** One variable the configuration reads: `.env.example` lists each with this default and meaning. */
export interface ConfigVariable {
  name: string;
  /** What applies when it is unset, as written in `.env.example`; empty when unset means "none". */
  default: string;
  /** One line for `.env.example` and the operating guide. */
  meaning: string;
}

/** Every variable `loadConfig` reads (a test holds it to the code, and `.env.example` to it). */
export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  {
    name: 'SLACK_BOT_TOKEN',
    default: '',
    meaning:
      'Bot User OAuth Token (xoxb-...); with no Slack credentials at all, npm start opens the local shell.',
  },
  {
    name: 'SLACK_SIGNING_SECRET',
    default: '',
    meaning:
      'Verifies that requests come from Slack; required in HTTP mode (Basic Information > App Credentials).',
  },
  {
    name: 'SLACK_APP_TOKEN',
    default: '',
    meaning:
      'App-level token (xapp-..., scope connections:write); when set the bot uses Socket Mode, not HTTP.',
  },
  {
    name: 'PORT',
    default: String(DEFAULT_PORT),
    meaning:
      'HTTP mode port for /slack/events, /healthz, /readyz and /metrics (0 picks a free one and logs it).',
  },
  {
    name: 'METRICS_PORT',
    default: String(DEFAULT_PORT),
    meaning: 'Socket Mode only: the port for /healthz, /readyz and /metrics (HTTP mode serves them on PORT).',
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    meaning: 'The lowest level logged: debug, info, warn or error.',
  },
  {
    name: 'SLACK_API_URL',
    default: DEFAULT_SLACK_API_URL,
    meaning: 'Web API base URL (GovSlack: https://slack-gov.com/api/).',
  },
  {
    name: 'REAUTH_SLACK_CONNECT_TIMEOUT_S',
    default: String(DEFAULT_SLACK_CONNECT_TIMEOUT_S),
    meaning: 'At start, how many seconds to keep retrying while Slack cannot be reached (0: try once).',
  },
  {
    name: 'REAUTH_DB',
    default: DEFAULT_STORE_FILE,
    meaning: 'The store file (created with its directory on first write).',
  },
  {
    name: 'REAUTH_DATABASE_URL',
    default: '',
    meaning:
      'A PostgreSQL URL (postgres://user:password@host:5432/db): the store is this database instead of the file.',
  },
  {
    name: 'REAUTH_DEADLINE',
    default: '',
    meaning: 'The reauthorization deadline, YYYY-MM-DD; unset, answers say no deadline is set.',
  },
  {
    name: 'REAUTH_TIMEZONE',
    default: 'UTC',
    meaning: 'IANA time zone for the deadline countdown, the digest schedule and every time shown.',
  },
  {
    name: 'REAUTH_RENEWAL_WARN_DAYS',
    default: String(DEFAULT_RENEWAL_WARN_DAYS),
    meaning: 'An SP-API authorization is shown as due for renewal this many days before its 365 days end.',
  },
  {
    name: 'REAUTH_APP_ROLES_CHANGED_AT',
    default: '',
    meaning:
      'YYYY-MM-DD the SP-API app added a role: every authorization before that day is due for renewal now.',
  },
  {
    name: 'REAUTH_APPROVERS',
    default: '',
    meaning: 'Slack user IDs, comma-separated, who may decide rollbacks and post the digest on demand.',
  },
  {
    name: 'REAUTH_AGENTS',
    default: '',
    meaning:
      'User and user group (S...) IDs who may record done, ask for rollbacks, tick checklists; unset: anyone.',
  },
  {
    name: 'REAUTH_ROLLBACK_CHANNEL',
    default: '',
    meaning:
      'Channel ID where rollback requests are posted (invite the bot); unset, where the command was typed.',
  },
  {
    name: 'REAUTH_ROLLBACK_TTL_HOURS',
    default: String(DEFAULT_ROLLBACK_TTL_HOURS),
    meaning: 'An undecided rollback request expires after this many hours.',
  },
  {
    name: 'REAUTH_DIGEST_CHANNEL',
    default: '',
    meaning: 'Channel ID for the scheduled digest; unset, no digest is scheduled.',
  },
  {
    name: 'REAUTH_DIGEST_CRON',
    default: DEFAULT_DIGEST_CRON,
    meaning: 'When the digest is posted: a five-field cron expression, in REAUTH_TIMEZONE.',
  },
  {
    name: 'REAUTH_DIGEST_DM',
    default: 'false',
    meaning: 'true: account managers also get their own accounts by DM with each scheduled digest.',
  },
  {
    name: 'REAUTH_CONNECTOR_SECRET',
    default: '',
    meaning:
      'Shared secret (32+ characters) the connector signs POST /connector/v1/events with; unset, that API is off.',
  },
  {
    name: 'CONNECTOR_PORT',
    default: String(DEFAULT_CONNECTOR_PORT),
    meaning: 'Socket Mode only: the port the connector API listens on (in HTTP mode it shares PORT).',
  },
];

/**
 * Set variables that look like this app's (SLACK_*, REAUTH_*) but are not read: most often a
 * mistyped name, which would otherwise pass for an unset one.
 */
export function unknownVariables(env: NodeJS.ProcessEnv): string[] {
  const known = new Set([...CONFIG_VARIABLES.map((v) => v.name), ...ELSEWHERE_READ]);
  return (
    Object.keys(env)
      // SLACK_CLI_*: what the Slack CLI's `slack run` passes to the app.
      .filter((name) => /^(SLACK|REAUTH)_/.test(name) && !name.startsWith('SLACK_CLI_'))
      .filter((name) => env[name]?.trim() && !known.has(name))
      .sort()
  );
}

/** Read outside `loadConfig`: by `npm start` itself (the heap limit), not from `.env`; or by the tests. */
const ELSEWHERE_READ = ['REAUTH_MAX_HEAP_MB', 'REAUTH_TEST_DATABASE_URL'];

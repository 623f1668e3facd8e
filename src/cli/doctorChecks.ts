import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import {
  type Logger,
  LogLevel,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
} from '@slack/web-api';
import { inspectLock, type LockInfo, type LockStatus } from '../../store/fileLock.js';
import { DEFAULT_STORE_FILE, openFileStore } from '../../store/openStore.js';
import { SCHEMA_VERSION } from '../../store/store.js';
import { StoreFileError } from '../../store/storeFileError.js';
import { type Config, ConfigError, DEFAULT_SLACK_API_URL, loadConfig } from '../config.js';
import { secretShapeIn } from '../domain/secretValues.js';
import { plural } from '../domain/text.js';
import { checkDatabase } from './doctorDatabase.js';

/**
 * The checks behind `reauth doctor`. Each says in plain words what it found and, when something
 * needs doing, what to do. They only look: no lock is taken, no file created, nothing written, and
 * no token is ever part of what they say.
 */

/** `ok`: in order. `note`: works, but worth knowing. `problem`: something to fix (exit 1). */
export type CheckLevel = 'ok' | 'note' | 'problem';

export interface CheckResult {
  check: string;
  level: CheckLevel;
  verdict: string;
  todo?: string;
}

export interface DoctorOptions {
  /** How long to wait for Slack's answer. */
  slackTimeoutMs?: number;
}

export async function runDoctorChecks(
  env: NodeJS.ProcessEnv,
  options: DoctorOptions = {},
): Promise<CheckResult[]> {
  const { config, result } = checkConfig(env);
  // With a broken configuration the store and lock can still be checked where it points.
  const databaseUrl = config ? config.databaseUrl : env.REAUTH_DATABASE_URL?.trim();
  if (databaseUrl)
    return [
      result,
      await checkDatabase(databaseUrl),
      await checkSlack(config, options.slackTimeoutMs ?? 10_000),
    ];
  const storeFile = config?.storeFile ?? (env.REAUTH_DB?.trim() || DEFAULT_STORE_FILE);
  // A secret put in REAUTH_DB is a path no check may print (the configuration check names it).
  const storeChecks = secretShapeIn(storeFile)
    ? ['Store file', 'Lock'].map((check) => notCheckedForSecret(check))
    : [await checkStore(storeFile), await checkLock(storeFile)];
  return [result, ...storeChecks, await checkSlack(config, options.slackTimeoutMs ?? 10_000)];
}

function notCheckedForSecret(check: string): CheckResult {
  return {
    check,
    level: 'problem',
    verdict: 'not checked: REAUTH_DB holds what looks like a secret, so it is no path to look at.',
    todo: 'Set REAUTH_DB to the store file (default ./data/reauth.json).',
  };
}

function checkConfig(env: NodeJS.ProcessEnv): { config?: Config; result: CheckResult } {
  const check = 'Configuration';
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return {
      result: {
        check,
        level: 'problem',
        verdict: `${plural(error.problems.length, 'setting is', 'settings are')} wrong; the bot will not start:\n${error.problems.map((p) => `- ${p}`).join('\n')}`,
        todo: 'Fix them in the environment or in .env (read from the directory the command runs in).',
      },
    };
  }
  const facts = [
    config.deadline
      ? `deadline ${config.deadline} in ${config.timeZone}`
      : `no deadline set (REAUTH_DEADLINE), time zone ${config.timeZone}`,
    config.digest.channel
      ? `digests to ${config.digest.channel} on "${config.digest.cron}"${config.digest.dm ? ' with DMs to account managers' : ''}`
      : 'no scheduled digests (REAUTH_DIGEST_CHANNEL not set)',
    config.approvers.length > 0
      ? `${plural(config.approvers.length, 'approver')}`
      : 'no approvers (REAUTH_APPROVERS), so nobody can approve a rollback',
    config.slack
      ? config.slack.appToken
        ? 'Slack in Socket Mode'
        : `Slack over HTTP on port ${config.port}`
      : 'no Slack credentials',
    // Said only when on: most setups have no connector, and its absence needs no doing.
    ...(config.connector
      ? [
          config.slack?.appToken
            ? `connector API on port ${config.connector.port} (CONNECTOR_PORT)`
            : `connector API on port ${config.port} beside Slack`,
        ]
      : []),
  ];
  return { config, result: { check, level: 'ok', verdict: `valid: ${facts.join('; ')}.` } };
}

/** The path as configured, and where that is when it is relative (it counts from the current directory). */
function shownPath(file: string): string {
  return isAbsolute(file) ? file : `${file} (${resolve(file)})`;
}

async function checkStore(file: string): Promise<CheckResult> {
  const check = 'Store file';
  const where = shownPath(file);
  const problem = (verdict: string, todo: string): CheckResult => ({
    check,
    level: 'problem',
    verdict,
    todo,
  });
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      return problem(
        `there is no store at ${where}: no accounts are loaded.`,
        'Load the customers with reauth import <file.csv>. If the store is elsewhere, set REAUTH_DB to its path ' +
          '(a relative path counts from the directory the bot is started in).',
      );
    if (code === 'EISDIR')
      return problem(`${where} is a directory, not a store file.`, 'Set REAUTH_DB to the JSON file itself.');
    return problem(
      `${where} cannot be read: ${(error as Error).message}.`,
      'Let the user that runs the bot read and write the file and its directory.',
    );
  }
  const damaged =
    'the file is damaged, so the bot refuses to start and imports refuse too; it was left untouched.';
  const restore =
    'Restore it from a backup. Without one, move it aside and load the accounts again with reauth import ' +
    '<file.csv>: the audit trail, rollbacks and digest records live only in the damaged file.';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const why = text.trim() === '' ? 'is empty' : `is not valid JSON (${(error as Error).message})`;
    return problem(`${where} ${why}: ${damaged}`, restore);
  }
  const version = (parsed as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > SCHEMA_VERSION)
    return problem(
      `${where} was written by a newer reauth-bot (schemaVersion ${version}; this one reads up to ${SCHEMA_VERSION}). ` +
        'This version refuses it rather than lose what it does not know.',
      'Run the newer reauth-bot that wrote it (upgrade this installation). Do not edit the file by hand.',
    );
  try {
    const store = await openFileStore(file, { readOnly: true });
    try {
      const accounts = await store.listAccounts();
      const channels = await store.allChannels();
      const audit = await store.auditTrail();
      const onMws = channels.filter((c) => c.authorization === 'MWS').length;
      const counts =
        `schemaVersion ${SCHEMA_VERSION}, ${plural(accounts.length, 'account')}, ${plural(channels.length, 'channel')} ` +
        `(${onMws} still on MWS), ${plural(audit.length, 'audit entry', 'audit entries')}`;
      if (accounts.length === 0)
        return {
          check,
          level: 'note',
          verdict: `${where} is readable (${counts}) but holds no accounts yet.`,
          todo: 'Load the customers with reauth import <file.csv>.',
        };
      return { check, level: 'ok', verdict: `${where} is readable: ${counts}.` };
    } finally {
      await store.close();
    }
  } catch (error) {
    if (!(error instanceof StoreFileError)) throw error;
    return problem(
      `${where} is not a store this reauth-bot can use: ${error.reason}.`,
      `Check that REAUTH_DB names the bot's store; if it does, ${restore.charAt(0).toLowerCase()}${restore.slice(1)}`,
    );
  }
}

async function checkLock(storeFile: string): Promise<CheckResult> {
  const check = 'Lock';
  const lockFile = `${storeFile}.lock`;
  let status: LockStatus;
  try {
    status = await inspectLock(storeFile);
  } catch (error) {
    return {
      check,
      level: 'problem',
      verdict: `the lock file ${lockFile} cannot be read: ${(error as Error).message}.`,
      todo: 'Let the user that runs the bot read and write the store directory.',
    };
  }
  const who = (holder: LockInfo) =>
    `${holder.purpose}, process ${holder.pid} on ${holder.host} since ${holder.since}`;
  switch (status.state) {
    case 'free':
      return { check, level: 'ok', verdict: 'free: no process is changing the store.' };
    case 'held': {
      const { holder } = status;
      return {
        check,
        level: 'note',
        verdict:
          `held by ${holder ? who(holder) : 'a running process whose lock file is missing or unreadable'}, which is running. ` +
          'While it runs, reauth import, reauth digest (posting) and a second bot ' +
          'are refused; status, export, history, digest --dry-run and doctor work.',
        todo: `Nothing, if that is the bot. Otherwise wait for it to finish${holder ? `, or stop process ${holder.pid}` : ''}.`,
      };
    }
    case 'stale': {
      const what = status.holder
        ? `left behind by ${status.holder.purpose}, process ${status.holder.pid} (since ${status.holder.since}), which no longer holds the lock: it crashed or was killed.`
        : `the lock file ${lockFile} is unreadable, and no process holds the lock.`;
      return {
        check,
        level: 'note',
        verdict: `stale: ${what}`,
        todo: 'Nothing to do: the next bot start or import takes it over. If the bot keeps dying, read its log.',
      };
    }
    case 'file-only':
      return {
        check,
        level: 'note',
        verdict: `the lock file names ${status.holder ? who(status.holder) : 'no readable holder'}. On this system (not Linux) whether that process still holds it cannot be checked.`,
        todo: `If that process no longer runs, delete ${lockFile}.`,
      };
  }
}

const REJECTED_TOKEN = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'not_allowed_token_type',
]);

async function checkSlack(config: Config | undefined, timeoutMs: number): Promise<CheckResult> {
  const check = 'Slack';
  if (!config)
    return { check, level: 'note', verdict: 'not checked: the configuration has problems (see above).' };
  if (!config.slack)
    return {
      check,
      level: 'note',
      verdict:
        'no Slack token (SLACK_BOT_TOKEN) is set, so npm start opens the local shell on the terminal instead of connecting to Slack.',
      todo:
        'To connect to Slack, set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode) ' +
        'in the environment or in .env; see the README, "Set up the Slack app".',
    };
  const url = config.slackApiUrl;
  const via = url === DEFAULT_SLACK_API_URL ? 'Slack' : `Slack at ${url}`;
  const client = new WebClient(config.slack.botToken, {
    slackApiUrl: url,
    logger: silentLogger(),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
  });
  try {
    const me = await client.auth.test();
    return {
      check,
      level: 'ok',
      verdict:
        `${via} accepts SLACK_BOT_TOKEN: the bot is ${me.user ?? '?'} (${me.user_id ?? '?'}) in ${me.team ?? 'the workspace'} ` +
        `(${me.team_id ?? '?'}). The signing secret and app token are checked by Slack only when it connects.`,
    };
  } catch (error) {
    const todoNetwork = `Check the network (proxy, firewall) and SLACK_API_URL (unset means ${DEFAULT_SLACK_API_URL}).`;
    if (error instanceof WebAPIPlatformError) {
      const code = error.data.error;
      if (REJECTED_TOKEN.has(code))
        return {
          check,
          level: 'problem',
          verdict: `${via} rejected SLACK_BOT_TOKEN (${code}): the bot cannot start with it.`,
          todo:
            "Copy the Bot User OAuth Token (xoxb-...) again from the app's OAuth & Permissions page. If the app " +
            'was uninstalled or the token revoked, reinstall the app to the workspace first.',
        };
      return {
        check,
        level: 'problem',
        verdict: `${via} answered auth.test with the error ${code}.`,
        todo: 'Check SLACK_BOT_TOKEN and SLACK_API_URL.',
      };
    }
    if (error instanceof WebAPIRequestError)
      return {
        check,
        level: 'problem',
        verdict: `${via} cannot be reached: ${error.original.message}.`,
        todo: todoNetwork,
      };
    if (error instanceof WebAPIHTTPError)
      return {
        check,
        level: 'problem',
        verdict: `${via} answered HTTP ${error.statusCode} ${error.statusMessage}, not a Web API reply.`,
        todo: todoNetwork,
      };
    if (error instanceof WebAPIRateLimitedError)
      return {
        check,
        level: 'note',
        verdict: `${via} asked to slow down (rate limited for ${error.retryAfter} s), so the token was not checked.`,
        todo: 'Run reauth doctor again in a minute.',
      };
    throw error;
  }
}

/** The Web API client would otherwise log to the console; the doctor says everything itself. */
function silentLogger(): Logger {
  let level = LogLevel.ERROR;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { type Logger, LogLevel } from '@slack/logger';
import { type DestinationStream, type Logger as PinoInstance, pino } from 'pino';
import type PinoPrettyModule from 'pino-pretty';
import { isLogLevel, type LogLevelName } from '../config.js';

/** What one Slack request is, for its log lines and metrics (see `instrumentRequests`). */
export interface RequestContext {
  requestId: string;
  /** command, action, view, event, shortcut, options. */
  surface: string;
  /** `/reauth status`, an action_id, a view's callback_id, an event type. */
  name: string;
  /** Error lines logged while handling it: a request that logged one did not go well. */
  errors: number;
}

/**
 * The request being handled, if any. Bolt's listeners, the services they call and the Web API
 * clients all log through the one app logger; this is how their lines learn which request they
 * belong to without every call site passing a child logger along.
 */
export const requestContext = new AsyncLocalStorage<RequestContext>();

/** Fields whose value is a secret wherever they appear in a logged object (pino `redact`). */
const REDACTED_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'authToken',
  'mwsAuthToken',
  'authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.authToken',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'config.slack',
  '*.config.slack',
];

/**
 * Shapes that are secrets even inside a message or an error's text, where `redact` cannot see:
 * Slack tokens and MWS Auth Tokens. Their characters need no JSON escaping, so the replacement
 * is safe on the serialised line.
 */
const SECRET_SHAPES = [/xox[abposr]-[A-Za-z0-9-]+/g, /xapp-[A-Za-z0-9-]+/g, /amzn\.mws\.[0-9a-f-]+/gi];

export interface LogOptions {
  level: LogLevelName;
  /** Where lines go; standard output by default. */
  destination?: DestinationStream;
  /** Readable lines instead of JSON (a terminal). Defaults to whether standard output is one. */
  pretty?: boolean;
  /** Exact values never to appear in a line (the signing secret, tokens of any shape). */
  secrets?: readonly (string | undefined)[];
}

/** The app's pino logger: JSON lines with level, time and msg, request fields, secrets removed. */
export function createPino(options: LogOptions): PinoInstance {
  const exact = (options.secrets ?? [])
    .filter((s): s is string => typeof s === 'string' && s.length >= 8)
    // As it appears inside a JSON string.
    .map((s) => JSON.stringify(s).slice(1, -1));
  const scrub = (line: string): string => {
    let out = line;
    for (const secret of exact) out = out.split(secret).join('[redacted]');
    for (const shape of SECRET_SHAPES) out = out.replace(shape, '[redacted]');
    return out;
  };
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  const destination = pretty
    ? // In this thread (no transport worker): a terminal is for a person, and speed matters little.
      // Loaded only then: a bot under a supervisor starts without it.
      (createRequire(import.meta.url)('pino-pretty') as typeof PinoPrettyModule)({
        colorize: Boolean(process.stdout.isTTY) && !options.destination,
        sync: true,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname',
        ...(options.destination ? { destination: options.destination } : {}),
      })
    : (options.destination ?? pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      level: options.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin() {
        const request = requestContext.getStore();
        return request ? { requestId: request.requestId, [request.surface]: request.name } : {};
      },
      hooks: { streamWrite: scrub },
    },
    destination,
  );
}

/**
 * Bolt's `Logger` over pino, handed to Bolt (which shares it with its Web API clients and Socket
 * Mode) and to every service. Bolt-style calls (`error('text:', error)`) become one pino line: the
 * strings joined as `msg`, an Error as `err` (message and stack), anything else inspected into `msg`.
 */
export class PinoBoltLogger implements Logger {
  constructor(readonly pino: PinoInstance) {}

  debug(...msg: unknown[]): void {
    this.write('debug', msg);
  }
  info(...msg: unknown[]): void {
    this.write('info', msg);
  }
  warn(...msg: unknown[]): void {
    this.write('warn', msg);
  }
  error(...msg: unknown[]): void {
    this.write('error', msg);
  }
  setLevel(level: LogLevel): void {
    this.pino.level = level;
  }
  getLevel(): LogLevel {
    return isLogLevel(this.pino.level) ? (this.pino.level as LogLevel) : LogLevel.INFO;
  }
  /** Ignored: the one logger is shared by Bolt, its Web API clients and Socket Mode, which each rename it. */
  setName(_name: string): void {}

  private write(level: LogLevelName, msg: unknown[]): void {
    if (level === 'error') {
      const request = requestContext.getStore();
      if (request) request.errors++;
    }
    if (!this.pino.isLevelEnabled(level)) return;
    const err = msg.find((m): m is Error => m instanceof Error);
    const text = msg
      .filter((m) => m !== err)
      .map((m) =>
        typeof m === 'string' ? m : inspect(m, { depth: 4, breakLength: Number.POSITIVE_INFINITY }),
      )
      .join(' ');
    if (err) this.pino[level]({ err }, text || err.message);
    else this.pino[level](text);
  }
}

/** The app's logger as production runs it: standard output, JSON unless it is a terminal. */
export function createLogger(options: LogOptions): PinoBoltLogger {
  return new PinoBoltLogger(createPino(options));
}

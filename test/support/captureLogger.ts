import { LogLevel } from '@slack/logger';
import { createPino, PinoBoltLogger } from '../../src/observability/logging.js';

/** One JSON log line as the app wrote it. */
export interface LogRecord {
  level: string;
  time: string;
  msg: string;
  requestId?: string;
  err?: { message?: string; stack?: string };
  [field: string]: unknown;
}

/**
 * The app's real logger (pino, secrets removed, request fields) at debug level, writing into
 * memory, so tests can read the log exactly as production would print it.
 */
export class CaptureLogger extends PinoBoltLogger {
  /** Each line exactly as written: one JSON object per line. */
  readonly raw: string[];

  constructor(options: { level?: LogLevel; secrets?: string[] } = {}) {
    const raw: string[] = [];
    super(
      createPino({
        level: options.level ?? LogLevel.DEBUG,
        pretty: false,
        destination: { write: (line: string) => void raw.push(line) },
        secrets: options.secrets ?? [],
      }),
    );
    this.raw = raw;
  }

  records(): LogRecord[] {
    return this.raw.map((line) => JSON.parse(line) as LogRecord);
  }

  /** Each line as `LEVEL message`, then the error's stack if one was logged. */
  get lines(): string[] {
    return this.records().map(
      (r) => `${r.level.toUpperCase()} ${r.msg}${r.err ? ` ${r.err.stack ?? r.err.message}` : ''}`,
    );
  }

  text(): string {
    return this.lines.join('\n');
  }
}

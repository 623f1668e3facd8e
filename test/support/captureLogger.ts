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

  private parsed: LogRecord[] = [];
  private rendered: string[] = [];

  /** Each line parsed (parsed once: tests read the log over and over while they wait). */
  records(): LogRecord[] {
    for (const line of this.raw.slice(this.parsed.length)) {
      const r = JSON.parse(line) as LogRecord;
      this.parsed.push(r);
      this.rendered.push(
        `${r.level.toUpperCase()} ${r.msg}${r.err ? ` ${r.err.stack ?? r.err.message}` : ''}`,
      );
    }
    return [...this.parsed];
  }

  /** Each line as `LEVEL message`, then the error's stack if one was logged. */
  get lines(): string[] {
    this.records();
    return [...this.rendered];
  }

  text(): string {
    return this.lines.join('\n');
  }
}

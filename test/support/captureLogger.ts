import { inspect } from 'node:util';
import { type Logger, LogLevel } from '@slack/logger';

/** A Bolt logger that keeps every line, so tests can read the log (and check no secret is in it). */
export class CaptureLogger implements Logger {
  readonly lines: string[] = [];
  private level = LogLevel.DEBUG;
  private record(level: string, args: unknown[]) {
    this.lines.push(
      `${level} ${args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 6 }))).join(' ')}`,
    );
  }
  debug(...args: unknown[]) {
    this.record('DEBUG', args);
  }
  info(...args: unknown[]) {
    this.record('INFO', args);
  }
  warn(...args: unknown[]) {
    this.record('WARN', args);
  }
  error(...args: unknown[]) {
    this.record('ERROR', args);
  }
  setLevel(level: LogLevel) {
    this.level = level;
  }
  getLevel() {
    return this.level;
  }
  setName() {}
  text(): string {
    return this.lines.join('\n');
  }
}

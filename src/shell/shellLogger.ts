import { inspect } from 'node:util';
import { type Logger, LogLevel } from '@slack/bolt';

const ORDER: readonly LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/**
 * The app's log in the shell: warnings and errors only by default (a listener's failure is worth
 * seeing; Bolt's chatter is not), written where the caller says, normally standard error.
 */
export class ShellLogger implements Logger {
  private name = 'reauth-bot';

  constructor(
    private readonly write: (line: string) => void,
    private level: LogLevel = LogLevel.WARN,
  ) {}

  debug(...msg: unknown[]): void {
    this.log(LogLevel.DEBUG, msg);
  }
  info(...msg: unknown[]): void {
    this.log(LogLevel.INFO, msg);
  }
  warn(...msg: unknown[]): void {
    this.log(LogLevel.WARN, msg);
  }
  error(...msg: unknown[]): void {
    this.log(LogLevel.ERROR, msg);
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(name: string): void {
    this.name = name;
  }

  private log(level: LogLevel, msg: unknown[]): void {
    if (ORDER.indexOf(level) < ORDER.indexOf(this.level)) return;
    const text = msg.map((m) => (typeof m === 'string' ? m : inspect(m, { depth: 4 }))).join(' ');
    this.write(`[${level}] ${this.name}: ${text}`);
  }
}

import { PassThrough, Writable } from 'node:stream';
import type { App } from '@slack/bolt';
import { type Config, loadConfig } from '../../src/config.js';
import { runShell } from '../../src/shell/shell.js';
import { openMemoryStore } from '../../store/openStore.js';
import type { Store } from '../../store/store.js';
import { TestClock } from './testClock.js';

export interface ShellRun {
  /** Everything the shell printed, as a person (or a log file) would see it. */
  output: string;
  /** The app's log (warnings and errors). */
  log: string;
  store: Store;
}

/**
 * Runs the local shell in this process on `lines` as standard input (not a terminal), over the real
 * app and a memory store, and resolves when the shell has finished with the input.
 */
export async function runShellOn(
  lines: readonly string[],
  options: {
    store?: Store;
    clock?: TestClock;
    config?: Partial<Config>;
    demo?: boolean;
    extendApp?: (app: App) => void;
  } = {},
): Promise<ShellRun> {
  const store = options.store ?? openMemoryStore();
  const input = new PassThrough();
  input.end(lines.map((l) => `${l}\n`).join(''));
  const output = collector();
  const log = collector();
  await runShell({
    // From loadConfig, so settings added later get their defaults here too.
    config: { ...loadConfig({}), storeFile: ':memory:', ...options.config },
    store,
    clock: options.clock ?? new TestClock('2026-11-28T12:00:00Z'),
    input,
    output: output.stream,
    errorOutput: log.stream,
    interactive: false,
    demo: options.demo ?? false,
    storeLabel: 'the test store',
    ...(options.extendApp ? { extendApp: options.extendApp } : {}),
  });
  return { output: output.text(), log: log.text(), store };
}

function collector(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    }),
    text: () => chunks.join(''),
  };
}

/** The text printed after the line echoing `command` (a transcript reads `> command`), up to the next prompt. */
export function replyTo(output: string, command: string): string {
  const start = output.indexOf(`> ${command}\n`);
  if (start < 0) throw new Error(`"${command}" was not read; output:\n${output}`);
  const after = output.slice(start + command.length + 3);
  const next = after.indexOf('\n> ');
  return next < 0 ? after : after.slice(0, next + 1);
}

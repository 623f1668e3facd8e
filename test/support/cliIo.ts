import type { CliIo } from '../../src/cli/cli.js';

/**
 * Captures what a command writes, for tests that call a command function directly. `tty: true`
 * makes standard error look like a terminal, as progress display checks `isTTY`.
 */
export function captureIo(options: { tty?: boolean } = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text), ...(options.tty ? { isTTY: true } : {}) },
    out: () => out,
    err: () => err,
  };
}

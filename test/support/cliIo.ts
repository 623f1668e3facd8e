import type { CliIo } from '../../src/cli/cli.js';

/** Captures what a command writes, for tests that call a command function directly. */
export function captureIo(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    out: () => out,
    err: () => err,
  };
}

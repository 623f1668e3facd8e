/**
 * Progress of long work (an import of many rows, an export) for a person watching a terminal: one
 * line on standard error, redrawn in place. When standard error is not a terminal (a pipe, a log
 * file, a test) it stays silent, so scripts and logs get only the results.
 */
export interface Progress {
  /** A step with a known size; `done` may be called as often as wanted, it redraws only on change. */
  count(label: string, done: number, total: number): void;
  /** A step with nothing to count (writing the store). */
  step(label: string): void;
  /** Clears the line, so what follows starts on a clean line. */
  end(): void;
}

export const SILENT_PROGRESS: Progress = {
  count: () => undefined,
  step: () => undefined,
  end: () => undefined,
};

const CLEAR_LINE = '\r\u001b[2K';

export function terminalProgress(stderr: { write(text: string): unknown; isTTY?: boolean }): Progress {
  if (!stderr.isTTY) return SILENT_PROGRESS;
  // What is on the line now, by step and whole percent: a 50,000-row import redraws about a
  // hundred times, not 50,000.
  let shown = '';
  const draw = (key: string, line: string) => {
    if (key === shown) return;
    shown = key;
    stderr.write(`${CLEAR_LINE}${line}`);
  };
  return {
    count(label, done, total) {
      const part = Math.min(Math.max(done, 0), total);
      const percent = total > 0 ? Math.floor((part / total) * 100) : 100;
      draw(`${label}:${percent}`, `${label}: ${percent}% (${format(part)} of ${format(total)})`);
    },
    step(label) {
      draw(label, `${label}…`);
    },
    end() {
      if (shown) stderr.write(CLEAR_LINE);
      shown = '';
    },
  };
}

function format(n: number): string {
  return n.toLocaleString('en-US');
}

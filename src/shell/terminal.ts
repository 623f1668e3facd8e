import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Asker } from './elements.js';

/**
 * Lines in, text out. Interactive (a person at a terminal): readline with prompts and history, and
 * output arriving while a prompt waits is printed above it. Not interactive (a file or a pipe):
 * no prompts; each line read is echoed after its question, so the output reads as a transcript.
 */
export class Terminal implements Asker {
  private readonly rl: Interface;
  private readonly queued: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private ended = false;
  private prompting = false;

  constructor(
    input: Readable,
    private readonly output: Writable,
    readonly interactive: boolean,
  ) {
    this.rl = createInterface({
      input,
      ...(interactive ? { output } : {}),
      terminal: interactive,
      historySize: interactive ? 200 : 0,
    });
    this.rl.on('line', (line) => {
      const waiting = this.waiting;
      if (waiting) {
        this.waiting = undefined;
        waiting(line);
      } else {
        this.queued.push(line);
      }
    });
    this.rl.on('close', () => {
      this.ended = true;
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.(undefined);
    });
    // Ctrl+C leaves the shell as /quit does, instead of killing it mid-write.
    if (interactive) this.rl.on('SIGINT', () => this.rl.close());
  }

  ask(prompt: string): Promise<string | undefined> {
    const queued = this.queued.shift();
    if (queued !== undefined) return Promise.resolve(this.answered(prompt, queued));
    if (this.ended) return Promise.resolve(undefined);
    if (this.interactive) {
      this.rl.setPrompt(prompt);
      this.rl.prompt();
      this.prompting = true;
    }
    return new Promise((resolve) => {
      this.waiting = (line) => {
        this.prompting = false;
        resolve(line === undefined ? undefined : this.answered(prompt, line));
      };
    });
  }

  say(...lines: string[]): void {
    if (lines.length === 0) return;
    const text = `${lines.join('\n')}\n`;
    if (this.interactive && this.prompting) {
      clearLine(this.output, 0);
      cursorTo(this.output, 0);
      this.output.write(text);
      this.rl.prompt(true);
    } else {
      this.output.write(text);
    }
  }

  close(): void {
    this.rl.close();
  }

  private answered(prompt: string, line: string): string {
    // A person sees what they typed; a transcript needs it written out.
    if (!this.interactive) this.output.write(`${prompt}${line}\n`);
    return line;
  }
}

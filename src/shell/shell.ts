import type { Readable, Writable } from 'node:stream';
import type { App } from '@slack/bolt';
import type { Store } from '../../store/store.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { plural } from '../domain/text.js';
import { DEMO_PEOPLE, demoBatch } from './demoData.js';
import { ansiStyle, plainStyle } from './render.js';
import { SHELL_CHANNEL, ShellSession } from './session.js';
import { Terminal } from './terminal.js';

export interface ShellOptions {
  config: Config;
  store: Store;
  clock: Clock;
  input: Readable;
  output: Writable;
  /** Where the app's warnings and errors go; the output when not given. */
  errorOutput?: Writable;
  /** A person at a terminal (prompts, line editing) rather than a file or pipe. */
  interactive: boolean;
  /** Bold and dim text (a terminal that shows them). */
  color?: boolean;
  /** `--demo`: load the demo data without asking, when the store is empty. */
  demo?: boolean;
  /** How to name the store to the person, e.g. its file. */
  storeLabel: string;
  /** Listeners to add to the app after its own (tests use it for surfaces main does not have yet). */
  extendApp?: (app: App) => void;
}

export const SHELL_HELP = [
  "The shell's own commands:",
  '  /reauth …    anything else starting with / goes to the app as a slash command, as typed in Slack',
  '  3            a number presses the button (or opens the menu) shown with it, e.g. [3] Approve',
  '  /as <user>   act as someone else: /as alice, /as U0123ABC; /as alone says who you are',
  '  /home        open the App Home tab',
  '  /help        this list',
  '  /quit        leave (so do Ctrl+D, Ctrl+C and the end of an input file)',
  'In a form (modal), answer each question in turn; Enter keeps a value shown in [brackets];',
  '/cancel closes the form.',
];

/**
 * The local shell: the real app on a simulated Slack, driven from a terminal or a file of commands.
 * Resolves when the person quits or the input ends, after every reply has been shown.
 */
export async function runShell(options: ShellOptions): Promise<void> {
  const style = options.color ? ansiStyle : plainStyle;
  const terminal = new Terminal(options.input, options.output, options.interactive);
  const errorOutput = options.errorOutput ?? options.output;
  const session = await ShellSession.open(
    {
      config: options.config,
      store: options.store,
      clock: options.clock,
      terminal,
      style,
      log: (line) => errorOutput.write(`${line}\n`),
      ...(options.extendApp ? { extendApp: options.extendApp } : {}),
    },
    DEMO_PEOPLE,
  );
  try {
    terminal.say(
      style.bold('reauth-bot local shell:') +
        ` the real app, with Slack played on this computer. You are @${session.user.name} in #${SHELL_CHANNEL.name}.`,
      'Type what you would type in Slack (try /reauth help), a number to press a button, /help for more, /quit to leave.',
    );
    let line = await offerDemoData(options, terminal);
    for (;;) {
      line ??= await terminal.ask('> ');
      if (line === undefined) break;
      const outcome = await handleLine(line, session, terminal).catch((error: unknown) => {
        terminal.say(`The shell could not do that: ${(error as Error).message}`);
        return 'continue' as const;
      });
      line = undefined;
      if (outcome === 'quit') break;
    }
  } finally {
    await session.close();
    terminal.close();
  }
}

async function handleLine(
  line: string,
  session: ShellSession,
  terminal: Terminal,
): Promise<'quit' | 'continue'> {
  const text = line.trim();
  if (!text) return 'continue';
  if (/^\d+$/.test(text)) {
    await session.press(Number(text));
    return 'continue';
  }
  const [word = '', ...rest] = text.split(/\s+/);
  switch (word.toLowerCase()) {
    case '/quit':
    case '/exit':
      return 'quit';
    case '/help':
      terminal.say(...SHELL_HELP);
      return 'continue';
    case '/as': {
      if (rest.length === 0) {
        terminal.say(`You are @${session.user.name} (${session.user.id}).`);
        return 'continue';
      }
      const person = session.actAs(rest.join(' '));
      terminal.say(`You are now @${person.name} (${person.id}).`);
      return 'continue';
    }
    case '/home':
      await session.openHome();
      return 'continue';
  }
  if (text.startsWith('/')) {
    await session.command(text);
    return 'continue';
  }
  terminal.say(
    `"${text}" is not something the shell can send: slash commands go to the app as in Slack (try /reauth help); /help lists the rest.`,
  );
  return 'continue';
}

/**
 * On an empty store, offers the demo data. The answer is the first line (y or yes loads it), so a
 * script can accept it; any other command typed instead is declined and run. Returns that command.
 */
async function offerDemoData(options: ShellOptions, terminal: Terminal): Promise<string | undefined> {
  const existing = (await options.store.listAccounts()).length;
  if (existing > 0) {
    if (options.demo) {
      terminal.say(
        `Not loading the demo data: ${options.storeLabel} already holds ${plural(existing, 'account')}, and demo data only goes into an empty store.`,
      );
    }
    return undefined;
  }
  if (!options.demo) {
    terminal.say(`The store ${options.storeLabel} has no accounts yet.`);
    const answer = await terminal.ask('Load the demo data (12 fictional customers) to try the bot? [y/N] ');
    if (answer === undefined) return undefined;
    const text = answer.trim();
    if (!/^(y|yes)$/i.test(text)) {
      if (/^(n|no)?$/i.test(text)) {
        terminal.say(
          'No demo data loaded. Load customers with npm run import -- <file.csv> (see the README).',
        );
        return undefined;
      }
      terminal.say('No demo data loaded.');
      return answer;
    }
  }
  // Checked again right before writing: demo data never goes into a store that has accounts.
  if ((await options.store.listAccounts()).length > 0) return undefined;
  const summary = await options.store.importBatch(demoBatch(), { id: 'demo', at: options.clock.now() });
  terminal.say(
    `Loaded the demo data: ${plural(summary.accounts.added, 'account')} and ${plural(summary.channels.added, 'channel')}, recorded in the audit trail as "demo".`,
    `Try /reauth pending, /reauth status alpine, or /as priya (an account manager).`,
  );
  return undefined;
}

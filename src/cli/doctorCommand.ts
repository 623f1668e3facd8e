import { plural } from '../domain/text.js';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, helpAsked } from './cli.js';
import { type CheckLevel, type CheckResult, type DoctorOptions, runDoctorChecks } from './doctorChecks.js';

const NAME = 'reauth doctor';
const USAGE = `Usage: reauth doctor
Checks the configuration, the store file, its lock and the Slack token, and says in plain words what
is wrong and what to do. Only looks: works while the bot runs, changes nothing.
Exit status 0 when nothing is wrong (notes are fine), 1 when something needs fixing.
`;

const LABEL: Record<CheckLevel, string> = { ok: 'ok', note: 'note', problem: 'PROBLEM' };
const LABEL_WIDTH = 10;

/** `reauth doctor`: exit 0 nothing wrong, 1 a problem found, 2 usage. */
export async function doctorCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
  options: DoctorOptions = {},
): Promise<number> {
  if (helpAsked(args, io, USAGE)) return EXIT_OK;
  if (args.length > 0) {
    io.stderr.write(`${NAME}: unknown argument ${args.join(' ')}.\n${USAGE}`);
    return EXIT_USAGE;
  }
  const results = await runDoctorChecks(env, options);
  io.stdout.write(doctorReport(results));
  return results.some((r) => r.level === 'problem') ? EXIT_FAILED : EXIT_OK;
}

/** One block per check: level, name and verdict, then what to do, indented under it. */
export function doctorReport(results: readonly CheckResult[]): string {
  const indent = ' '.repeat(LABEL_WIDTH);
  const blocks = results.map((r) => {
    const [first = '', ...rest] = `${r.check}: ${r.verdict}`.split('\n');
    const lines = [
      `${`[${LABEL[r.level]}]`.padEnd(LABEL_WIDTH)}${first}`,
      ...rest.map((l) => `${indent}  ${l}`),
    ];
    if (r.todo) lines.push(`${indent}What to do: ${r.todo}`);
    return lines.join('\n');
  });
  const problems = results.filter((r) => r.level === 'problem').length;
  const notes = results.filter((r) => r.level === 'note').length;
  const summary =
    problems > 0
      ? `${plural(problems, 'problem')} to fix; then run reauth doctor again.`
      : notes > 0
        ? `Nothing is wrong (${plural(notes, 'note')} above).`
        : 'Everything is in order.';
  return `${blocks.join('\n\n')}\n\n${summary}\n`;
}

import { execFileSync } from 'node:child_process';

/** The crash test and the process tests run compiled code: the bot, and the writer the crash test kills. */
export default function setup(): void {
  for (const project of ['tsconfig.build.json', 'tsconfig.tools.json']) {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project], {
      stdio: 'inherit',
      timeout: 120_000,
    });
  }
}

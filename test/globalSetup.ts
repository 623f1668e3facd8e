import { execFileSync } from 'node:child_process';

/** Tests that start the bot or a CLI as a real process run the compiled output: build it once. */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
    timeout: 120_000,
  });
}

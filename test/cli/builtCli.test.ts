import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The commands as npm runs them: compiled, started by node in a directory of their own, configured
 * only by that directory's .env. The build goes under node_modules so the compiled code still
 * finds the project's dependencies, and never touches dist/.
 */
const root = resolve('.');
const out = join(root, 'node_modules', '.cache', `reauth-cli-test-${process.pid}`);
const work = mkdtempSync(join(tmpdir(), 'reauth-built-'));

beforeAll(() => {
  const build = spawnSync(
    join(root, 'node_modules', '.bin', 'tsc'),
    ['-p', 'tsconfig.build.json', '--outDir', out],
    { cwd: root, encoding: 'utf8', timeout: 110_000, killSignal: 'SIGKILL' },
  );
  expect(build.stdout + build.stderr).toBe('');
  expect(build.status).toBe(0);
}, 120_000);

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

function node(script: string, ...args: string[]) {
  // A clean environment: no REAUTH_* or INIT_CWD from whoever runs the tests, so only .env counts.
  const env = { PATH: process.env.PATH ?? '', HOME: work };
  return spawnSync(process.execPath, [join(out, 'src', 'cli', script), ...args], {
    cwd: work,
    env,
    encoding: 'utf8',
    // spawnSync blocks this thread, so vitest's own timeout could never end a command that hangs.
    timeout: 30_000,
    killSignal: 'SIGKILL',
  });
}

describe('the built command line tools', () => {
  it('import then status, configured by .env, with exit codes and output streams as documented', () => {
    writeFileSync(join(work, '.env'), 'REAUTH_DB=./state/reauth.json\nREAUTH_DEADLINE=2026-12-31\n');
    copyFileSync(join(root, 'examples', 'accounts.csv'), join(work, 'accounts.csv'));

    const imported = node('import.js', 'accounts.csv');
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toBe(
      'Imported accounts.csv: accounts 7 added, 0 updated, 0 unchanged; channels 23 added, 0 updated, 0 unchanged.\n',
    );
    expect(imported.status).toBe(0);
    expect(existsSync(join(work, 'state', 'reauth.json'))).toBe(true);

    const status = node('status.js', 'desert-rose', '--json');
    expect(status.status).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      account: { id: 'desert-rose', name: 'Desert Rose Home' },
      reauthorizationsNeeded: 2,
      deadline: '2026-12-31',
      daysLeft: expect.any(Number),
    });

    writeFileSync(join(work, 'bad.csv'), 'account_id\nacme\n');
    const refused = node('import.js', 'bad.csv');
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('line 1, column account_name: missing from the header');

    expect(node('status.js').status).toBe(2);
    expect(node('status.js', 'nobody-at-all').status).toBe(1);
  });
});

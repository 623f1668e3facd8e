import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cleanEnv, startNode } from './support/processes.js';

const root = resolve('.');
const read = (file: string) => readFileSync(resolve(root, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  license: string;
  engines: { node: string };
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
};

interface HooksConfig {
  hooks: Record<string, string>;
  config: {
    watch: { app: { 'filter-regex': string; paths: string[] }; manifest: { paths: string[] } };
    'sdk-managed-connection-enabled'?: boolean;
  };
}

/** Runs `node script args` from the project root, as the Slack CLI runs a hook. */
async function hook(script: string, args: string[] = []) {
  const env = cleanEnv({ HOME: process.env.HOME ?? '/tmp' });
  return startNode(resolve(root, script), args, env, root, 30_000).exited;
}

describe('slack.json (the Slack CLI: slack run)', () => {
  const project = JSON.parse(read('slack.json')) as HooksConfig;

  it("gets its hooks from @slack/cli-hooks, as Slack's Bolt templates do", async () => {
    expect(project.hooks['get-hooks']).toBe('npx -q --no-install -p @slack/cli-hooks slack-cli-get-hooks');
    expect(pkg.devDependencies['@slack/cli-hooks']).toBeDefined();
    const { code, stdout } = await hook('node_modules/@slack/cli-hooks/src/get-hooks.js');
    expect(code).toBe(0);
    const sdk = JSON.parse(stdout) as HooksConfig;
    // The CLI lays the project's file over what get-hooks answers.
    const merged = {
      hooks: { ...sdk.hooks, ...project.hooks },
      config: { ...sdk.config, watch: { ...sdk.config.watch, ...project.config.watch } },
    };
    // Socket Mode: the CLI opens the app and hands its tokens to the start hook's process.
    expect(merged.config['sdk-managed-connection-enabled']).toBe(true);
    expect(merged.hooks.start).toBe('npm run --silent start');
    expect(pkg.scripts.start).toContain('start:prod');
    expect(merged.hooks['get-manifest']).toBe('node scripts/slack-manifest.mjs');
  });

  it('restarts on source changes, not on the build output the start hook writes', () => {
    const { app, manifest } = project.config.watch;
    const changes = new RegExp(app['filter-regex']);
    expect(changes.test('src/main.ts')).toBe(true);
    expect(changes.test('dist/src/main.js')).toBe(false);
    for (const path of [...app.paths, ...manifest.paths])
      expect(existsSync(resolve(root, path)), path).toBe(true);
    expect(app.paths).not.toContain('.');
  });

  it('its get-manifest hook gives the CLI manifest.yml as JSON, in either of the CLI protocols', async () => {
    const manifest = parse(read('manifest.yml'));
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    const plain = await hook('scripts/slack-manifest.mjs');
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout)).toEqual(manifest);
    const bounded = await hook('scripts/slack-manifest.mjs', [
      '--protocol=message-boundaries',
      '--boundary=b0und',
    ]);
    expect(bounded.code).toBe(0);
    expect(bounded.stdout).toMatch(/^b0und\{.*\}b0und\n$/);
    expect(JSON.parse(bounded.stdout.trim().slice(5, -5))).toEqual(manifest);
  });
});

describe('the other files a Node project is expected to have', () => {
  it('.nvmrc names Node 20, which package.json engines allow', () => {
    expect(read('.nvmrc')).toBe('20\n');
    expect(pkg.engines.node).toBe('>=20');
  });

  it('LICENSE is MIT, for reauth-bot contributors, as package.json says', () => {
    const license = read('LICENSE');
    expect(license.split('\n')[0]).toBe('MIT License');
    expect(license).toContain('Copyright (c) 2026 reauth-bot contributors');
    expect(pkg.license).toBe('MIT');
  });

  it('CI runs .ci/run on Node from .nvmrc, with a PostgreSQL 15 service for the PostgreSQL tests', () => {
    const ci = parse(read('.github/workflows/ci.yml')) as {
      jobs: {
        test: {
          services: { postgres: { image: string; env: Record<string, string>; ports: string[] } };
          env: Record<string, string>;
          steps: { uses?: string; run?: string; with?: Record<string, string> }[];
        };
      };
    };
    const job = ci.jobs.test;
    expect(job.steps.at(-1)?.run).toBe('.ci/run');
    expect(existsSync(resolve(root, '.ci/run'))).toBe(true);
    const setupNode = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setupNode?.with?.['node-version-file']).toBe('.nvmrc');
    expect(job.services.postgres.image).toBe('postgres:15');
    const url = new URL(job.env.REAUTH_TEST_DATABASE_URL ?? '');
    expect(url.username).toBe(job.services.postgres.env.POSTGRES_USER);
    expect(url.password).toBe(job.services.postgres.env.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${job.services.postgres.env.POSTGRES_DB}`);
    expect(job.services.postgres.ports).toContain(`${url.port}:5432`);
  });
});

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_PORT, loadConfig } from '../src/config.js';
import { DEFAULT_STORE_FILE } from '../store/openStore.js';
import { cleanEnv, startNode } from './support/processes.js';

/**
 * There is no Docker here: these read the Dockerfile and compose.yaml and check what they refer to
 * against the build output and the configuration's defaults, so neither can drift from the code.
 */
const root = resolve('.');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

function dockerStages(text: string): Stage[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const [from = '', as, name] = rest;
      stages.push({ from, ...(as?.toUpperCase() === 'AS' && name ? { name } : {}), instructions: [] });
    } else stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return stages;
}

const all = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
const one = (stage: Stage, keyword: string) => {
  const found = all(stage, keyword);
  expect(found, `${keyword} in the ${stage.name ?? 'final'} stage`).toHaveLength(1);
  return found[0] ?? '';
};
/** The command of `CMD [...]` or `HEALTHCHECK --flags CMD [...]`, in exec form. */
const execForm = (args: string): string[] => JSON.parse(args.slice(args.indexOf('[')));

const stages = dockerStages(read('Dockerfile'));
const build = stages.find((s) => s.name === 'build');
const runtime = stages.at(-1) as Stage;
const workdir = one(runtime, 'WORKDIR');
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };

describe('Dockerfile', () => {
  it('builds in one stage and runs from a second with production dependencies only', () => {
    expect(stages).toHaveLength(2);
    expect(build).toBeDefined();
    const buildRuns = all(build as Stage, 'RUN').join(' && ');
    expect(buildRuns).toMatch(/npm ci\b/);
    expect(buildRuns).toMatch(/npm run build && npm prune --omit=dev/);
    expect(runtime.from).toBe(build?.from);
    expect(all(runtime, 'RUN').join(' ')).not.toMatch(/npm (ci|install)|tsc/);
    const copied = all(runtime, 'COPY');
    for (const part of ['node_modules', 'dist', 'package.json'])
      expect(copied.some((c) => c.startsWith('--from=build') && c.includes(`/app/${part}`))).toBe(true);
    expect(one(runtime, 'ENV')).toContain('NODE_ENV=production');
  });

  it('copies into the build every source the build compiles, and .dockerignore keeps none of them out', () => {
    const tsconfig = JSON.parse(read('tsconfig.build.json')) as { include: string[] };
    const sources = all(build as Stage, 'COPY').flatMap((c) => c.split(/\s+/).slice(0, -1));
    for (const dir of tsconfig.include) expect(sources).toContain(dir);
    for (const source of sources) expect(existsSync(join(root, source)), source).toBe(true);
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'node_modules/', 'dist/', 'data/']));
    for (const source of sources) expect(ignored.map((p) => p.replace(/\/$/, ''))).not.toContain(source);
  });

  it('starts the compiled bot as npm run start:prod does, on a path the build produces', () => {
    const command = execForm(one(runtime, 'CMD'));
    expect(command[0]).toBe('node');
    const script = command.at(-1) ?? '';
    expect(existsSync(join(root, script)), `${script} after npm run build`).toBe(true);
    // Same script and the same default heap limit as the documented production start.
    expect(pkg.scripts['start:prod']).toBe(`node --max-old-space-size=\${REAUTH_MAX_HEAP_MB:-512} ${script}`);
    expect(command).toContain('--max-old-space-size=512');
  });

  it('runs as a user that is not root, with the file store default directory as its volume', () => {
    expect(one(runtime, 'USER')).not.toMatch(/^(root|0)$/);
    expect(loadConfig({}).storeFile).toBe(DEFAULT_STORE_FILE);
    expect(one(runtime, 'VOLUME')).toBe(posix.join(workdir, dirname(DEFAULT_STORE_FILE)));
    expect(all(runtime, 'RUN').join(' ')).toContain(`chown node:node ${one(runtime, 'VOLUME')}`);
  });

  it('exposes the default PORT and checks health with a script the build produces', () => {
    expect(one(runtime, 'EXPOSE')).toBe(String(DEFAULT_PORT));
    const check = execForm(one(runtime, 'HEALTHCHECK'));
    expect(check[0]).toBe('node');
    expect(existsSync(join(root, check.at(-1) ?? ''))).toBe(true);
  });
});

describe('the health check script (dist/src/healthcheck.js)', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
  });
  const dir = mkdtempSync(join(tmpdir(), 'reauth-health-'));
  const serve = async (status: number) => {
    const server = createServer((req, res) => {
      res.writeHead(req.url === '/healthz' ? status : 404);
      res.end();
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return String((server.address() as AddressInfo).port);
  };
  const check = async (env: Record<string, string>) =>
    startNode(resolve('dist/src/healthcheck.js'), [], cleanEnv(env), dir, 30_000).exited;

  it('passes when /healthz answers 200 on PORT (Socket Mode: METRICS_PORT), fails on a 503 or no answer', async () => {
    const [healthy, failing] = await Promise.all([serve(200), serve(503)]);
    const nothing = String(await closedPort());
    // One process each, all at once: each is a whole node start.
    const [http, socketMode, wrongPort, unhealthy, unset] = await Promise.all([
      check({ PORT: healthy }),
      check({ SLACK_APP_TOKEN: 'xapp-1', METRICS_PORT: healthy, PORT: nothing }),
      check({ SLACK_APP_TOKEN: 'xapp-1', METRICS_PORT: nothing, PORT: healthy }),
      check({ PORT: failing }),
      check({}),
    ]);
    expect(http.code).toBe(0);
    expect(socketMode.code).toBe(0);
    expect(wrongPort.code).toBe(1);
    expect(wrongPort.stderr).toContain(`GET /healthz on port ${nothing} failed`);
    expect(unhealthy.code).toBe(1);
    expect(unhealthy.stderr).toContain('answered 503');
    expect(unset.stderr).toContain(`GET /healthz on port ${DEFAULT_PORT} `);
  }, 60_000);
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml')) as {
    services: Record<string, Record<string, unknown> & { environment?: Record<string, string> }>;
  };
  const { postgres, bot } = compose.services;

  it('runs PostgreSQL 15 and two replicas of the image built here', () => {
    expect(postgres?.image).toBe('postgres:15');
    expect(bot?.build).toBe('.');
    expect(bot?.deploy).toEqual({ replicas: 2 });
    expect(bot?.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  });

  it('points REAUTH_DATABASE_URL at the postgres service, its user and database', () => {
    const url = new URL((bot?.environment?.REAUTH_DATABASE_URL ?? '').replace(/\$\{[^}]+\}/, 'secret'));
    expect(url.protocol).toBe('postgres:');
    expect(url.hostname).toBe('postgres');
    expect(url.port).toBe('5432');
    expect(url.username).toBe(postgres?.environment?.POSTGRES_USER);
    expect(url.pathname).toBe(`/${postgres?.environment?.POSTGRES_DB}`);
  });

  it('serves health on the port the image checks (Socket Mode: METRICS_PORT)', () => {
    expect(bot?.environment?.METRICS_PORT).toBe(String(DEFAULT_PORT));
  });
});

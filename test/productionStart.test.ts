import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { init, parse } from 'es-module-lexer';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Production runs the compiled bot after `npm run build` and `npm prune --omit=dev`. Pruning in a
 * test is slow, so this reads what the compiled files import instead: every package they load must be
 * a production dependency, and every relative import must land on a compiled file.
 */
const root = resolve('.');
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

beforeAll(async () => {
  await init;
});

function compiledFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return compiledFiles(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

/** `@slack/bolt/dist/x` is the package `@slack/bolt`; `csv-parse/sync` is `csv-parse`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** Every module a compiled file imports, statically or with import() of a string. */
function importsOf(file: string): string[] {
  const [imports] = parse(readFileSync(file, 'utf8'), file);
  return imports.map((i) => i.n).filter((n): n is string => n !== undefined);
}

const runtimeDirs = ['src', 'handlers', 'store'].map((d) => join(dist, d));

describe('the production start', () => {
  it('loads only production dependencies: nothing in dist needs a devDependency at run time', () => {
    const files = runtimeDirs.flatMap(compiledFiles);
    expect(files.length).toBeGreaterThan(50);
    const needsDev: string[] = [];
    const missing: string[] = [];
    const unresolved: string[] = [];
    for (const file of files) {
      for (const specifier of importsOf(file)) {
        const where = `${relative(root, file)} imports "${specifier}"`;
        if (specifier.startsWith('.')) {
          const target = resolve(dirname(file), specifier);
          const inRuntime = runtimeDirs.some((d) => target.startsWith(`${d}/`));
          if (!inRuntime || !existsSync(target)) unresolved.push(where);
        } else if (!isBuiltin(specifier)) {
          const name = packageOf(specifier);
          if (pkg.devDependencies[name]) needsDev.push(where);
          else if (!pkg.dependencies[name]) missing.push(where);
        }
      }
    }
    expect(needsDev, 'a devDependency is gone after npm prune --omit=dev').toEqual([]);
    expect(missing, 'not a dependency at all').toEqual([]);
    expect(unresolved, 'outside the compiled runtime (src, handlers, store)').toEqual([]);
  });

  it('start:prod runs the compiled bot without building; npm start builds first and then runs it', () => {
    const production = pkg.scripts['start:prod'] ?? '';
    expect(production).toMatch(/^node .*dist\/src\/main\.js$/);
    expect(production).not.toMatch(/tsc|build/);
    expect(existsSync(join(dist, 'src', 'main.js'))).toBe(true);
    expect(pkg.scripts.start).toBe('npm run --silent build && npm run --silent start:prod');
    // The build script needs TypeScript, a devDependency: production never runs it.
    expect(pkg.scripts.build).toContain('tsc');
    expect(pkg.devDependencies.typescript).toBeDefined();
  });
});

import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { CONFIG_VARIABLES } from '../src/configVariables.js';

/** `.env.example` and the configuration schema (CONFIG_VARIABLES) hold each other, and the code them. */
const text = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');

interface Documented {
  name: string;
  default: string;
  meaning: string;
}

/** Each `# NAME=default` line with the comment line just above it (its meaning). */
function documented(file: string): Documented[] {
  const lines = file.split('\n');
  return lines.flatMap((line, i) => {
    const match = /^# ([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match) return [];
    const meaning = (lines[i - 1] ?? '').replace(/^# /, '');
    return [{ name: match[1] ?? '', default: match[2] ?? '', meaning }];
  });
}

/** The names `loadConfig` looks up in the environment it is given. */
function namesRead(options?: Parameters<typeof loadConfig>[1]): Set<string> {
  const read = new Set<string>();
  const env = new Proxy({} as NodeJS.ProcessEnv, {
    get(_target, name) {
      if (typeof name === 'string') read.add(name);
      return undefined;
    },
  });
  loadConfig(env, options);
  return read;
}

describe('.env.example', () => {
  it('lists every configuration variable, and nothing else, with its default and meaning', () => {
    expect(documented(text)).toEqual(CONFIG_VARIABLES.map((v) => ({ ...v })));
  });

  it('changes nothing when copied to .env as it is: every line is commented', () => {
    expect(parseEnv(text)).toEqual({});
  });

  it('uncommented as a whole, gives the configuration that applies when nothing is set', () => {
    const uncommented = text.replace(/^# ([A-Z][A-Z0-9_]*=)/gm, '$1');
    const env = parseEnv(uncommented);
    expect(Object.keys(env).sort()).toEqual(CONFIG_VARIABLES.map((v) => v.name).sort());
    expect(loadConfig(env)).toEqual(loadConfig({}));
  });
});

describe('the configuration schema (CONFIG_VARIABLES in src/configVariables.ts)', () => {
  it('names exactly the variables loadConfig reads', () => {
    const names = CONFIG_VARIABLES.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...namesRead()].sort()).toEqual([...names].sort());
    expect([...namesRead({ receivesEvents: false })].sort()).toEqual([...names].sort());
  });

  it('gives each default as the code applies it: setting the default changes nothing', () => {
    const unset = loadConfig({});
    for (const variable of CONFIG_VARIABLES.filter((v) => v.default !== ''))
      expect(loadConfig({ [variable.name]: variable.default }), variable.name).toEqual(unset);
  });

  it('has a one-line meaning for each, short enough for a comment line', () => {
    for (const variable of CONFIG_VARIABLES) {
      expect(variable.meaning).toMatch(/^\S.*\.$/);
      expect(variable.meaning).not.toContain('\n');
      expect(`# ${variable.meaning}`.length, variable.name).toBeLessThanOrEqual(110);
    }
  });
});

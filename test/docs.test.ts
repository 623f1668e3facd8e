import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const documents = [
  'README.md',
  'ARCHITECTURE.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');
}

function anchorsIn(markdown: string): Set<string> {
  const outsideCode = markdown.replace(/```[\s\S]*?```/g, '');
  const headings = [...outsideCode.matchAll(/^#{1,6} (.+)$/gm)].map((match) => match[1] ?? '');
  return new Set(headings.map(anchorOf));
}

function relativeLinks(markdown: string): string[] {
  const outsideCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...outsideCode.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1] ?? '')
    .filter((target) => !/^[a-z]+:/i.test(target));
}

describe('documentation', () => {
  it('finds the anchor GitHub makes of a heading', () => {
    expect(anchorOf('Loading accounts (CSV import)')).toBe('loading-accounts-csv-import');
    expect(anchorOf('Command line: status')).toBe('command-line-status');
  });

  it.each(documents)('%s links only to files and headings that exist', (document) => {
    const text = readFileSync(join(root, document), 'utf8');
    const broken: string[] = [];
    for (const link of relativeLinks(text)) {
      const [path = '', anchor] = link.split('#');
      const target = path === '' ? join(root, document) : join(root, dirname(document), path);
      if (!existsSync(target)) {
        broken.push(`${link} (no file ${relative(root, target)})`);
      } else if (anchor !== undefined && target.endsWith('.md')) {
        if (!anchorsIn(readFileSync(target, 'utf8')).has(anchor)) broken.push(`${link} (no heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('keeps the README short: what, two commands, try it, connect Slack, links', () => {
    const lines = readFileSync(join(root, 'README.md'), 'utf8').split('\n').length;
    expect(lines).toBeLessThan(200);
  });
});

import { describe, expect, it } from 'vitest';
import { parseAccountsCsv, REQUIRED_COLUMNS } from '../../src/domain/csvImport.js';
import { withoutControls } from '../../src/domain/text.js';
import { plainText } from '../../src/views/plainText.js';

const ESC = '\u001b';
const BEL = '\u0007';
const RLO = '\u202e';
const CSI = '\u009b';
const ISOLATE = '\u2066';

describe('withoutControls', () => {
  it('removes C0 and C1 controls, DEL and bidi overrides and isolates; tabs and line breaks become spaces', () => {
    expect(withoutControls(`Acme${ESC}[2J${BEL} Outdoor${RLO}gnp.exe${CSI}31m${ISOLATE}\u007f`)).toBe(
      'Acme[2J Outdoorgnp.exe31m',
    );
    expect(withoutControls('one\ttwo\r\nthree')).toBe('one two  three');
    for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u2067', '\u2068', '\u2069'])
      expect(withoutControls(`a${c}b`)).toBe('ab');
  });

  it('keeps what it is told to, and escapes visibly instead of removing when asked', () => {
    expect(withoutControls(`line 1\nline 2${BEL}`, { keep: '\n' })).toBe('line 1\nline 2');
    expect(withoutControls(`x${ESC}[31my${RLO}`, { escape: true })).toBe('x\\u001B[31my\\u202E');
  });

  it('leaves ordinary text alone, accents, emoji and dashes included', () => {
    const text = 'Müller & Söhne — 東京 🚀 A2EUQ1WTGCTBG2';
    expect(withoutControls(text)).toBe(text);
  });
});

describe('control characters at the edges', () => {
  it('are stripped from CSV names at import', () => {
    const csv = [
      REQUIRED_COLUMNS.join(','),
      `acme-outdoor,Acme${ESC}]0;pwned${BEL} ${RLO}Outdoor,,ch-1,UK,A1ACMEEU00001X,MWS,`,
    ].join('\n');
    const result = parseAccountsCsv(`${csv}\n`);
    expect(result.problems).toEqual([]);
    expect(result.rows[0]?.account.name).toBe('Acme]0;pwned Outdoor');
  });

  it('are shown escaped, never obeyed, when blocks are printed as text for a terminal', () => {
    const out = plainText({
      text: '',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: `Evil${ESC}[2J` } },
        { type: 'section', text: { type: 'mrkdwn', text: `*Reason:* ${RLO}txt.exe${BEL}` } },
      ],
    });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point.
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(out).toContain('Evil\\u001B[2J');
    expect(out).toContain('Reason: \\u202Etxt.exe\\u0007');
  });
});

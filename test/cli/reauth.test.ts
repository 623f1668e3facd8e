import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REAUTH_USAGE } from '../../src/cli/reauthCommand.js';
import { openFileStore } from '../../store/openStore.js';
import { CliWorkspace } from '../support/cliWorkspace.js';
import { TestClock } from '../support/testClock.js';

const EXAMPLE = resolve('examples/accounts.csv');
const HEADER =
  'account_id,account_name,account_manager,channel_id,marketplace,seller_id,authorization,authorized_at';
const CLEAR_LINE = '\r\u001b[2K';

let ws: CliWorkspace;
const clock = new TestClock('2026-11-28T12:00:00Z');
beforeEach(() => {
  ws = new CliWorkspace(clock);
});
afterEach(() => ws.remove());

/** `rows` channels, five to a customer, every row valid. */
function bigCsv(rows: number): string {
  const lines = [HEADER];
  const markets = ['UK', 'DE', 'FR', 'US', 'JP'];
  for (let i = 0; i < rows; i++) {
    const n = Math.floor(i / markets.length);
    const m = markets[i % markets.length] as string;
    const seller = `A${String(n).padStart(12, '0')}${m === 'US' ? 'N' : m === 'JP' ? 'F' : 'E'}`;
    lines.push(`bulk-${n},"Bulk ${n}, Trading Ltd",,bulk-${n}-${m},${m},${seller},MWS,`);
  }
  return `${lines.join('\n')}\n`;
}

describe('reauth', () => {
  it('help, and no command at all: the usage, exit 0', async () => {
    for (const args of [[], ['help'], ['--help']]) {
      expect(await ws.reauth(args)).toEqual({ code: 0, out: REAUTH_USAGE, err: '' });
    }
    for (const name of ['import', 'export', 'status', 'digest', 'history', 'doctor'])
      expect(REAUTH_USAGE).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('help <command>: that command’s own usage', async () => {
    const help = await ws.reauth(['help', 'export']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: reauth export \[--pending\]/);
    expect((await ws.reauth(['digest', '--help'])).out).toMatch(/^Usage: reauth digest \[--dry-run\]/);
  });

  it('an unknown command: says which, suggests the near one, prints the usage on stderr, exit 2', async () => {
    const typo = await ws.reauth(['exprot', '--pending']);
    expect(typo.code).toBe(2);
    expect(typo.out).toBe('');
    expect(typo.err).toBe(`reauth: unknown command "exprot"; did you mean export?\n\n${REAUTH_USAGE}`);
    const other = await ws.reauth(['frobnicate']);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(
      /^reauth: unknown command "frobnicate"\.\n\nreauth: the operator's command line/,
    );
    expect((await ws.reauth(['constructor'])).code).toBe(2);
  });

  describe('while the bot holds the store', () => {
    it('status, export, history, digest --dry-run and doctor work; import refuses and changes nothing', async () => {
      expect((await ws.reauth(['import', EXAMPLE])).code).toBe(0);
      const before = readFileSync(ws.db);
      const bot = await openFileStore(ws.db, { purpose: 'the bot (npm start)' });
      const lock = readFileSync(`${ws.db}.lock`, 'utf8');
      try {
        expect((await ws.reauth(['status', 'desert-rose'])).code).toBe(0);
        expect((await ws.reauth(['export'])).out.split('\n')).toHaveLength(25);
        expect((await ws.reauth(['history', 'desert-rose'])).out).toContain('CSV import: account added');
        expect((await ws.reauth(['digest', '--dry-run'])).code).toBe(0);
        const doctor = await ws.reauth(['doctor']);
        expect(doctor.code).toBe(0);
        expect(doctor.out).toContain('Lock: held by the bot (npm start)');

        const refused = await ws.reauth([
          'import',
          ws.file('more.csv', `${HEADER}\nnew,New,,n-1,US,A9NEWONE000001,MWS,\n`),
        ]);
        expect(refused.code).toBe(1);
        expect(refused.err).toContain('nothing was imported. The store');
        expect(refused.err).toContain('is in use by the bot (npm start)');
      } finally {
        expect(readFileSync(`${ws.db}.lock`, 'utf8')).toBe(lock);
        await bot.close();
      }
      expect(readFileSync(ws.db).equals(before)).toBe(true);
    });
  });

  describe('progress of long work', () => {
    it('an import of 50,000 rows shows progress on a terminal, on one line redrawn in place', async () => {
      const { code, out, err } = await ws.reauth(['import', ws.file('big.csv', bigCsv(50_000))], {
        tty: true,
      });
      expect(code).toBe(0);
      expect(out).toMatch(
        /accounts 10000 added, 0 updated, 0 unchanged; channels 50000 added, 0 updated, 0 unchanged\.\n$/,
      );
      const frames = err.split(CLEAR_LINE).filter(Boolean);
      expect(frames).toContain('Reading rows: 0% (1 of 50,001)');
      expect(frames).toContain('Reading rows: 50% (25,001 of 50,001)');
      expect(frames).toContain('Reading rows: 100% (50,001 of 50,001)');
      expect(frames.slice(-2)).toEqual(['Checking against the store…', 'Writing the store…']);
      // Whole percents, not one redraw per row; and the line is cleared at the end.
      expect(frames.length).toBeLessThan(110);
      expect(err.endsWith(CLEAR_LINE)).toBe(true);
      expect(err).not.toContain('\n');
    }, 60_000);

    it('an import stays quiet when standard error is not a terminal', async () => {
      const { code, out, err } = await ws.reauth(['import', ws.file('big.csv', bigCsv(5_000))]);
      expect(code).toBe(0);
      expect(out).toMatch(/channels 5000 added/);
      expect(err).toBe('');
    });

    it('an export shows progress and a summary on a terminal, and the same CSV either way', async () => {
      const csv = bigCsv(10_000);
      expect((await ws.reauth(['import', ws.file('big.csv', csv)])).code).toBe(0);
      const onTerminal = await ws.reauth(['export'], { tty: true });
      const piped = await ws.reauth(['export']);
      expect(onTerminal.code).toBe(0);
      expect(onTerminal.out).toBe(csv);
      expect(piped).toEqual({ code: 0, out: csv, err: '' });
      const frames = onTerminal.err.split(CLEAR_LINE).filter(Boolean);
      expect(frames[0]).toBe('Reading the store…');
      expect(frames).toContain('Exporting channels: 0% (0 of 10,000)');
      expect(frames).toContain('Exporting channels: 40% (4,000 of 10,000)');
      expect(frames).toContain('Exporting channels: 100% (10,000 of 10,000)');
      expect(frames.at(-1)).toBe('Exported 10,000 channels of 2,000 accounts.\n');
    });
  });
});

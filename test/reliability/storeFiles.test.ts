import {
  appendFileSync,
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreLockedError } from '../../store/fileLock.js';
import { openFileStore } from '../../store/openStore.js';
import { StoreFileError } from '../../store/storeFileError.js';
import { FakeSlack } from '../support/fakeSlack.js';
import { commandBody, sign } from '../support/harness.js';
import { cleanEnv, type Running, startNode } from '../support/processes.js';
import { sampleBatch } from '../support/sampleData.js';

const MAIN = resolve('dist/src/main.js');
const WRITER = resolve('dist/test/reliability/children/storeWriter.js');

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'reauth-files-'));
  file = join(dir, 'reauth.json');
});

/**
 * Every file in the directory with its bytes: "no file was touched" is this being equal before and
 * after. (Not the lock: a dead process's lock is taken over and let go, which removes it.)
 */
function directory(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((n) => !n.endsWith('.lock'))
      .map((n) => [n, readFileSync(join(dir, n), 'latin1')]),
  );
}

async function refusal(open: Promise<unknown>): Promise<Error> {
  const outcome = await open.then(
    () => new Error('it opened'),
    (e: unknown) => e as Error,
  );
  expect(outcome).toBeInstanceOf(StoreFileError);
  return outcome;
}

async function storeWithData(): Promise<void> {
  const store = await openFileStore(file);
  await store.importBatch(sampleBatch(), { id: 'import', at: new Date('2026-11-01T00:00:00Z') });
  await store.close();
}

describe('store files that cannot be used', () => {
  const cases: [string, string, string][] = [
    ['a corrupt file', '{"schemaVersion": 1, "accounts": [', 'not valid JSON'],
    ['an empty file', '', 'the file is empty'],
    ['a file of only spaces', '   \n', 'the file is empty'],
    ['a JSON list', '[]', 'expected a JSON object'],
    ['a JSON object that is not a store', '{"hello": "world"}', 'no schemaVersion'],
    [
      'a file from a newer version',
      '{"schemaVersion": 99, "accounts": [], "channels": [], "audit": []}',
      'written by a newer reauth-bot (schemaVersion 99',
    ],
    [
      'a file with a collection of the wrong kind',
      '{"schemaVersion": 1, "accounts": {}, "channels": [], "audit": []}',
      '"accounts" is missing or not a list',
    ],
  ];

  it.each(cases)(
    '%s: refused with the file and the problem named, nothing touched',
    async (_what, text, problem) => {
      writeFileSync(file, text);
      const before = directory();
      const error = await refusal(openFileStore(file));
      expect(error.message).toContain(file);
      expect(error.message).toContain(problem);
      expect(directory()).toEqual(before);
      // A read-only reader is refused the same way.
      await refusal(openFileStore(file, { readOnly: true }));
      expect(directory()).toEqual(before);
    },
  );

  it('a corrupt journal (a bad line with good ones after it): refused, naming the journal, nothing touched', async () => {
    await storeWithData();
    // A writer killed in mid-run leaves a journal full of lines; one of them then goes bad.
    const writer = startNode(WRITER, [file, '3', '100000000'], cleanEnv({}));
    await writer.waitForOutput('ack\nbegin');
    for (let tries = 0; tries < 200 && (writer.stdout.match(/^ack$/gm) ?? []).length < 5; tries++)
      await new Promise((r) => setTimeout(r, 10));
    writer.child.kill('SIGKILL');
    await writer.exited;
    const journal = join(dir, readdirSync(dir).find((n) => n.endsWith('.journal')) as string);
    const lines = readFileSync(journal, 'utf8').split('\n');
    expect(lines.length).toBeGreaterThan(4);
    lines[2] = '{"ops": [nonsense';
    writeFileSync(journal, lines.join('\n'));
    const before = directory();
    const error = await refusal(openFileStore(file));
    expect(error.message).toContain(journal);
    expect(error.message).toContain('line 3 is not valid JSON');
    expect(directory()).toEqual(before);
  });

  it('a journal written by a newer format: refused, nothing touched', async () => {
    const journal = await crashedWriter();
    const generation = (JSON.parse(readFileSync(file, 'utf8')) as { $journal: string }).$journal;
    writeFileSync(
      journal,
      `${JSON.stringify({ reauthBotJournal: 2, generation, snapshot: 'reauth.json' })}\n`,
    );
    const before = directory();
    const error = await refusal(openFileStore(file));
    expect(error.message).toContain('is not the header of this store’s journal');
    expect(directory()).toEqual(before);
  });

  it('a read-only file: the bot refuses to take it over, saying how to fix it; reading still works', async () => {
    await storeWithData();
    chmodSync(file, 0o444);
    const before = directory();
    const error = await refusal(openFileStore(file));
    expect(error.message).toContain('read-only');
    expect(error.message).toContain('chmod u+w');
    expect(directory()).toEqual(before);
    const reader = await openFileStore(file, { readOnly: true });
    expect((await reader.listAccounts()).length).toBe(5);
    await reader.close();
    expect(directory()).toEqual(before);
  });

  it('a missing directory: a writer creates it on open; a reader sees an empty store and creates nothing', async () => {
    const nested = join(dir, 'not', 'yet', 'here.json');
    const reader = await openFileStore(nested, { readOnly: true });
    expect(await reader.listAccounts()).toEqual([]);
    await reader.close();
    expect(existsSync(join(dir, 'not'))).toBe(false);

    const writer = await openFileStore(nested);
    await writer.importBatch(sampleBatch(), { id: 'import', at: new Date() });
    await writer.close();
    const again = await openFileStore(nested, { readOnly: true });
    expect((await again.listAccounts()).length).toBe(5);
    await again.close();
  });
});

/** A writer killed in mid-run: a snapshot, and a journal holding acknowledged writes (returns its path). */
async function crashedWriter(): Promise<string> {
  await storeWithData();
  const writer = startNode(WRITER, [file, '3', '100000000'], cleanEnv({}));
  await writer.waitForOutput('ack\nbegin');
  for (let tries = 0; tries < 200 && (writer.stdout.match(/^ack$/gm) ?? []).length < 5; tries++)
    await new Promise((r) => setTimeout(r, 10));
  writer.child.kill('SIGKILL');
  await writer.exited;
  const journal = readdirSync(dir).find((n) => n.endsWith('.journal'));
  expect(journal).toBeDefined();
  return join(dir, journal as string);
}

const snapshotJson = () => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const entryLines = (journal: string) => readFileSync(journal, 'utf8').split('\n').slice(1).filter(Boolean);

describe('acknowledged writes never vanish silently: each loss is refused, naming the file and the problem', () => {
  async function refusedForBoth(problem: string | RegExp, named: string): Promise<void> {
    const before = directory();
    for (const readOnly of [false, true]) {
      const error = await refusal(openFileStore(file, { readOnly }));
      expect(error.message).toContain(named);
      expect(error.message).toMatch(problem);
    }
    expect(directory()).toEqual(before);
  }

  it('the journal deleted', async () => {
    const journal = await crashedWriter();
    unlinkSync(journal);
    await refusedForBoth(/is missing/, journal);
  });

  it('the journal cut back to its header', async () => {
    const journal = await crashedWriter();
    expect(entryLines(journal).length).toBeGreaterThan(0);
    writeFileSync(journal, `${readFileSync(journal, 'utf8').split('\n')[0]}\n`);
    await refusedForBoth(/holds 0 writes, but \d+ were acknowledged/, journal);
  });

  it('the journal cut by some of its last lines', async () => {
    const journal = await crashedWriter();
    const lines = readFileSync(journal, 'utf8').split('\n').filter(Boolean);
    writeFileSync(journal, `${lines.slice(0, -2).join('\n')}\n`);
    await refusedForBoth(/holds \d+ writes, but \d+ were acknowledged/, journal);
  });

  it('the snapshot’s journal reference changed to another journal', async () => {
    await crashedWriter();
    writeFileSync(file, JSON.stringify({ ...snapshotJson(), $journal: '0123456789abcdef' }));
    await refusedForBoth(
      /names the journal 0123456789abcdef, but the last writer wrote to the journal [0-9a-f]{16}/,
      file,
    );
  });

  it('the snapshot’s journal reference removed', async () => {
    await crashedWriter();
    const { $journal: _, ...rest } = snapshotJson();
    writeFileSync(file, JSON.stringify(rest));
    await refusedForBoth(/names no journal, but the last writer wrote to the journal [0-9a-f]{16}/, file);
  });

  it('the snapshot deleted while its journal remains', async () => {
    const journal = await crashedWriter();
    unlinkSync(file);
    await refusedForBoth(/is missing, but its journal .* remains/, journal);
  });

  it('a damaged last line that ends in a newline (a torn write never does)', async () => {
    const journal = await crashedWriter();
    const lines = readFileSync(journal, 'utf8').split('\n').filter(Boolean);
    lines[lines.length - 1] = '{"ops": [nonsense';
    writeFileSync(journal, `${lines.join('\n')}\n`);
    await refusedForBoth(`line ${lines.length} is not valid JSON`, journal);
  });

  it('what is not a loss still opens: a torn last line, and a cleanly closed store with no journal', async () => {
    const journal = await crashedWriter();
    appendFileSync(journal, '{"ops": [{"torn');
    const store = await openFileStore(file);
    expect((await store.listAccounts()).length).toBe(5);
    await store.close();
    expect(readdirSync(dir).filter((n) => n.endsWith('.journal'))).toEqual([]);
    const again = await openFileStore(file);
    expect((await again.auditTrail()).length).toBeGreaterThan(5);
    await again.close();
  });
});

describe('two processes on one store', () => {
  let slack: FakeSlack;
  const running: Running[] = [];
  beforeEach(async () => {
    slack = await new FakeSlack().start();
  });
  afterEach(async () => {
    for (const r of running.splice(0)) {
      if (r.child.exitCode === null) r.child.kill('SIGKILL');
      await r.exited;
    }
    await slack.stop();
  });

  it('while one process writes, a second writer is refused (a bot, or the store opened in code), and a reader sees a consistent store', async () => {
    await storeWithData();
    const writer = startNode(WRITER, [file, '7', '2000'], cleanEnv({}));
    running.push(writer);
    await writer.waitForOutput('ack');

    const error = await openFileStore(file).then(
      () => new Error('it opened'),
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(StoreLockedError);
    expect(error.message).toContain('is in use by the crash test writer');

    const bot = startNode(
      MAIN,
      [],
      cleanEnv({
        SLACK_BOT_TOKEN: 'xoxb-second-bot-token-000000',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: slack.apiUrl,
        REAUTH_DB: file,
        PORT: '0',
      }),
      dir,
    );
    running.push(bot);
    const refused = await bot.exited;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`The store ${file} is in use by the crash test writer`);

    for (let i = 0; i < 20; i++) {
      const reader = await openFileStore(file, { readOnly: true });
      const channels = await reader.channelsOfAccount('acme-outdoor');
      expect(channels.map((c) => c.id).sort()).toEqual([
        'ch-acme-ca',
        'ch-acme-de',
        'ch-acme-fr',
        'ch-acme-uk',
        'ch-acme-us',
      ]);
      await reader.close();
    }
  });

  it('the bot started on a read-only store file exits with the reason, leaving the file as it was', async () => {
    await storeWithData();
    chmodSync(file, 0o444);
    const before = directory();
    const bot = startNode(
      MAIN,
      [],
      cleanEnv({
        SLACK_BOT_TOKEN: 'xoxb-read-only-bot-token-0000',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: slack.apiUrl,
        REAUTH_DB: file,
        PORT: '0',
      }),
      dir,
    );
    running.push(bot);
    const { code, stderr } = await bot.exited;
    expect(code).toBe(1);
    expect(stderr).toContain(
      `reauth-bot cannot start. Cannot use the store file ${file}: the file is read-only`,
    );
    expect(directory()).toEqual(before);
  });
});

describe('stopping when the store folder cannot be written', () => {
  let slack: FakeSlack;
  let bot: Running | undefined;
  beforeEach(async () => {
    slack = await new FakeSlack().start();
  });
  afterEach(async () => {
    chmodSync(dir, 0o755);
    if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await bot?.exited;
    await slack.stop();
  });

  it('SIGTERM: says what could not be written, keeps the journal, lets go of the lock and exits 3', async () => {
    await storeWithData();
    // Root writes anywhere: the bot runs as nobody, so a folder made read-only stops it as it would anyone.
    const asRoot = process.getuid?.() === 0;
    const nobody = { uid: 65534, gid: 65534 };
    if (asRoot)
      for (const name of ['', ...readdirSync(dir)]) chownSync(join(dir, name), nobody.uid, nobody.gid);
    const env = cleanEnv({
      SLACK_BOT_TOKEN: 'xoxb-unwritable-folder-token-0',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: slack.apiUrl,
      REAUTH_DB: file,
      PORT: '0',
    });
    bot = startNode(MAIN, [], env, dir, undefined, asRoot ? nobody : undefined);
    await bot.waitForOutput('reauth-bot is running', 30_000);
    const port = Number(/HTTP on port (\d+)/.exec(bot.stdout + bot.stderr)?.[1]);

    // Two acknowledged writes: the first after a clean start rewrites the store file, the second is
    // only in the journal.
    const journal = () => readdirSync(dir).find((n) => n.endsWith('.journal'));
    const holds = (name: string | undefined) =>
      (name ? readFileSync(join(dir, name), 'utf8') : '').includes('U0AGENT01');
    for (const [marketplace, written] of [
      ['UK', () => holds('reauth.json')],
      ['DE', () => holds(journal())],
    ] as const) {
      const body = commandBody(
        `done borealis-books ${marketplace}`,
        'U0AGENT01',
        'CSUPPORT',
        slack.responseUrl(marketplace),
      );
      const timestamp = Math.floor(Date.now() / 1000);
      const answer = await fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': sign(body, timestamp, 'secret'),
        },
        body,
      });
      expect(answer.status).toBe(200);
      for (let i = 0; i < 400 && !written(); i++) await new Promise((r) => setTimeout(r, 25));
      expect(written(), `${marketplace}: ${bot.stdout}${bot.stderr}${readdirSync(dir).join(' ')}`).toBe(true);
    }

    chmodSync(dir, 0o555);
    bot.child.kill('SIGTERM');
    const { code, stderr } = await bot.exited;
    expect(stderr).not.toContain('Unhandled');
    expect(stderr).not.toContain('will retry');
    expect(stderr).toContain(`could not fold its journal into ${file}`);
    expect(stderr).toContain(`nothing is lost: ${join(dir, journal() as string)} holds every write`);
    expect(code).toBe(3);

    // The lock went with the process; the next start (the folder writable again) has every write.
    chmodSync(dir, 0o755);
    const store = await openFileStore(file);
    const channels = await store.channelsOfAccount('borealis-books');
    for (const id of ['ch-bor-uk', 'ch-bor-de'])
      expect(channels.find((c) => c.id === id)?.authorization).toBe('MWS/SP-API');
    await store.close();
  });
});

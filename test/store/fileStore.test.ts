import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreLockedError } from '../../store/fileLock.js';
import { openFileStore } from '../../store/openStore.js';
import { type Actor, SCHEMA_VERSION, type Store } from '../../store/store.js';
import { StoreFileError } from '../../store/storeFileError.js';
import { sampleBatch } from '../support/sampleData.js';
import { storeContract } from './contract.js';

const roots: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'reauth-store-'));
  roots.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of roots) {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  }
});

const fileOf = new WeakMap<Store, string>();
async function openAt(file: string): Promise<Store> {
  const store = await openFileStore(file);
  fileOf.set(store, file);
  return store;
}

storeContract('file store', {
  open: () => openAt(join(tempDir(), 'reauth.json')),
  reopen: async (store) => {
    const file = fileOf.get(store) as string;
    await store.close();
    return openAt(file);
  },
});

function canWriteIn(dir: string): boolean {
  const probe = join(dir, '.probe');
  try {
    writeFileSync(probe, '');
    unlinkSync(probe);
    return true;
  } catch {
    return false;
  }
}

const importer: Actor = { id: 'import', at: new Date('2026-11-01T09:00:00Z') };
const agent: Actor = { id: 'UAGENT1', at: new Date('2026-11-02T10:00:00Z') };
const acmeEurope = { accountId: 'acme-outdoor', region: 'EU' as const, sellerId: 'A1ACMEEU00001X' };

describe('file store', () => {
  let dir: string;
  let file: string;
  const open: Store[] = [];
  beforeEach(() => {
    dir = tempDir();
    file = join(dir, 'reauth.json');
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });
  async function opened(options: Parameters<typeof openFileStore>[1] = {}): Promise<Store> {
    const store = await openFileStore(file, options);
    open.push(store);
    return store;
  }
  /** What another process reads from disk now: the file with its journal applied (a read-only open). */
  async function onDisk(): Promise<{
    accounts: { id: string }[];
    channels: { id: string; authorization: string }[];
  }> {
    const reader = await openFileStore(file, { readOnly: true });
    try {
      return { accounts: await reader.listAccounts(), channels: await reader.allChannels() };
    } finally {
      await reader.close();
    }
  }

  it('keeps everything, audit trail included, across close and reopen', async () => {
    const first = await openFileStore(file);
    await first.importBatch(sampleBatch(), importer);
    await first.recordReauthorization(acmeEurope, agent);
    const snapshot = {
      accounts: await first.listAccounts(),
      channels: await first.allChannels(),
      audit: await first.auditTrail(),
    };
    await first.close();
    const second = await opened();
    expect(await second.listAccounts()).toEqual(snapshot.accounts);
    expect(await second.allChannels()).toEqual(snapshot.channels);
    expect(await second.auditTrail()).toEqual(snapshot.audit);
    expect(snapshot.audit).toHaveLength(6);
  });

  it('has the change in the file on disk by the time the write resolves', async () => {
    const store = await opened();
    await store.importBatch(sampleBatch(), importer);
    expect((await onDisk()).accounts.map((a) => a.id)).toContain('dune-traders');
    await store.recordReauthorization(acmeEurope, agent);
    const uk = (await onDisk()).channels.find((c) => c.id === 'ch-acme-uk');
    expect(uk?.authorization).toBe('MWS/SP-API');
    expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('refuses, naming the file, a store whose directory cannot be made', async () => {
    writeFileSync(join(dir, 'plain-file'), '');
    file = join(dir, 'plain-file', 'reauth.json');
    const error = await openFileStore(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreFileError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Cannot use the store file ${file}: cannot create its lock file ${file}\\.lock \\(.*(EEXIST|ENOTDIR)`,
      ),
    );
  });

  it('creates a missing directory when opened, and the file on the first write', async () => {
    file = join(dir, 'not', 'yet', 'reauth.json');
    const store = await opened();
    expect(existsSync(file)).toBe(false);
    await store.importBatch(sampleBatch(), importer);
    expect((await onDisk()).accounts).toHaveLength(5);
  });

  describe('refuses a file it cannot trust, naming the file and the reason, and leaves it untouched', () => {
    const cases: [string, string, RegExp][] = [
      ['corrupt JSON', '{"schemaVersion":1,"accounts":[', /not valid JSON/],
      ['an empty file', '', /the file is empty/],
      ['a file of blanks', ' \n\n', /the file is empty/],
      [
        'a file from a newer version',
        JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1, accounts: [], channels: [], audit: [] }),
        /written by a newer reauth-bot \(schemaVersion 2; this version reads up to 1\)/,
      ],
      [
        'JSON that is not a store',
        '{"users":[{"name":"x"}]}',
        /no schemaVersion, so it is not a reauth-bot store/,
      ],
      ['a JSON list', '[]', /expected a JSON object .* found a list/],
      ['JSON null', 'null', /holds null/],
      ['JSON false', 'false', /expected a JSON object .* found boolean/],
      ['JSON zero', '0', /expected a JSON object .* found number/],
      [
        'a store missing a collection',
        '{"schemaVersion":1,"accounts":[],"channels":{}}',
        /"channels" is missing or not a list/,
      ],
      [
        'a textual schemaVersion',
        '{"schemaVersion":"1","accounts":[],"channels":[],"audit":[]}',
        /schemaVersion must be a whole number/,
      ],
    ];
    for (const [what, content, reason] of cases) {
      it(what, async () => {
        writeFileSync(file, content);
        const before = readFileSync(file);
        for (const readOnly of [false, true]) {
          const error = await openFileStore(file, { readOnly }).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(StoreFileError);
          expect((error as StoreFileError).file).toBe(file);
          expect((error as Error).message).toContain(file);
          expect((error as Error).message).toMatch(reason);
        }
        expect(readFileSync(file).equals(before)).toBe(true);
        // The refused writer let go of its lock.
        expect(existsSync(`${file}.lock`)).toBe(false);
      });
    }
  });

  describe('lock', () => {
    it('refuses a second writer while the first holds the file, naming who holds it', async () => {
      await opened({ purpose: 'the bot (npm start)' });
      const error = await openFileStore(file, { purpose: 'the CSV import' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreLockedError);
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toContain(`the bot (npm start) (process ${process.pid}`);
      expect((error as Error).message).toContain('stop the bot');
    });

    it('lets a read-only open read what the writer wrote, while refusing it any write', async () => {
      const writer = await opened();
      await writer.importBatch(sampleBatch(), importer);
      const reader = await opened({ readOnly: true });
      expect(await reader.listAccounts()).toHaveLength(5);
      const before = readFileSync(file);
      await expect(reader.recordReauthorization(acmeEurope, agent)).rejects.toThrow(/read-only/);
      expect(readFileSync(file).equals(before)).toBe(true);
      // The writer still holds the lock and can still write.
      await writer.recordReauthorization(acmeEurope, agent);
      expect((await onDisk()).channels.find((c) => c.id === 'ch-acme-de')?.authorization).toBe('MWS/SP-API');
    });

    it('is released on close, so the next writer gets it', async () => {
      const first = await openFileStore(file);
      await first.importBatch(sampleBatch(), importer);
      await first.close();
      expect(existsSync(`${file}.lock`)).toBe(false);
      const second = await opened();
      expect(await second.listAccounts()).toHaveLength(5);
    });

    it('takes over a stale lock left by a process that no longer runs', async () => {
      const deadPid = spawnSync(process.execPath, ['-e', ''], { timeout: 30_000, killSignal: 'SIGKILL' })
        .pid as number;
      writeFileSync(
        `${file}.lock`,
        JSON.stringify({
          pid: deadPid,
          host: hostname(),
          since: '2026-01-01T00:00:00Z',
          purpose: 'crashed bot',
        }),
      );
      const store = await opened();
      expect(JSON.parse(readFileSync(`${file}.lock`, 'utf8')).pid).toBe(process.pid);
      await store.importBatch(sampleBatch(), importer);
      expect((await onDisk()).accounts).toHaveLength(5);
    });

    it('takes over a lock file that names another host when no process holds the lock (the file only names)', async () => {
      writeFileSync(
        `${file}.lock`,
        JSON.stringify({ pid: 1, host: 'other-host', since: '2026-01-01T00:00:00Z', purpose: 'the bot' }),
      );
      const store = await opened();
      expect(JSON.parse(readFileSync(`${file}.lock`, 'utf8')).pid).toBe(process.pid);
      await store.close();
    });
  });

  describe('a write that fails', () => {
    async function expectRevertedAfterFailure(store: Store, fix: () => void): Promise<void> {
      await expect(store.recordReauthorization(acmeEurope, agent)).rejects.toThrow();
      // Memory holds what the disk holds: the failed change is gone.
      expect(
        (await store.channelsOfAccount('acme-outdoor')).find((c) => c.id === 'ch-acme-uk'),
      ).toMatchObject({
        authorization: 'MWS',
      });
      expect(await store.auditTrail()).toHaveLength(5);
      fix();
      // A later write persists only itself, not the failed change.
      await store.importBatch(
        { accounts: [{ id: 'fjord-foods', name: 'Fjord Foods' }], channels: [] },
        importer,
      );
      await store.close();
      const reopened = await opened();
      expect(await reopened.getAccount('fjord-foods')).toBeDefined();
      const uk = (await reopened.channelsOfAccount('acme-outdoor')).find((c) => c.id === 'ch-acme-uk');
      expect(uk?.authorization).toBe('MWS');
      expect((await reopened.auditTrail()).map((e) => e.action)).not.toContain('reauthorized');
    }

    it('rejects and reverts memory when the directory is read-only', async (ctx) => {
      const store = await openFileStore(file);
      open.push(store);
      await store.importBatch(sampleBatch(), importer);
      chmodSync(dir, 0o500);
      if (canWriteIn(dir)) {
        chmodSync(dir, 0o700);
        ctx.skip('this user (root) can write to a read-only directory');
      }
      await expectRevertedAfterFailure(store, () => chmodSync(dir, 0o700));
    });

    it('rejects and reverts memory when the directory has been replaced by a file', async () => {
      const storeDir = join(dir, 'data');
      file = join(storeDir, 'reauth.json');
      const store = await openFileStore(file);
      open.push(store);
      await store.importBatch(sampleBatch(), importer);
      renameSync(storeDir, `${storeDir}.moved`);
      writeFileSync(storeDir, 'not a directory');
      await expectRevertedAfterFailure(store, () => {
        unlinkSync(storeDir);
        renameSync(`${storeDir}.moved`, storeDir);
      });
    });
  });
});

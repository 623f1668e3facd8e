import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCommand } from '../../src/cli/importCommand.js';
import { openFileStore } from '../../store/openStore.js';
import { captureIo } from '../support/cliIo.js';
import { TestClock } from '../support/testClock.js';

const HEADER =
  'account_id,account_name,account_manager,channel_id,marketplace,seller_id,authorization,authorized_at';

describe('reauth import warns, and still imports, about Seller IDs that look wrong', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const clock = new TestClock('2026-11-28T12:00:00Z');
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'reauth-import-warn-'));
    env = { REAUTH_DB: join(dir, 'reauth.json') };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function run(...lines: string[]) {
    const path = join(dir, 'accounts.csv');
    writeFileSync(path, `${[HEADER, ...lines].join('\n')}\n`);
    const io = captureIo();
    const code = await importCommand([path], env, io, { clock });
    return { code, out: io.out(), err: io.err() };
  }

  async function channelCount(): Promise<number> {
    const store = await openFileStore(env.REAUTH_DB as string, { readOnly: true });
    try {
      return (await store.allChannels()).length;
    } finally {
      await store.close();
    }
  }

  it("a marketplace ID in the seller_id column (Germany's A1PA6795UKMFR9), with its line numbers", async () => {
    const { code, err, out } = await run(
      'acme,Acme,,acme-de,DE,A1PA6795UKMFR9,MWS,',
      'acme,Acme,,acme-fr,FR,A1PA6795UKMFR9,MWS,',
      'acme,Acme,,acme-uk,UK,A1ACMEEU00001X,MWS,',
    );
    expect(code).toBe(0);
    expect(err).toContain(
      'warning: line 2, column seller_id: "A1PA6795UKMFR9" is the marketplace ID of Germany (DE), not a Seller ID; ' +
        "check the channel's Seller ID in Seller Central; kept as given (also on line 3)\n",
    );
    expect(out).toMatch(/^Imported .*: accounts 1 added/);
    expect(await channelCount()).toBe(3);
  });

  it('one Seller ID under two customers, naming both and their lines', async () => {
    const { code, err } = await run(
      'acme,Acme,,acme-uk,UK,A1SHAREDEU001X,MWS,',
      'bolt,Bolt Ltd,,bolt-uk,UK,A1OWNBOLTEU01X,MWS,',
      'bolt,Bolt Ltd,,bolt-de,DE,A1SHAREDEU001X,MWS,',
    );
    expect(code).toBe(0);
    expect(err).toContain(
      'warning: line 4, column seller_id: Seller ID A1SHAREDEU001X is also under account acme (line 2); ' +
        'a Seller ID is one Amazon business, so check which customer it belongs to; kept as given\n',
    );
    expect(await channelCount()).toBe(3);
  });

  it('one Seller ID under a customer already in the store and another in the file', async () => {
    await run('acme,Acme,,acme-uk,UK,A1SHAREDEU001X,MWS,');
    const { code, err } = await run('bolt,Bolt Ltd,,bolt-uk,UK,A1SHAREDEU001X,MWS,');
    expect(code).toBe(0);
    expect(err).toContain(
      'warning: line 2, column seller_id: Seller ID A1SHAREDEU001X is also under account acme (in the store); ' +
        'a Seller ID is one Amazon business, so check which customer it belongs to; kept as given\n',
    );
    expect(await channelCount()).toBe(2);
  });
});

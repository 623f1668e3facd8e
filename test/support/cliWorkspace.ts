import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DoctorOptions } from '../../src/cli/doctorChecks.js';
import { reauthCommand } from '../../src/cli/reauthCommand.js';
import type { Account, Channel } from '../../src/domain/accounts.js';
import { openFileStore } from '../../store/openStore.js';
import { captureIo } from './cliIo.js';
import type { TestClock } from './testClock.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** A directory of its own for a CLI test: a store path in it, files to write, `reauth` to run. */
export class CliWorkspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'reauth-cli-'));
  readonly db = join(this.dir, 'data', 'reauth.json');
  env: NodeJS.ProcessEnv = { REAUTH_DB: this.db };

  constructor(private readonly clock: TestClock) {}

  file(name: string, text: string): string {
    const path = join(this.dir, name);
    writeFileSync(path, text);
    return path;
  }

  async reauth(
    args: string[],
    options: { tty?: boolean; env?: NodeJS.ProcessEnv; doctor?: DoctorOptions } = {},
  ): Promise<CliRun> {
    const io = captureIo({ tty: options.tty ?? false });
    const code = await reauthCommand(args, options.env ?? this.env, io, {
      clock: this.clock,
      ...(options.doctor ? { doctor: options.doctor } : {}),
    });
    return { code, out: io.out(), err: io.err() };
  }

  /** What a store file holds, read as the bot would read it. */
  async stored(db = this.db): Promise<{ accounts: Account[]; channels: Channel[] }> {
    const store = await openFileStore(db, { readOnly: true });
    try {
      return { accounts: await store.listAccounts(), channels: await store.allChannels() };
    } finally {
      await store.close();
    }
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

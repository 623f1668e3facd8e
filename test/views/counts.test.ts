import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import {
  type Account,
  type Authorization,
  type Channel,
  reauthorizationsNeeded,
  reauthorizationUnits,
} from '../../src/domain/accounts.js';
import { type DeadlineStatus, describeDeadline } from '../../src/domain/deadline.js';
import { buildDigest, managerDigest } from '../../src/domain/digest.js';
import type { DigestRecord } from '../../src/domain/digestRecord.js';
import { pendingAccounts } from '../../src/domain/pending.js';
import type { AccountPicture } from '../../src/services/accountService.js';
import type { HomePicture } from '../../src/services/homeService.js';
import type { Message } from '../../src/views/blocks.js';
import { digestMessages, digestPreview } from '../../src/views/digest.js';
import { digestPostOutcomeText } from '../../src/views/digestCommand.js';
import { digestText } from '../../src/views/digestText.js';
import { doneMessage } from '../../src/views/done.js';
import { historyMessage } from '../../src/views/history.js';
import { homeView } from '../../src/views/home.js';
import { mergedMessage } from '../../src/views/merged.js';
import { pendingMessage } from '../../src/views/pending.js';
import { plainText } from '../../src/views/plainText.js';
import { statusMessage } from '../../src/views/status.js';
import { stepsMessage } from '../../src/views/steps.js';

const COUNTS = [0, 1, 2] as const;
const NONE: DeadlineStatus = { kind: 'none' };

/** The nouns the bot counts, singular and plural. */
const NOUNS: [string, string][] = [
  ['account', 'accounts'],
  ['channel', 'channels'],
  ['reauthorization', 'reauthorizations'],
  ['separate reauthorization', 'separate reauthorizations'],
  ['DM', 'DMs'],
  ['day', 'days'],
  ['entry', 'entries'],
  ['problem', 'problems'],
  ['reply', 'replies'],
  ['message', 'messages'],
  ['Seller ID', 'Seller IDs'],
  ['region', 'regions'],
];

/** What reads wrong whatever the number: "(s)", "1 accounts", "2 account", "in Far East", "All 1". */
function grammarSlips(text: string): string[] {
  const slips: string[] = [];
  const flag = (re: RegExp) => {
    for (const m of text.matchAll(re)) slips.push(m[0]);
  };
  flag(/\w\((s|es)\)/g);
  flag(/\bin Far East\b/g);
  flag(/\bAll 1\b/g);
  flag(/\b[01] of them\b/g);
  for (const [one, many] of NOUNS) {
    flag(new RegExp(`(?<![\\d,.])1 ${many}\\b`, 'g'));
    flag(new RegExp(`(?<![\\d,.])(0|[2-9]) ${one}(?![\\w-])`, 'g'));
  }
  return slips;
}

function everything(message: Message | { blocks: readonly unknown[] }): string {
  const text = 'text' in message ? `${message.text}\n` : '';
  return `${text}${plainText(message)}`;
}

function ch(
  id: string,
  marketplace: string,
  sellerId: string,
  authorization: Authorization = 'MWS',
): Channel {
  return { id, accountId: 'acct', marketplace, sellerId, authorization };
}

function pictureOf(channels: Channel[], account: Account = { id: 'acct', name: 'Acct' }): AccountPicture {
  const units = reauthorizationUnits(channels);
  return { account, channels, units, reauthorizationsNeeded: reauthorizationsNeeded(units), deadline: NONE };
}

/** `n` units of one channel each, `toDo` of them still on MWS. */
function unitsPicture(n: number, toDo: number): AccountPicture {
  const codes = ['UK', 'DE', 'FR'];
  return pictureOf(
    Array.from({ length: n }, (_, i) =>
      ch(`ch-${i}`, codes[i] as string, `A1SELLER0000${i}X`, i < toDo ? 'MWS' : 'MWS/SP-API'),
    ),
  );
}

/** `n` accounts of one pending channel each, all managed by UMANAGER. */
function accountsWithPending(n: number): { accounts: Account[]; channels: Channel[] } {
  const accounts = Array.from({ length: n }, (_, i) => ({
    id: `acct-${i}`,
    name: `Account ${i}`,
    accountManager: 'UMANAGER',
  }));
  const channels = accounts.map((a, i) => ({ ...ch(`ch-${i}`, 'UK', `A1SELLER0000${i}X`), accountId: a.id }));
  return { accounts, channels };
}

function record(parts: number, dms: number, refused: number): DigestRecord {
  return {
    id: 'extra:x',
    kind: 'extra',
    slot: '2026-11-28T09:00:00.000Z',
    channel: 'CDIGEST',
    status: 'posted',
    requestedBy: 'UAPPROVER',
    createdAt: '2026-11-28T09:00:00.000Z',
    parts: Array.from({ length: parts }, () => ({ ts: '1.1' })),
    dms: [
      ...Array.from({ length: dms }, (_, i) => ({ user: `UM${i}`, parts: [{ ts: '1.1' }] })),
      ...Array.from({ length: refused }, (_, i) => ({ user: `UR${i}`, parts: [], error: 'user_not_found' })),
    ],
  };
}

describe('every counted message reads right for 0, 1 and 2', () => {
  it('the grammar check itself catches the slips it is for', () => {
    expect(grammarSlips('1 problem(s), All 1 account, 1 accounts, 2 reauthorization, in Far East')).toEqual([
      'm(s)',
      'in Far East',
      'All 1',
      '1 accounts',
      '2 reauthorization',
    ]);
    expect(grammarSlips('1 account, 2 accounts, 0 accounts, 12 accounts, 1,000 accounts')).toEqual([]);
  });

  it('/reauth pending', () => {
    const texts = COUNTS.map((n) => {
      const { accounts, channels } = accountsWithPending(n);
      return everything(
        pendingMessage({ accountsOnRecord: n, pending: pendingAccounts(accounts, channels) }, NONE),
      );
    });
    for (const t of texts) expect(grammarSlips(t)).toEqual([]);
    expect(texts[1]).toContain('1 account still needs 1 reauthorization.');
    expect(texts[2]).toContain('2 accounts still need 2 reauthorizations.');
  });

  it('/reauth status, merged and steps', () => {
    for (const total of [1, 2]) {
      for (const toDo of COUNTS.filter((k) => k <= total)) {
        const picture = unitsPicture(total, toDo);
        for (const message of [
          statusMessage(picture, { shareButton: false }),
          mergedMessage(picture),
          stepsMessage(picture),
        ]) {
          expect(grammarSlips(everything(message)), `${total} units, ${toDo} to do`).toEqual([]);
        }
      }
    }
    expect(everything(mergedMessage(unitsPicture(1, 0)))).toContain(
      'needs 1 reauthorization to move every channel: it is done.',
    );
    expect(everything(mergedMessage(unitsPicture(1, 1)))).toContain(
      'needs 1 reauthorization to move every channel: it is still to do.',
    );
    expect(everything(mergedMessage(unitsPicture(2, 0)))).toContain(
      '2 reauthorizations to move every channel: all done.',
    );
    expect(everything(mergedMessage(unitsPicture(2, 1)))).toContain('1 still to do, 1 done.');
    expect(everything(mergedMessage(unitsPicture(2, 2)))).toContain('both still to do.');
    expect(stepsMessage(unitsPicture(1, 1)).text).toBe('Acct: 1 reauthorization to do.');
    expect(stepsMessage(unitsPicture(2, 0)).text).toBe('Acct: 0 reauthorizations to do.');
  });

  it('/reauth done, for one and two channels and in every region', () => {
    const one = pictureOf([ch('ch-jp', 'JP', 'A1SELLERJP001X', 'MWS/SP-API')]);
    const unit = one.units[0];
    if (!unit) throw new Error('no unit');
    const single = everything(
      doneMessage({ kind: 'recorded', picture: one, unit, changed: one.channels }, 'UTC'),
    );
    expect(single).toContain(
      'Seller ID `A1SELLERJP001X` in the Far East is reauthorized, so JP now shows MWS/SP-API.',
    );
    const two = pictureOf([
      ch('ch-uk', 'UK', 'A1SELLEREU001X', 'MWS/SP-API'),
      ch('ch-de', 'DE', 'A1SELLEREU001X', 'MWS/SP-API'),
    ]);
    const unit2 = two.units[0];
    if (!unit2) throw new Error('no unit');
    const double = everything(
      doneMessage({ kind: 'recorded', picture: two, unit: unit2, changed: two.channels }, 'UTC'),
    );
    expect(double).toContain('so UK and DE now show MWS/SP-API.');
    for (const t of [single, double]) expect(grammarSlips(t)).toEqual([]);
  });

  it('the digest, in Slack and in a terminal, for the channel and for one account manager', () => {
    for (const n of COUNTS) {
      const { accounts, channels } = accountsWithPending(n);
      const input = { accounts, channels, deadline: NONE, date: '2026-11-28' };
      const digest = buildDigest(input);
      const mine = managerDigest(input, 'UMANAGER');
      const texts = [
        ...digestMessages(digest).map(everything),
        ...digestMessages(mine, { kind: 'manager', user: 'UMANAGER' }).map(everything),
        digestText(digest, { parts: n, channel: 'CDIGEST' }),
      ];
      for (const t of texts) expect(grammarSlips(t), `${n} accounts`).toEqual([]);
    }
    const { accounts, channels } = accountsWithPending(1);
    const mine = managerDigest({ accounts, channels, deadline: NONE, date: '2026-11-28' }, 'UMANAGER');
    expect(everything(digestMessages(mine, { kind: 'manager', user: 'UMANAGER' })[0] as Message)).toContain(
      'You manage 1 account: 1 account still needs 1 reauthorization.',
    );
  });

  it('the digest preview and the answer to /reauth digest post', () => {
    for (const parts of [1, 2, 3]) {
      const messages = Array.from({ length: parts }, () => ({ text: 'x', blocks: [] }));
      expect(grammarSlips(everything(digestPreview(messages, 'CDIGEST')))).toEqual([]);
    }
    const texts: string[] = [];
    for (const parts of [1, 2, 3])
      for (const dms of COUNTS)
        for (const refused of COUNTS) {
          const text = digestPostOutcomeText({ kind: 'posted', record: record(parts, dms, refused) });
          texts.push(text);
          expect(grammarSlips(text), `${parts} parts, ${dms} DMs, ${refused} refused`).toEqual([]);
        }
    expect(texts).toContain(
      'Posted the digest to CDIGEST: a message and 1 thread reply, and 1 DM to an account manager. Slack refused 1 DM; the log says why. The schedule is unchanged.',
    );
    const failed = digestPostOutcomeText({ kind: 'failed', record: record(1, 0, 0), error: 'boom' });
    expect(failed).toContain('(1 of 1 channel message out)');
  });

  it('App Home: totals, your accounts, all done', () => {
    for (const n of COUNTS) {
      const { accounts, channels } = accountsWithPending(n);
      const input = { accounts, channels, deadline: NONE, date: '2026-11-28' };
      const mine = managerDigest(input, 'UMANAGER');
      const pending: HomePicture = {
        user: 'UMANAGER',
        timeZone: 'UTC',
        deadline: NONE,
        totals: buildDigest(input).totals,
        ...(n > 0 ? { managed: { accounts: n, pending: mine.groups.flatMap((g) => g.accounts) } } : {}),
      };
      const done: HomePicture = { ...pending, ...(n > 0 ? { managed: { accounts: n, pending: [] } } : {}) };
      for (const picture of [pending, done]) expect(grammarSlips(everything(homeView(picture)))).toEqual([]);
    }
    const allDone = (accounts: number) =>
      everything(
        homeView({
          user: 'U',
          timeZone: 'UTC',
          deadline: NONE,
          totals: { accounts, channels: 0, channelsOnMws: 0, pendingAccounts: 0, reauthorizationsNeeded: 0 },
          managed: { accounts, pending: [] },
        }),
      );
    expect(allDone(1)).toContain('The one account you manage shows MWS/SP-API: nothing left to do.');
    expect(allDone(2)).toContain('All 2 accounts you manage show MWS/SP-API: nothing left to do.');
  });

  it('history, the deadline and configuration problems', () => {
    for (const n of COUNTS) {
      const entries = Array.from({ length: n }, () => ({
        at: '2026-11-28T09:00:00.000Z',
        actor: 'import',
        action: 'import',
        target: 'account:acct',
        accountId: 'acct',
        details: { changes: ['account added'] },
      }));
      const history = historyMessage({ account: { id: 'acct', name: 'Acct' }, entries }, 'UTC');
      expect(grammarSlips(everything(history))).toEqual([]);
      for (const kind of ['upcoming', 'overdue'] as const) {
        const status: DeadlineStatus = {
          kind,
          deadline: '2026-12-31',
          daysLeft: kind === 'overdue' ? -n : n,
        };
        expect(grammarSlips(describeDeadline(status))).toEqual([]);
      }
      if (n > 0) {
        const problems = Array.from({ length: n }, (_, i) => `problem ${i}`);
        expect(grammarSlips(new ConfigError(problems).message)).toEqual([]);
      }
    }
    expect(new ConfigError(['x']).message).toContain('The configuration has 1 problem:');
  });
});

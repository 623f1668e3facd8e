import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { DeadlineStatus } from '../../src/domain/deadline.js';
import { buildDigest, managerDigest } from '../../src/domain/digest.js';
import { LIMITS, type Message } from '../../src/views/blocks.js';
import { digestMessages, digestPreview } from '../../src/views/digest.js';
import { digestText } from '../../src/views/digestText.js';
import { bulkBatch } from '../support/bulkData.js';
import { sampleBatch } from '../support/sampleData.js';

function sampleDigest(deadline: DeadlineStatus) {
  const { accounts, channels } = sampleBatch();
  return buildDigest({ accounts, channels, deadline, date: '2026-11-28' });
}

/** Every piece of text a message shows, in order. */
function shown(message: Message): string {
  return message.blocks.map(blockText).join('\n');
}

function blockText(block: KnownBlock): string {
  if (block.type === 'section' || block.type === 'header') return block.text?.text ?? '';
  if (block.type === 'context') return block.elements.map((e) => ('text' in e ? e.text : '')).join(' ');
  return '';
}

function expectWithinLimits(messages: readonly Message[]) {
  for (const m of messages) {
    expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(m.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    for (const b of m.blocks) {
      if (b.type === 'section') expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.sectionText);
      if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    }
  }
}

describe('the digest in Slack', () => {
  it('at 30 days: the countdown, the totals, then each account manager with their pending accounts', () => {
    const [message, ...rest] = digestMessages(
      sampleDigest({ kind: 'upcoming', deadline: '2026-12-28', daysLeft: 30 }),
    );
    expect(rest).toEqual([]);
    const text = shown(message as Message);
    expect(text).toContain('Reauthorization digest: 30 days left');
    expect(text).toContain('30 days left until the deadline (2026-12-28)');
    expect(text).toContain(
      '*Totals:* 5 accounts, 19 channels, 16 still on MWS; 11 reauthorizations still needed across 5 accounts.',
    );
    expect(text).toContain('*<@UMANAGER2>*: 1 account, 2 reauthorizations');
    expect(text).toContain(
      '• Dune Traders (`dune-traders`) · *2*: EU `A5DUNEEU0001XX` (UK, DE); EU `A5DUNEME0001XX` (SA, AE)',
    );
    expect(text).toContain(
      '*<@UMANAGER1>*: 1 account, 1 reauthorization\n• Acme Outdoor (`acme-outdoor`): EU `A1ACMEEU00001X` (UK, FR, DE)',
    );
    expect(text).toContain('*No account manager*: 3 accounts, 8 reauthorizations');
    expect(text).toContain(
      '• Cedar &amp; Co (`cedar-co`) · *2*: EU `A4CEDARONE001X` (UK); EU `A4CEDARTWO001X` (UK)',
    );
    expect(text.indexOf('Totals')).toBeLessThan(text.indexOf('UMANAGER2'));
    expect(text.indexOf('UMANAGER1')).toBeLessThan(text.indexOf('No account manager'));
    expect(message?.text).toBe(
      'Reauthorization digest: 5 accounts still need 11 reauthorizations. 30 days left until the deadline (2026-12-28).',
    );
  });

  it('at 1 day: says one day left', () => {
    const [message] = digestMessages(sampleDigest({ kind: 'upcoming', deadline: '2026-11-29', daysLeft: 1 }));
    expect(shown(message as Message)).toContain('Reauthorization digest: 1 day left');
    expect(shown(message as Message)).toContain('1 day left until the deadline (2026-11-29).');
  });

  it('after the deadline: the heading says to contact, and the overdue accounts come before the totals', () => {
    const [message] = digestMessages(sampleDigest({ kind: 'overdue', deadline: '2026-11-20', daysLeft: -8 }));
    const text = shown(message as Message);
    expect(text).toMatch(/^Reauthorization: 5 accounts to contact/);
    expect(text).toContain('*<@UMANAGER2>*: 1 account to contact (2 reauthorizations)');
    expect(text).toContain('The deadline (2026-11-20) passed 8 days ago: overdue.');
    expect(text.indexOf('Dune Traders')).toBeLessThan(text.indexOf('Totals'));
    expect(message?.text).toMatch(
      /^Reauthorization digest: 5 accounts to contact, 11 reauthorizations still needed/,
    );
  });

  it('says only "all done" when nothing is pending', () => {
    const { accounts, channels } = sampleBatch();
    const done = channels.map((c) => ({ ...c, authorization: 'MWS/SP-API' as const }));
    const messages = digestMessages(
      buildDigest({ accounts, channels: done, deadline: { kind: 'none' }, date: '2026-11-28' }),
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]?.blocks).toHaveLength(2);
    expect(shown(messages[0] as Message)).toContain('All done');
  });

  it('escapes account names, so a name cannot ping a channel', () => {
    const { accounts, channels } = sampleBatch();
    const named = accounts.map((a) => (a.id === 'emu-gear' ? { ...a, name: '<!channel> Emu' } : a));
    const [message] = digestMessages(
      buildDigest({ accounts: named, channels, deadline: { kind: 'none' }, date: '2026-11-28' }),
    );
    expect(JSON.stringify(message)).not.toContain('<!channel>');
    expect(shown(message as Message)).toContain('&lt;!channel&gt; Emu');
  });

  it('splits 3,000 pending accounts into a parent and thread replies within the limits, each account exactly once', () => {
    const { accounts, channels } = bulkBatch(3000);
    const digest = buildDigest({
      accounts,
      channels,
      deadline: { kind: 'upcoming', deadline: '2026-12-28', daysLeft: 30 },
      date: '2026-11-28',
    });
    const messages = digestMessages(digest);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.length).toBeLessThanOrEqual(4);
    expectWithinLimits(messages);

    const parent = shown(messages[0] as Message);
    expect(parent).toContain('Reauthorization digest: 30 days left');
    expect(parent).toContain('*Totals:* 3,000 accounts, 10,000 channels, 10,000 still on MWS');
    expect(parent).toContain('in the thread');
    expect(parent).toContain('• <@UMGR000>: 231 accounts');

    const all = messages.map(shown).join('\n');
    for (const a of accounts) {
      const occurrences = all.split(`(\`${a.id}\`)`).length - 1;
      expect(occurrences, a.id).toBe(1);
    }
    messages.slice(1).forEach((reply, i) => {
      expect(shown(reply)).toMatch(new RegExp(`^Part ${i + 2} of ${messages.length}`));
    });
    // A manager whose accounts run on into the next reply is named again there.
    expect(
      messages.slice(2).some((m) => /^\*(<@UMGR\d+>|No account manager)\* _\(continued\)_/m.test(shown(m))),
    ).toBe(true);
  });

  it('keeps an account with very many Seller IDs whole, one line per unit', () => {
    const accounts = [{ id: 'huge', name: 'H'.repeat(500) }];
    const channels = Array.from({ length: 60 }, (_, i) => ({
      id: `huge-${i}`,
      accountId: 'huge',
      marketplace: 'UK',
      sellerId: `A${String(i).padStart(13, '0')}`,
      authorization: 'MWS' as const,
    }));
    const messages = digestMessages(
      buildDigest({ accounts, channels, deadline: { kind: 'none' }, date: '2026-11-28' }),
    );
    expectWithinLimits(messages);
    const all = messages.map(shown).join('\n');
    for (const c of channels) expect(all).toContain(c.sellerId);
  });

  it("shows an account manager's DM only their accounts", () => {
    const { accounts, channels } = sampleBatch();
    const input = {
      accounts,
      channels,
      deadline: { kind: 'upcoming', deadline: '2026-12-28', daysLeft: 30 } as const,
      date: '2026-11-28',
    };
    const [dm] = digestMessages(managerDigest(input, 'UMANAGER1'), { kind: 'manager', user: 'UMANAGER1' });
    const text = shown(dm as Message);
    expect(text).toContain('Your reauthorization digest: 30 days left');
    expect(text).toContain('You manage 1 account: 1 account still needs 1 reauthorization.');
    expect(text).toContain('Acme Outdoor');
    expect(text).not.toContain('Dune Traders');
    expect(text).not.toContain('Borealis');
  });

  it('previews the first message with how many messages posting makes', () => {
    const { accounts, channels } = bulkBatch(3000);
    const messages = digestMessages(
      buildDigest({ accounts, channels, deadline: { kind: 'none' }, date: '2026-11-28' }),
    );
    const preview = digestPreview(messages, 'CDIGEST');
    expect(preview.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(shown(preview)).toContain(
      `Posted to <#CDIGEST>, the digest is this message and ${messages.length - 1} thread replies.`,
    );
  });
});

describe('the digest as text', () => {
  it('prints the same content without Slack markup', () => {
    const text = digestText(sampleDigest({ kind: 'upcoming', deadline: '2026-12-28', daysLeft: 30 }), {
      parts: 1,
      channel: 'CDIGEST',
    });
    expect(text).toContain('Reauthorization digest: 30 days left (2026-11-28)');
    expect(text).toContain(
      'Totals: 5 accounts, 19 channels, 16 still on MWS; 11 reauthorizations still needed across 5 accounts.',
    );
    expect(text).toContain(
      'Account manager UMANAGER2: 1 account, 2 reauthorizations\n  - Dune Traders (dune-traders): EU A5DUNEEU0001XX (UK, DE); EU A5DUNEME0001XX (SA, AE)',
    );
    expect(text).toContain('  - Cedar & Co (cedar-co)');
    expect(text).toContain('Posted to CDIGEST, this is 1 Slack message.');
    expect(text).not.toContain('`');
  });
});

describe('the digest of an empty store', () => {
  it('says there are no accounts yet rather than "all done"', () => {
    const digest = buildDigest({
      accounts: [],
      channels: [],
      deadline: { kind: 'none' },
      date: '2026-11-28',
    });
    expect(shown(digestMessages(digest)[0] as Message)).toContain('No accounts are on record yet');
    expect(digestText(digest, { parts: 1 })).toContain(
      'No accounts on record yet (2026-11-28): load them with npm run import -- <file.csv>.',
    );
    expect(digestText(digest, { parts: 1 })).toContain('no digest channel is set (REAUTH_DIGEST_CHANNEL)');
  });
});

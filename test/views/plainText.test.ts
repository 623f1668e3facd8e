import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { reauthorizationsNeeded, reauthorizationUnits } from '../../src/domain/accounts.js';
import { escapeMrkdwn } from '../../src/domain/text.js';
import type { AccountPicture } from '../../src/services/accountService.js';
import { actions, button, context, divider, header, section } from '../../src/views/blocks.js';
import { accountNotFound } from '../../src/views/lookup.js';
import { type BlockElementJson, mrkdwnToPlain, plainText } from '../../src/views/plainText.js';
import { statusMessage } from '../../src/views/status.js';
import { sampleBatch } from '../support/sampleData.js';

describe('mrkdwnToPlain', () => {
  it('drops *bold*, _italic_, ~strike~ and `code` marks, keeping the words', () => {
    expect(mrkdwnToPlain('*Europe (EU)* is _still_ ~done~ on `MWS`')).toBe(
      'Europe (EU) is still done on MWS',
    );
    expect(mrkdwnToPlain('*Seller ID `A1X`: 2 left*')).toBe('Seller ID A1X: 2 left');
  });

  it('leaves marks that are not markup: inside words, with spaces inside, inside code', () => {
    expect(mrkdwnToPlain('account_id and seller_id')).toBe('account_id and seller_id');
    expect(mrkdwnToPlain('2*3*4 and a * b * c')).toBe('2*3*4 and a * b * c');
    expect(mrkdwnToPlain('`*not bold*` and ```\nline *1*\n  <@U1>\n```')).toBe(
      '*not bold* and line *1*\n  <@U1>',
    );
  });

  it('shows mentions, channels and special mentions as people would say them', () => {
    expect(mrkdwnToPlain('<@U123> and <@U456|jane>')).toBe('@U123 and @jane');
    expect(mrkdwnToPlain('in <#C123|support> or <#C999>')).toBe('in #support or #C999');
    expect(mrkdwnToPlain('<!here>, <!channel|channel>, <!subteam^S1|@ops> and <!subteam^S2>')).toBe(
      '@here, @channel, @ops and @S2',
    );
    expect(mrkdwnToPlain('due <!date^1780000000^{date_short}|Jun 1, 2026>')).toBe('due Jun 1, 2026');
  });

  it('shows links as their label and address', () => {
    expect(mrkdwnToPlain('see <https://example.com/a?b=1&amp;c=2|the guide>')).toBe(
      'see the guide (https://example.com/a?b=1&c=2)',
    );
    expect(mrkdwnToPlain('<https://example.com>')).toBe('https://example.com');
    expect(mrkdwnToPlain('<mailto:help@example.com|help@example.com>')).toBe('help@example.com');
  });

  it('unescapes &lt; &gt; &amp; once, last, so escaped input stays plain text', () => {
    const typed = '<!channel> & <@U1> *loud*';
    expect(mrkdwnToPlain(escapeMrkdwn(typed))).toBe('<!channel> & <@U1> loud');
    expect(mrkdwnToPlain('&amp;lt;')).toBe('&lt;');
  });

  it('turns known emoji codes into emoji and keeps the rest as written', () => {
    expect(mrkdwnToPlain(':warning: late :white_check_mark: done :custom_logo: at 12:30:45')).toBe(
      '⚠️ late ✅ done :custom_logo: at 12:30:45',
    );
    expect(mrkdwnToPlain(':+1::skin-tone-3:')).toBe('👍');
  });

  it('turns the checklist and status emoji into emoji, in mrkdwn and in plain text', () => {
    expect(mrkdwnToPlain(':white_large_square: open :white_check_mark: done :grey_question: unknown')).toBe(
      '⬜ open ✅ done ❔ unknown',
    );
    expect(plainText([header(':warning: Late'), context(':tada: All done')])).toBe(
      '⚠️ Late\n=======\n\n🎉 All done',
    );
  });

  it('has an emoji for every emoji code the bot writes in its messages', () => {
    const sources = [...sourceFiles('src/views'), ...sourceFiles('handlers')].filter(
      (file) => !/(plainText|emoji)\.ts$/.test(file),
    );
    const codes = new Set(
      sources.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/:([a-z][a-z0-9_+-]*):(?= )/g)]),
    );
    expect(codes.size).toBeGreaterThan(5);
    const unknown = [...codes].map((m) => m[0]).filter((code) => mrkdwnToPlain(code) === code);
    expect(unknown).toEqual([]);
  });

  it('drops bold and italic marks around code and mentions, as in the rollback checklist', () => {
    expect(
      mrkdwnToPlain(
        ':white_large_square: *Seller ID `A1ACME`: app active.* In Seller Central the app shows as *Active*.',
      ),
    ).toBe('⬜ Seller ID A1ACME: app active. In Seller Central the app shows as Active.');
    expect(mrkdwnToPlain('_Done by <@U1> at 28 Nov 12:00_\n*Approved* by <@U2|priya>.')).toBe(
      'Done by @U1 at 28 Nov 12:00\nApproved by @priya.',
    );
    const marked = { bold: (t: string) => `<b>${t}</b>`, italic: (t: string) => `<i>${t}</i>` };
    expect(mrkdwnToPlain('*Seller ID `A1`: app active.* then _Done by <@U1>_', marked)).toBe(
      '<b>Seller ID A1: app active.</b> then <i>Done by @U1</i>',
    );
  });

  it('applies a given style, e.g. ANSI for a terminal', () => {
    const style = {
      ...{ heading: (t: string) => t, italic: (t: string) => t, strike: (t: string) => t },
      bold: (t: string) => `\x1b[1m${t}\x1b[0m`,
      code: (t: string) => `'${t}'`,
      preformatted: (t: string) => t,
      emoji: () => undefined,
    };
    expect(mrkdwnToPlain('*Total* `2` :x:', style)).toBe("\x1b[1mTotal\x1b[0m '2' :x:");
  });
});

describe('plainText', () => {
  it('renders the status answer the way the slash command shows it', () => {
    const batch = sampleBatch();
    const channels = batch.channels.filter((c) => c.accountId === 'dune-traders');
    const units = reauthorizationUnits(channels);
    const picture: AccountPicture = {
      account: batch.accounts[3] as AccountPicture['account'],
      channels,
      units,
      reauthorizationsNeeded: reauthorizationsNeeded(units),
      deadline: { kind: 'upcoming', deadline: '2026-12-31', daysLeft: 33 },
    };
    expect(plainText(statusMessage(picture, { shareButton: true }))).toBe(
      [
        'Dune Traders: Amazon authorization',
        '==================================',
        '',
        'Europe (EU)',
        'Seller ID A5DUNEEU0001XX: ⚠️ needs reauthorization',
        '    UK MWS  ·  DE MWS',
        'Seller ID A5DUNEME0001XX: ⚠️ needs reauthorization',
        '    SA MWS  ·  AE MWS',
        '----------------------------------------',
        '2 reauthorizations still needed.',
        '',
        '33 days left until the deadline (2026-12-31).',
        '',
        '[Share in channel]',
      ].join('\n'),
    );
  });

  it('renders section fields and accessories, context images, images, inputs; skips unknown blocks', () => {
    const blocks = [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*Unit*' },
        fields: [
          { type: 'mrkdwn', text: '*Region*\nEU' },
          { type: 'plain_text', text: 'Seller ID: A1X :tada:' },
        ],
        accessory: button('Done', 'done', 'x'),
      },
      {
        type: 'context',
        elements: [
          { type: 'image', image_url: 'https://x/i.png', alt_text: 'logo' },
          { type: 'mrkdwn', text: '_note_' },
        ],
      },
      { type: 'image', image_url: 'https://x/chart.png', alt_text: 'chart of progress' },
      {
        type: 'input',
        label: { type: 'plain_text', text: 'Marketplace' },
        element: {
          type: 'static_select',
          action_id: 'm',
          placeholder: { type: 'plain_text', text: 'Pick one' },
          options: [{ text: { type: 'plain_text', text: 'UK' }, value: 'UK' }],
        },
      },
      {
        type: 'actions',
        elements: [
          { type: 'datepicker', action_id: 'd', initial_date: '2026-12-31' },
          {
            type: 'radio_buttons',
            action_id: 'r',
            options: [
              { text: { type: 'plain_text', text: 'Yes' }, value: 'y' },
              { text: { type: 'plain_text', text: 'No' }, value: 'n' },
            ],
            initial_option: { text: { type: 'plain_text', text: 'No' }, value: 'n' },
          },
          { type: 'overflow', action_id: 'o', options: [] },
        ],
      },
      { type: 'video', title: { type: 'plain_text', text: 'skipped' } },
    ] as unknown as KnownBlock[];
    expect(plainText(blocks)).toBe(
      [
        'Unit',
        'Region',
        'EU',
        'Seller ID: A1X 🎉',
        '[Done]',
        '',
        '[logo]  note',
        '',
        '[image: chart of progress]',
        '',
        'Marketplace: [Pick one ▾]',
        '',
        '[2026-12-31 ▾]  ( ) Yes  (x) No  […]',
      ].join('\n'),
    );
  });

  it('renders rich text: styled runs, links, mentions, lists, quotes and code', () => {
    const blocks = [
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'text', text: 'Ask ' },
              { type: 'user', user_id: 'U123' },
              { type: 'text', text: ' in ' },
              { type: 'channel', channel_id: 'C9' },
              { type: 'text', text: ' now', style: { bold: true } },
              { type: 'emoji', name: 'warning' },
              { type: 'text', text: ' ' },
              { type: 'link', url: 'https://example.com', text: 'guide' },
            ],
          },
          {
            type: 'rich_text_list',
            style: 'ordered',
            elements: [
              { type: 'rich_text_section', elements: [{ type: 'text', text: 'log out' }] },
              { type: 'rich_text_section', elements: [{ type: 'text', text: 'log in' }] },
            ],
          },
          {
            type: 'rich_text_list',
            style: 'bullet',
            indent: 1,
            elements: [{ type: 'rich_text_section', elements: [{ type: 'broadcast', range: 'here' }] }],
          },
          { type: 'rich_text_quote', elements: [{ type: 'text', text: 'first\nsecond' }] },
          { type: 'rich_text_preformatted', elements: [{ type: 'text', text: 'npm run status' }] },
        ],
      },
    ] as unknown as KnownBlock[];
    expect(plainText(blocks)).toBe(
      [
        'Ask @U123 in #C9 now⚠️ guide (https://example.com)',
        '1. log out',
        '2. log in',
        '  • @here',
        '> first',
        '> second',
        'npm run status',
      ].join('\n'),
    );
  });

  it('spaces blocks like Slack: a blank line between blocks, none around a divider', () => {
    const text = plainText([
      header('Title'),
      section('one'),
      divider(),
      section('two'),
      context('small', 'print'),
    ]);
    expect(text).toBe('Title\n=====\n\none\n----------------------------------------\ntwo\n\nsmall  print');
    expect(plainText([divider()], { width: 5 })).toBe('-----');
  });

  it('falls back to the message text when there are no blocks, and renders the lookup answers', () => {
    expect(plainText({ text: '*Hello* <@U1>', blocks: [] })).toBe('Hello @U1');
    const notFound = accountNotFound('<!channel> acme', [{ id: 'acme-outdoor', name: 'Acme Outdoor' }]);
    expect(plainText(notFound)).toBe(
      'No account matches <!channel> acme. Look it up by account id, name (a unique start is enough) or Seller ID.\n' +
        'Did you mean: Acme Outdoor (acme-outdoor)?',
    );
  });

  it('lists buttons in actions blocks by their labels', () => {
    expect(
      plainText([actions('a', button('Share in channel', 's', 'v'), button('Undo', 'u', 'v', 'danger'))]),
    ).toBe('[Share in channel]  [Undo]');
  });

  it('lets a caller key the elements a person operates, in reading order, and lay blocks out compactly', () => {
    const seen: string[] = [];
    let next = 1;
    const key = (element: BlockElementJson, blockId: string) => {
      seen.push(`${blockId}/${element.action_id ?? element.type}`);
      return element.action_id === 'later' ? undefined : `[${next++}]`;
    };
    const blocks = [
      {
        ...section('Pick'),
        block_id: 'intro',
        accessory: { type: 'image', image_url: 'x', alt_text: 'logo' },
      },
      {
        type: 'section',
        block_id: 'more',
        text: { type: 'mrkdwn', text: 'More' },
        accessory: {
          type: 'overflow',
          action_id: 'menu',
          options: [
            { text: { type: 'plain_text', text: 'Edit' }, value: 'e' },
            { text: { type: 'plain_text', text: 'Delete' }, value: 'd' },
          ],
        },
      },
      {
        type: 'input',
        block_id: 'form',
        label: { type: 'plain_text', text: 'Reason' },
        element: {
          type: 'plain_text_input',
          action_id: 'reason',
          placeholder: { type: 'plain_text', text: 'Why' },
        },
      },
      actions('decide', button('Approve', 'yes', 'v'), button('Later', 'later', 'v'), {
        type: 'button',
        action_id: 'guide',
        text: { type: 'plain_text', text: 'Guide' },
        url: 'https://x.test',
      }),
      {
        type: 'actions',
        block_id: 'boxes',
        elements: [
          {
            type: 'checkboxes',
            action_id: 'check',
            options: [
              { text: { type: 'plain_text', text: 'Orders' }, value: 'o' },
              { text: { type: 'plain_text', text: 'Stock' }, value: 's' },
            ],
            initial_options: [{ text: { type: 'plain_text', text: 'Stock' }, value: 's' }],
          },
        ],
      },
      { type: 'call', call_id: 'R1' },
    ] as unknown as KnownBlock[];
    expect(
      plainText(blocks, { interactive: key, spacing: 'compact', unknownBlock: (type) => `(${type})` }),
    ).toBe(
      [
        'Pick',
        '[logo]',
        'More',
        '[1] … (Edit / Delete)',
        'Reason: [Why ▾]',
        '[2] Approve  [Later]  [3] Guide (opens https://x.test)',
        '[4] [ ] Orders  [x] Stock',
        '(call)',
      ].join('\n'),
    );
    expect(seen).toEqual(['more/menu', 'decide/yes', 'decide/later', 'decide/guide', 'boxes/check']);
    expect(plainText(blocks)).toContain(
      '[Approve]  [Later]  [Guide] (opens https://x.test)\n\n[ ] Orders  [x] Stock',
    );
  });

  it('shows mentions by the names it is given', () => {
    const names = new Map([
      ['UPRIYA', 'priya'],
      ['CSUP', 'support'],
    ]);
    expect(
      plainText({ text: '<@UPRIYA> in <#CSUP>, <@U9|bob>, <@UNKNOWN>' }, { nameOf: (id) => names.get(id) }),
    ).toBe('@priya in #support, @bob, @UNKNOWN');
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

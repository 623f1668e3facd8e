import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { reauthorizationsNeeded, reauthorizationUnits } from '../../src/domain/accounts.js';
import { escapeMrkdwn } from '../../src/domain/text.js';
import type { AccountPicture } from '../../src/services/accountService.js';
import { actions, button, context, divider, header, section } from '../../src/views/blocks.js';
import { accountNotFound } from '../../src/views/lookup.js';
import { mrkdwnToPlain, plainText } from '../../src/views/plainText.js';
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
});

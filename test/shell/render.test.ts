import { describe, expect, it } from 'vitest';
import { ansiStyle, mrkdwnToText, plainStyle, renderBlocks, renderMessage } from '../../src/shell/render.js';
import type { BlockJson } from '../../src/shell/slackShapes.js';

const options = { style: plainStyle };

describe('Block Kit as terminal text', () => {
  it('drops mrkdwn markers, resolves mentions and links, and decodes escaped input', () => {
    const names = new Map([['UPRIYA', 'priya']]);
    const text = mrkdwnToText(
      '*Europe* _now_ by <@UPRIYA> in <#C1|support>, see <https://example.com|the guide>. Typed: &lt;!channel&gt; &amp; co :warning:',
      { ...options, nameOf: (id) => names.get(id) },
    );
    expect(text).toBe(
      'Europe now by @priya in #support, see the guide (https://example.com). Typed: <!channel> & co ⚠️',
    );
  });

  it('leaves code spans and unknown emoji as written', () => {
    expect(mrkdwnToText('Seller ID `A1*X*` :not_an_emoji: at 10:30:00', options)).toBe(
      'Seller ID `A1*X*` :not_an_emoji: at 10:30:00',
    );
  });

  it('shows a header, fields, context and a divider in reading order', () => {
    const blocks: BlockJson[] = [
      { type: 'header', text: { type: 'plain_text', text: 'Acme' } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*Units*' },
        fields: [
          { type: 'mrkdwn', text: '*Region*\nEU' },
          { type: 'plain_text', text: 'Seller A1' },
        ],
      },
      { type: 'divider' },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: 'Deadline _soon_' },
          { type: 'image', alt_text: 'logo', image_url: 'x' },
        ],
      },
    ];
    expect(renderBlocks(blocks, options)).toEqual([
      'Acme',
      '====',
      'Units',
      'Region',
      'EU',
      'Seller A1',
      '-'.repeat(40),
      'Deadline soon  [logo]',
    ]);
  });

  it('numbers every interactive element, in actions blocks and as section accessories', () => {
    let next = 7;
    const seen: string[] = [];
    const lines = renderBlocks(
      [
        {
          type: 'section',
          block_id: 'intro',
          text: { type: 'mrkdwn', text: 'Pick one' },
          accessory: {
            type: 'overflow',
            action_id: 'more',
            options: [
              { text: { type: 'plain_text', text: 'Edit' }, value: 'e' },
              { text: { type: 'plain_text', text: 'Delete' }, value: 'd' },
            ],
          },
        },
        {
          type: 'actions',
          block_id: 'decide',
          elements: [
            { type: 'button', action_id: 'yes', text: { type: 'plain_text', text: 'Approve' } },
            { type: 'button', action_id: 'no', text: { type: 'plain_text', text: 'Deny' } },
            {
              type: 'static_select',
              action_id: 'pick',
              placeholder: { type: 'plain_text', text: 'Marketplace' },
            },
          ],
        },
      ],
      {
        ...options,
        numberFor: (element, blockId) => {
          seen.push(`${blockId}/${element.action_id}`);
          return next++;
        },
      },
    );
    expect(lines).toEqual(['Pick one', '[7] … (Edit / Delete)', '[8] Approve  [9] Deny  [10] Marketplace ▾']);
    expect(seen).toEqual(['intro/more', 'decide/yes', 'decide/no', 'decide/pick']);
  });

  it('falls back to the message text when there are no blocks, and says which blocks it cannot show', () => {
    expect(renderMessage({ text: 'Plain *reply*' }, options)).toEqual(['Plain reply']);
    expect(renderBlocks([{ type: 'call' }], options)).toEqual(['[a call block the shell does not display]']);
  });

  it('shows a checklist item with its emoji, without bold marks, and its button numbered', () => {
    const item: BlockJson = {
      type: 'section',
      block_id: 'item',
      text: {
        type: 'mrkdwn',
        text: ':white_large_square: *Seller ID `A1ACME`: app active.* Manage Your Apps shows the app as *Active*.',
      },
      accessory: { type: 'button', action_id: 'tick', text: { type: 'plain_text', text: 'Done' } },
    };
    const done: BlockJson = {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: ':white_check_mark: *Inventory.* Run the sync.\n_Done by <@UPRIYA> at 12:00_',
      },
    };
    expect(
      renderBlocks([item, done], {
        ...options,
        numberFor: () => 3,
        nameOf: (id) => id.slice(1).toLowerCase(),
      }),
    ).toEqual([
      '⬜ Seller ID `A1ACME`: app active. Manage Your Apps shows the app as Active.',
      '[3] Done',
      '✅ Inventory. Run the sync.',
      'Done by @priya at 12:00',
    ]);
  });

  it('on a terminal, shows bold and italic as bold and italic, a heading bold and context dim', () => {
    expect(mrkdwnToText('*Approved* _by_ `x`', { style: ansiStyle })).toBe(
      '\u001b[1mApproved\u001b[22m \u001b[3mby\u001b[23m `x`',
    );
    const lines = renderBlocks(
      [
        { type: 'header', text: { type: 'plain_text', text: 'Acme' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'small' }] },
      ],
      { style: ansiStyle },
    );
    expect(lines).toEqual(['\u001b[1mAcme\u001b[22m', '====', '\u001b[2msmall\u001b[22m']);
  });
});

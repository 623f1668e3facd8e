import { describe, expect, it } from 'vitest';
import type { Asker } from '../../src/shell/elements.js';
import { askModal } from '../../src/shell/modal.js';
import { plainStyle } from '../../src/shell/render.js';
import type { ViewJson } from '../../src/shell/slackShapes.js';

function scripted(answers: string[]): { io: Asker; said: string[]; asked: string[] } {
  const said: string[] = [];
  const asked: string[] = [];
  return {
    io: {
      ask: async (prompt) => {
        asked.push(prompt);
        return answers.shift();
      },
      say: (...lines) => said.push(...lines),
    },
    said,
    asked,
  };
}

const context = {
  userId: (text: string) => `U${text.replace(/^@/, '').toUpperCase()}`,
  channelId: (text: string) => `C${text.replace(/^#/, '').toUpperCase()}`,
  currentChannel: 'CSUPPORT',
};

function view(blocks: ViewJson['blocks']): ViewJson {
  return {
    id: 'V1',
    type: 'modal',
    title: { type: 'plain_text', text: 'Roll back' },
    submit: { type: 'plain_text', text: 'Request' },
    blocks,
    state: { values: {} },
    hash: 'h',
    root_view_id: 'V1',
    previous_view_id: null,
  };
}

const form = view([
  { type: 'section', text: { type: 'mrkdwn', text: 'Tell us what went *wrong*.' } },
  {
    type: 'input',
    block_id: 'market',
    label: { type: 'plain_text', text: 'Marketplace' },
    element: {
      type: 'static_select',
      action_id: 'pick',
      options: ['UK', 'DE'].map((c) => ({ text: { type: 'plain_text', text: c }, value: c.toLowerCase() })),
    },
  },
  {
    type: 'input',
    block_id: 'reason',
    label: { type: 'plain_text', text: 'Reason' },
    hint: { type: 'plain_text', text: 'What the customer chose by mistake' },
    element: { type: 'plain_text_input', action_id: 'text', max_length: 20 },
  },
  {
    type: 'input',
    block_id: 'approver',
    optional: true,
    label: { type: 'plain_text', text: 'Approver' },
    element: { type: 'users_select', action_id: 'who' },
  },
  {
    type: 'input',
    block_id: 'when',
    label: { type: 'plain_text', text: 'Since' },
    element: { type: 'datepicker', action_id: 'date', initial_date: '2026-11-01' },
  },
  {
    type: 'input',
    block_id: 'checks',
    label: { type: 'plain_text', text: 'Checked' },
    element: {
      type: 'checkboxes',
      action_id: 'boxes',
      options: ['Orders', 'Inventory', 'Tokens'].map((c) => ({
        text: { type: 'plain_text', text: c },
        value: c,
      })),
    },
  },
]);

describe('a modal asked field by field', () => {
  it('asks each input in order and builds the state.values Slack would send', async () => {
    const { io, said, asked } = scripted(['DE', 'Wrong account', '', '', '1, 3']);
    const answer = await askModal(form, io, { render: { style: plainStyle }, context });
    expect(said).toContain('  Tell us what went wrong.');
    expect(said).toContain('  What the customer chose by mistake');
    expect(asked.map((a) => a.split(' (')[0]?.split(':')[0]?.trim())).toEqual([
      'Marketplace',
      'Reason',
      'Approver',
      'Since',
      'Checked',
    ]);
    expect(answer).toEqual({
      kind: 'submit',
      values: {
        market: {
          pick: {
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: 'DE' }, value: 'de' },
          },
        },
        reason: { text: { type: 'plain_text_input', value: 'Wrong account' } },
        approver: { who: { type: 'users_select', selected_user: null } },
        when: { date: { type: 'datepicker', selected_date: '2026-11-01' } },
        checks: {
          boxes: {
            type: 'checkboxes',
            selected_options: [
              { text: { type: 'plain_text', text: 'Orders' }, value: 'Orders' },
              { text: { type: 'plain_text', text: 'Tokens' }, value: 'Tokens' },
            ],
          },
        },
      },
    });
  });

  it('asks again, saying why, when an answer breaks the element’s rules or a required field is empty', async () => {
    const { io, said } = scripted([
      '7',
      '1',
      '',
      'far too long for twenty chars',
      'ok',
      '@dana',
      '2026-02-30',
      '2026-02-28',
      '2',
    ]);
    const answer = await askModal(form, io, { render: { style: plainStyle }, context });
    expect(said).toContain('  "7" is not one of the options: type a number from 1 to 2.');
    expect(said).toContain('  This field is required.');
    expect(said).toContain('  Type at most 20 characters (that was 29).');
    expect(said).toContain('  Type a date as YYYY-MM-DD, such as 2027-03-31.');
    expect(answer.kind === 'submit' && answer.values.approver).toEqual({
      who: { type: 'users_select', selected_user: 'UDANA' },
    });
  });

  it('after response_action errors, asks only the fields in error, under their message, keeping the rest', async () => {
    const first = scripted(['UK', 'short', '', '', '2']);
    const firstAnswer = await askModal(form, first.io, { render: { style: plainStyle }, context });
    if (firstAnswer.kind !== 'submit') throw new Error('expected a submission');
    const retry = scripted(['A much better reason']);
    const answer = await askModal(form, retry.io, {
      render: { style: plainStyle },
      context,
      previous: firstAnswer.values,
      errors: { reason: 'Say more.' },
    });
    expect(retry.said).toContain('  ✗ Say more.');
    expect(retry.asked).toHaveLength(1);
    expect(answer.kind === 'submit' && answer.values.reason).toEqual({
      text: { type: 'plain_text_input', value: 'A much better reason' },
    });
    expect(answer.kind === 'submit' && answer.values.market).toEqual(firstAnswer.values.market);
  });

  it('/cancel or the end of input closes the form without submitting', async () => {
    expect(
      await askModal(form, scripted(['UK', '/cancel']).io, { render: { style: plainStyle }, context }),
    ).toEqual({
      kind: 'cancel',
    });
    expect(await askModal(form, scripted(['UK']).io, { render: { style: plainStyle }, context })).toEqual({
      kind: 'cancel',
    });
  });

  it('a form without inputs asks to confirm its submit button', async () => {
    const confirm = view([{ type: 'section', text: { type: 'mrkdwn', text: 'Approve the rollback?' } }]);
    const { io, asked } = scripted(['']);
    expect(await askModal(confirm, io, { render: { style: plainStyle }, context })).toEqual({
      kind: 'submit',
      values: {},
    });
    expect(asked).toEqual(['  Enter: Request, /cancel: Cancel > ']);
  });
});

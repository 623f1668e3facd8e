import { describe, expect, it } from 'vitest';
import { replyTo, runShellOn } from '../support/shellDriver.js';
import { type FlowRecord, registerTicketFlow } from '../support/shellFlows.js';

/**
 * Modals, threads, updates in place, confirm dialogs and the Home tab, driven through the shell on
 * a small flow registered on the real app (test/support/shellFlows.ts). The rollback and digest
 * branches bring the real ones; their shell tests come with them.
 */
async function runFlow(lines: string[]) {
  let record: FlowRecord = { submissions: [], approvals: [] };
  const run = await runShellOn(['n', ...lines], {
    extendApp: (app) => {
      record = registerTicketFlow(app);
    },
  });
  return { ...run, record };
}

describe('the shell with modals, threads and the Home tab', () => {
  it('asks a modal field by field, shows the app’s errors and asks again, then submits the values Slack would', async () => {
    const { output, record } = await runFlow(['/ticket', '2', 'short', '', 'Wrong seller account', '']);
    const form = replyTo(output, '/ticket');
    expect(form).toContain('[Request a rollback]');
    expect(form).toContain('Which channel went wrong?');
    expect(form).toMatch(/ {4}1\) UK\n {4}2\) DE\n {4}3\) FR/);
    expect(form).toContain('  Marketplace (a number): 2\n  Reason: short\n');
    expect(form).toContain('  ✗ Say a little more: 10 characters or more.\n  Reason: Wrong seller account\n');
    expect(record.submissions).toEqual([
      {
        marketplace: {
          choice: {
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: 'DE' }, value: 'DE' },
          },
        },
        reason: { text: { type: 'plain_text_input', value: 'Wrong seller account' } },
        notes: { text: { type: 'plain_text_input', value: null } },
      },
    ]);
  });

  it('shows a thread reply indented under its parent, and an update in place with fresh numbers', async () => {
    const { output, record } = await runFlow([
      '/ticket',
      '1',
      'Wrong seller account',
      '',
      '/as bob',
      '1',
      'n',
      '1',
      'y',
      '1',
    ]);
    const posted = replyTo(output, '/ticket');
    expect(posted).toContain(
      '[#support] reauth-bot:\n  Rollback requested for UK: Wrong seller account\n  [1] Approve  [2] Deny',
    );
    expect(posted).toContain(
      '  ↳ [#support] reauth-bot in the thread of "Rollback requested for UK":\n      Requested by @local',
    );
    expect(output).toContain(
      'Approve? The channel will be rolled back.\n  y: Approve, n: Back > n\n(Not pressed.)',
    );
    const approved = output.slice(output.indexOf('y: Approve, n: Back > y'));
    expect(approved).toContain('[#support] reauth-bot (updated):\n  Rollback approved by @bob');
    expect(approved).toContain(
      '  ↳ [#support] reauth-bot in the thread of "Rollback approved":\n      Approved by @bob',
    );
    expect(record.approvals).toEqual(['UBOB']);
    expect(approved).toContain('[1] was on an earlier version of its message');
  });

  it('/cancel closes the form without a submission', async () => {
    const { output, record } = await runFlow(['/ticket', '/cancel', '/reauth help']);
    expect(output).toContain('(Closed "Request a rollback".)');
    expect(record.submissions).toEqual([]);
    expect(replyTo(output, '/reauth help')).toContain('status <account>');
  });

  it('a published Home view: its buttons and menus work, it is shown again when republished; /home opens the real one', async () => {
    const { output } = await runFlow(['/homeflow', '2', '3', '2', '/as carol', '5', '/home']);
    const home = replyTo(output, '/homeflow');
    expect(home).toContain('[App Home of you]\n  Reauthorization overview');
    expect(home).toContain('Refreshed 0 times\n  Sorted by deadline\n  [1] Sort by ▾\n  [2] Refresh');
    expect(replyTo(output, '2')).toContain(
      'Refreshed 1 times\n  Sorted by deadline\n  [3] Sort by ▾\n  [4] Refresh',
    );
    expect(output).toContain('> 3\n    1) deadline\n    2) name\n  Sort by (a number): 2\n');
    expect(output).toContain('Sorted by name\n  [5] Sort by ▾\n  [6] Refresh');
    expect(replyTo(output, '5')).toContain('Only @local can see [5]: /as local to press it as them.');
    const realHome = output.slice(output.lastIndexOf('> /home'));
    expect(realHome).toContain('[App Home of you]\n  Moving Amazon channels to SP-API');
    expect(realHome).toContain('/reauth status');
  });
});

import type { App, BlockButtonAction, BlockStaticSelectAction, ViewStateValue } from '@slack/bolt';

/**
 * A small rollback-like flow registered on the real app for shell tests, until main has real
 * modals, threads and a Home tab: `/ticket` opens a form; its submission posts a request with
 * Approve/Deny buttons and a thread reply; Approve (with a confirm dialog) updates the request in
 * place and replies in the thread. The Home tab counts its refreshes.
 */
export interface FlowRecord {
  submissions: Record<string, Record<string, ViewStateValue>>[];
  approvals: string[];
}

export function registerTicketFlow(app: App): FlowRecord {
  const record: FlowRecord = { submissions: [], approvals: [] };

  app.command('/ticket', async ({ ack, body, client }) => {
    await ack();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: 'ticket',
        private_metadata: body.channel_id,
        title: { type: 'plain_text', text: 'Request a rollback' },
        submit: { type: 'plain_text', text: 'Send request' },
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: 'Which channel went *wrong*?' } },
          {
            type: 'input',
            block_id: 'marketplace',
            label: { type: 'plain_text', text: 'Marketplace' },
            element: {
              type: 'static_select',
              action_id: 'choice',
              options: ['UK', 'DE', 'FR'].map((code) => ({
                text: { type: 'plain_text', text: code },
                value: code,
              })),
            },
          },
          {
            type: 'input',
            block_id: 'reason',
            label: { type: 'plain_text', text: 'Reason' },
            element: { type: 'plain_text_input', action_id: 'text' },
          },
          {
            type: 'input',
            block_id: 'notes',
            optional: true,
            label: { type: 'plain_text', text: 'Notes' },
            element: { type: 'plain_text_input', action_id: 'text', multiline: true },
          },
        ],
      },
    });
  });

  app.view('ticket', async ({ ack, view, body, client }) => {
    const values = view.state.values;
    const reason = values.reason?.text?.value ?? '';
    if (reason.length < 10) {
      await ack({
        response_action: 'errors',
        errors: { reason: 'Say a little more: 10 characters or more.' },
      });
      return;
    }
    await ack();
    record.submissions.push(values);
    const marketplace = values.marketplace?.choice?.selected_option?.value ?? '?';
    const posted = await client.chat.postMessage({
      channel: view.private_metadata,
      text: `Rollback requested for ${marketplace}`,
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: `*Rollback requested* for ${marketplace}: ${reason}` },
        },
        {
          type: 'actions',
          block_id: 'decide',
          elements: [
            {
              type: 'button',
              action_id: 'ticket_approve',
              text: { type: 'plain_text', text: 'Approve' },
              style: 'primary',
              value: marketplace,
              confirm: {
                title: { type: 'plain_text', text: 'Approve?' },
                text: { type: 'plain_text', text: 'The channel will be rolled back.' },
                confirm: { type: 'plain_text', text: 'Approve' },
                deny: { type: 'plain_text', text: 'Back' },
              },
            },
            {
              type: 'button',
              action_id: 'ticket_deny',
              text: { type: 'plain_text', text: 'Deny' },
              value: marketplace,
            },
          ],
        },
      ],
    });
    await client.chat.postMessage({
      channel: view.private_metadata,
      thread_ts: posted.ts as string,
      text: `Requested by <@${body.user.id}>`,
    });
  });

  app.action<BlockButtonAction>('ticket_approve', async ({ ack, body, client }) => {
    await ack();
    record.approvals.push(body.user.id);
    const channel = body.channel?.id ?? '';
    const ts = body.message?.ts ?? '';
    await client.chat.update({
      channel,
      ts,
      text: 'Rollback approved',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `Rollback *approved* by <@${body.user.id}>` } },
      ],
    });
    await client.chat.postMessage({ channel, thread_ts: ts, text: `Approved by <@${body.user.id}>` });
  });

  let refreshes = 0;
  let sortedBy = 'deadline';
  const publishHome = (client: App['client'], user: string) =>
    client.views.publish({
      user_id: user,
      view: {
        type: 'home',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'Reauthorization overview' } },
          { type: 'section', text: { type: 'mrkdwn', text: `Refreshed ${refreshes} times` } },
          {
            type: 'section',
            text: { type: 'mrkdwn', text: `Sorted by ${sortedBy}` },
            accessory: {
              type: 'static_select',
              action_id: 'home_sort',
              placeholder: { type: 'plain_text', text: 'Sort by' },
              options: ['deadline', 'name'].map((v) => ({ text: { type: 'plain_text', text: v }, value: v })),
            },
          },
          {
            type: 'actions',
            elements: [
              { type: 'button', action_id: 'home_refresh', text: { type: 'plain_text', text: 'Refresh' } },
            ],
          },
        ],
      },
    });
  // A command of its own, so the real App Home (handlers/home.ts) stays what /home shows.
  app.command('/homeflow', async ({ ack, command, client }) => {
    await ack();
    await publishHome(client, command.user_id);
  });
  app.action<BlockButtonAction>('home_refresh', async ({ ack, body, client }) => {
    await ack();
    refreshes++;
    await publishHome(client, body.user.id);
  });

  app.action<BlockStaticSelectAction>('home_sort', async ({ ack, action, body, client }) => {
    await ack();
    sortedBy = action.selected_option.value;
    await publishHome(client, body.user.id);
  });

  return record;
}

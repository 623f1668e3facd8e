import { randomUUID } from 'node:crypto';
import type { RecordedCall } from './fakeSlack.js';
import type { PostResult, TestApp } from './harness.js';
import { type Button, button, type ShownMessage } from './slackMessages.js';

export interface ClickResult {
  /** Replies to this click's response URL arrive under this id. */
  responseId: string;
  result: PostResult;
  trigger: string;
}

/**
 * Clicks a button ON a message the bot posted: the payload's container names that message, as
 * Slack's does. `value` overrides the button's value, to play a tampered payload.
 */
export async function clickIn(
  t: TestApp,
  message: ShownMessage,
  actionId: string,
  as: { user: string; value?: string; nth?: number },
): Promise<ClickResult> {
  const target: Button = button(message, actionId, as.nth ?? 0);
  const responseId = randomUUID();
  const trigger = `trigger-${responseId}`;
  const payload = {
    type: 'block_actions',
    user: { id: as.user, username: as.user.toLowerCase(), team_id: 'T1' },
    team: { id: 'T1', domain: 'example' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: trigger,
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: message.channel,
      is_ephemeral: false,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    },
    channel: { id: message.channel, name: 'support' },
    message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks },
    response_url: t.slack.responseUrl(responseId),
    actions: [
      {
        type: 'button',
        action_id: target.action_id,
        block_id: 'b',
        value: as.value ?? target.value,
        action_ts: '1700000001.000200',
      },
    ],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return { responseId, result: await t.post(body), trigger };
}

/** The modal the bot opened for a given click's trigger. */
export async function openedView(t: TestApp, trigger: string): Promise<OpenedView> {
  const call: RecordedCall = await t.slack.waitFor(
    (c) => c.method === 'views.open' && c.body.trigger_id === trigger,
    5000,
    `views.open for ${trigger}`,
  );
  return call.body.view as OpenedView;
}

export interface OpenedView {
  callback_id: string;
  private_metadata?: string;
  blocks: { type: string; block_id?: string; element?: { type: string; action_id: string } }[];
}

/**
 * What a person entered: per input block id, a text, a selected option value, a picked date-time
 * (Unix seconds, as Slack sends it) or the values of the ticked checkboxes.
 */
export type ViewInputs = Record<
  string,
  string | { selected: string } | { dateTime: number } | { checked: readonly string[] }
>;

/**
 * Submits a modal the bot opened, with the person's inputs, as Slack sends a view_submission.
 * Returns the HTTP answer: Bolt puts the ack body (e.g. `response_action: errors`) in it.
 */
export async function submitView(
  t: TestApp,
  view: OpenedView,
  inputs: ViewInputs,
  as: { user: string },
): Promise<{ status: number; ack: Record<string, unknown> }> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks) {
    if (block.type !== 'input' || !block.block_id || !block.element) continue;
    const input = inputs[block.block_id];
    const { type, action_id } = block.element;
    values[block.block_id] = {
      [action_id]:
        type === 'datetimepicker'
          ? {
              type,
              selected_date_time: typeof input === 'object' && 'dateTime' in input ? input.dateTime : null,
            }
          : type === 'checkboxes'
            ? {
                type,
                selected_options: (typeof input === 'object' && 'checked' in input ? input.checked : []).map(
                  (value) => ({ text: { type: 'plain_text', text: value }, value }),
                ),
              }
            : typeof input === 'object' && 'selected' in input
              ? {
                  type,
                  selected_option: {
                    text: { type: 'plain_text', text: input.selected },
                    value: input.selected,
                  },
                }
              : type === 'static_select'
                ? { type, selected_option: null }
                : { type, value: input ?? null },
    };
  }
  const payload = {
    type: 'view_submission',
    team: { id: 'T1', domain: 'example' },
    user: { id: as.user, username: as.user.toLowerCase(), name: as.user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: `trigger-${randomUUID()}`,
    view: {
      id: `V${randomUUID().slice(0, 8).toUpperCase()}`,
      team_id: 'T1',
      type: 'modal',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata ?? '',
      blocks: view.blocks,
      state: { values },
      hash: '1700000000.abcdef',
      title: { type: 'plain_text', text: 'Modal' },
      close: null,
      submit: null,
      root_view_id: null,
      previous_view_id: null,
      clear_on_close: false,
      notify_on_close: false,
      app_id: 'A1',
      bot_id: 'BBOT',
    },
    response_urls: [],
    is_enterprise_install: false,
  };
  const result = await t.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  return {
    status: result.status,
    ack: result.body ? (JSON.parse(result.body) as Record<string, unknown>) : {},
  };
}

import type { StoredMessage } from './conversation.js';
import {
  type ElementJson,
  type Json,
  LOCAL_BOT,
  LOCAL_TEAM,
  type StateValue,
  type StateValues,
  type ViewJson,
} from './slackShapes.js';
import { messageJson } from './webApi.js';

/**
 * The request bodies Slack sends an app, field for field as documented for slash commands,
 * block_actions, view_submission, view_closed and the Events API, so listeners see no difference.
 */

export interface Person {
  id: string;
  name: string;
}

const common = { api_app_id: LOCAL_BOT.appId, token: 'local-shell-verification-token' };
const team = { id: LOCAL_TEAM.id, domain: LOCAL_TEAM.domain };

function userOf(person: Person): Json {
  return { id: person.id, username: person.name, name: person.name, team_id: LOCAL_TEAM.id };
}

/** A slash command, as Slack posts it (form fields, here already parsed). */
export function commandPayload(input: {
  user: Person;
  channel: { id: string; name: string };
  command: string;
  text: string;
  responseUrl: string;
  triggerId: string;
}): Json {
  return {
    ...common,
    team_id: LOCAL_TEAM.id,
    team_domain: LOCAL_TEAM.domain,
    channel_id: input.channel.id,
    channel_name: input.channel.name,
    user_id: input.user.id,
    user_name: input.user.name,
    command: input.command,
    text: input.text,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  };
}

/** The `actions[0]` of a block_actions payload: the element's identity plus its new state. */
export function actionOf(element: ElementJson, blockId: string, state: StateValue, actionTs: string): Json {
  const base: Json = {
    ...state,
    type: element.type,
    action_id: element.action_id,
    block_id: blockId,
    action_ts: actionTs,
  };
  if (element.type === 'button') {
    base.text = element.text;
    if (element.value !== undefined) base.value = element.value;
    if (element.style !== undefined) base.style = element.style;
    if (element.url !== undefined) base.url = element.url;
  } else if (element.placeholder !== undefined) {
    base.placeholder = element.placeholder;
  }
  return base;
}

/** A press on an element of a message. Slack leaves `message` out when the message is ephemeral. */
export function messageActionPayload(input: {
  user: Person;
  channel: { id: string; name: string };
  message: StoredMessage;
  action: Json;
  responseUrl: string;
  triggerId: string;
}): Json {
  const { message } = input;
  const ephemeral = message.visibleTo !== undefined;
  return {
    type: 'block_actions',
    ...common,
    user: userOf(input.user),
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: message.channel,
      is_ephemeral: ephemeral,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    },
    trigger_id: input.triggerId,
    team,
    enterprise: null,
    is_enterprise_install: false,
    channel: input.channel,
    ...(ephemeral ? {} : { message: messageJson(message) }),
    state: { values: {} },
    response_url: input.responseUrl,
    actions: [input.action],
  };
}

/** A press on an element of a view (the Home tab). Views get no response URL. */
export function viewActionPayload(input: {
  user: Person;
  view: ViewJson;
  action: Json;
  triggerId: string;
}): Json {
  return {
    type: 'block_actions',
    ...common,
    user: userOf(input.user),
    container: { type: 'view', view_id: input.view.id },
    trigger_id: input.triggerId,
    team,
    enterprise: null,
    is_enterprise_install: false,
    view: input.view,
    actions: [input.action],
  };
}

export function viewSubmissionPayload(input: {
  user: Person;
  view: ViewJson;
  values: StateValues;
  triggerId: string;
}): Json {
  return {
    type: 'view_submission',
    ...common,
    team,
    enterprise: null,
    is_enterprise_install: false,
    user: userOf(input.user),
    trigger_id: input.triggerId,
    view: { ...input.view, state: { values: input.values } },
    response_urls: [],
  };
}

export function viewClosedPayload(input: { user: Person; view: ViewJson; isCleared: boolean }): Json {
  return {
    type: 'view_closed',
    ...common,
    team,
    enterprise: null,
    is_enterprise_install: false,
    user: userOf(input.user),
    view: input.view,
    is_cleared: input.isCleared,
  };
}

/** The Events API envelope around `app_home_opened`. */
export function appHomeOpenedPayload(input: {
  user: string;
  channel: string;
  view: ViewJson | undefined;
  eventTs: string;
  eventId: string;
}): Json {
  return {
    ...common,
    team_id: LOCAL_TEAM.id,
    type: 'event_callback',
    event_id: input.eventId,
    event_time: Math.floor(Number(input.eventTs)),
    authorizations: [
      {
        enterprise_id: null,
        team_id: LOCAL_TEAM.id,
        user_id: LOCAL_BOT.userId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event: {
      type: 'app_home_opened',
      user: input.user,
      channel: input.channel,
      tab: 'home',
      event_ts: input.eventTs,
      ...(input.view ? { view: input.view } : {}),
    },
  };
}

import type { Conversation, StoredMessage } from './conversation.js';
import { checkedContent, SlackApiError } from './messageContent.js';
import { isObject, type Json, LOCAL_BOT, LOCAL_TEAM } from './slackShapes.js';

type Method = (conversation: Conversation, args: Json) => Json;

/**
 * The Web API methods the local Slack answers, each as Slack documents it (same arguments, same
 * answer shape, same error codes for the mistakes an app can make). Anything else answers
 * `unknown_method` and is shown in the terminal, so a gap is seen rather than silently ignored.
 */
const METHODS: Record<string, Method> = {
  'api.test': (_c, args) => ({ args }),
  'auth.test': () => ({
    url: `https://${LOCAL_TEAM.domain}.slack.invalid/`,
    team: LOCAL_TEAM.name,
    user: LOCAL_BOT.name,
    team_id: LOCAL_TEAM.id,
    user_id: LOCAL_BOT.userId,
    bot_id: LOCAL_BOT.botId,
    is_enterprise_install: false,
  }),
  'team.info': () => ({ team: { id: LOCAL_TEAM.id, name: LOCAL_TEAM.name, domain: LOCAL_TEAM.domain } }),

  'chat.postMessage': (c, args) => {
    const message = c.post(botPost(args));
    return { channel: message.channel, ts: message.ts, message: messageJson(message) };
  },
  'chat.postEphemeral': (c, args) => {
    const message = c.post({ ...botPost(args), visibleTo: required(args, 'user') });
    return { message_ts: message.ts };
  },
  'chat.update': (c, args) => {
    const existing = c.get(required(args, 'channel'), required(args, 'ts'));
    if (!existing) throw new SlackApiError('message_not_found');
    if (existing.visibleTo) throw new SlackApiError('cant_update_message');
    const content = checkedContent({ text: existing.text, ...args });
    const message = c.update(existing.channel, existing.ts, content);
    return { channel: message.channel, ts: message.ts, text: message.text, message: messageJson(message) };
  },
  'chat.delete': (c, args) => {
    const channel = required(args, 'channel');
    const ts = required(args, 'ts');
    c.delete(channel, ts);
    return { channel: c.resolveChannel(channel), ts };
  },
  'chat.getPermalink': (c, args) => {
    const channel = c.resolveChannel(required(args, 'channel'));
    const ts = required(args, 'message_ts');
    if (!c.get(channel, ts)) throw new SlackApiError('message_not_found');
    return {
      channel,
      permalink: `https://${LOCAL_TEAM.domain}.slack.invalid/archives/${channel}/p${ts.replace('.', '')}`,
    };
  },

  'conversations.open': (c, args) => {
    const users = String(args.users ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
    const [user] = users;
    if (!user) throw new SlackApiError('users_list_not_supplied');
    const id = users.length === 1 ? c.dmChannelOf(user) : `G${users.join('')}`;
    return { channel: { id, is_im: users.length === 1 } };
  },
  'conversations.info': (c, args) => {
    const id = c.resolveChannel(required(args, 'channel'));
    const owner = c.dmOwner(id);
    return {
      channel: owner
        ? { id, is_im: true, user: owner }
        : { id, name: c.nameOf(id) ?? id.toLowerCase(), is_channel: true, is_member: true },
    };
  },
  'conversations.history': (c, args) => ({
    messages: c.history(required(args, 'channel')).map(messageJson),
    has_more: false,
  }),
  'conversations.replies': (c, args) => ({
    messages: c.thread(required(args, 'channel'), required(args, 'ts')).map(messageJson),
    has_more: false,
  }),

  'users.info': (c, args) => {
    const id = required(args, 'user');
    const name = c.nameOf(id) ?? id.toLowerCase();
    return {
      user: {
        id,
        team_id: LOCAL_TEAM.id,
        name,
        real_name: name,
        is_bot: id === LOCAL_BOT.userId,
        tz: 'UTC',
        tz_offset: 0,
        profile: { display_name: name, real_name: name },
      },
    };
  },

  'views.open': (c, args) => {
    const user = c.takeTrigger(required(args, 'trigger_id'));
    return { view: c.openModal(user, viewArg(args)) };
  },
  'views.push': (c, args) => {
    const user = c.takeTrigger(required(args, 'trigger_id'));
    return { view: c.pushModal(user, viewArg(args)) };
  },
  'views.update': (c, args) => {
    const viewId = typeof args.view_id === 'string' ? args.view_id : undefined;
    const externalId = typeof args.external_id === 'string' ? args.external_id : undefined;
    if (!viewId && !externalId) throw new SlackApiError('invalid_arguments');
    return {
      view: c.updateView(
        {
          ...(viewId ? { viewId } : {}),
          ...(externalId ? { externalId } : {}),
          ...(typeof args.hash === 'string' ? { hash: args.hash } : {}),
        },
        viewArg(args),
      ),
    };
  },
  'views.publish': (c, args) => ({ view: c.publishHome(required(args, 'user_id'), viewArg(args)) }),

  'reactions.add': (c, args) => {
    c.note(`${LOCAL_BOT.name} reacted :${String(args.name)}: to a message`);
    return {};
  },
  'reactions.remove': () => ({}),
};

/** Runs one Web API call; the answer is what Slack would send back. */
export function callWebApi(conversation: Conversation, method: string, args: Json): Json {
  const run = METHODS[method];
  if (!run) {
    conversation.note(`The app called ${method}, which the local shell does not provide.`);
    return { ok: false, error: 'unknown_method' };
  }
  try {
    return { ok: true, ...run(conversation, args) };
  } catch (error) {
    if (error instanceof SlackApiError) {
      conversation.note(`${method} failed with ${error.code}, as Slack would answer.`);
      return { ok: false, error: error.code };
    }
    throw error;
  }
}

export function messageJson(message: StoredMessage): Json {
  return {
    type: 'message',
    subtype: message.author === LOCAL_BOT.userId ? 'bot_message' : undefined,
    user: message.author,
    ...(message.author === LOCAL_BOT.userId ? { bot_id: LOCAL_BOT.botId, app_id: LOCAL_BOT.appId } : {}),
    team: LOCAL_TEAM.id,
    text: message.text,
    blocks: message.blocks,
    ...(message.attachments ? { attachments: message.attachments } : {}),
    ts: message.ts,
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    ...(message.replyCount > 0 ? { thread_ts: message.ts, reply_count: message.replyCount } : {}),
  };
}

/** A message the bot posts with `chat.postMessage` or `chat.postEphemeral`, in a thread when `thread_ts` says so. */
function botPost(args: Json) {
  return {
    ...checkedContent(args),
    channel: required(args, 'channel'),
    author: LOCAL_BOT.userId,
    ...(typeof args.thread_ts === 'string' && args.thread_ts ? { threadTs: args.thread_ts } : {}),
  };
}

function required(args: Json, name: string): string {
  const value = args[name];
  if (typeof value !== 'string' || !value) {
    throw new SlackApiError(name === 'channel' ? 'channel_not_found' : 'invalid_arguments');
  }
  return value;
}

function viewArg(args: Json): Json {
  if (!isObject(args.view)) throw new SlackApiError('invalid_arguments');
  return args.view;
}

import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Conversation, type ConversationEvent } from '../../src/shell/conversation.js';
import { LocalSlack } from '../../src/shell/localSlack.js';
import { TestClock } from '../support/testClock.js';

describe('the local Slack Web API and response URLs', () => {
  let local: LocalSlack;
  let client: WebClient;
  let events: ConversationEvent[];
  beforeEach(async () => {
    const conversation = new Conversation(new TestClock('2026-11-28T12:00:00Z'));
    events = [];
    conversation.onEvent((e) => events.push(e));
    local = await new LocalSlack(conversation).start();
    client = new WebClient('xoxb-local', {
      slackApiUrl: local.apiUrl,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
    });
  });
  afterEach(async () => {
    await local.stop();
  });

  const notes = () => events.flatMap((e) => (e.kind === 'note' ? [e.text] : []));

  it('keeps messages, thread replies and edits, answering as Slack does', async () => {
    const posted = await client.chat.postMessage({ channel: 'CSUPPORT', text: 'Parent' });
    expect(posted.ts).toMatch(/^1795\d{6}\.\d{6}$/);
    await client.chat.postMessage({ channel: 'CSUPPORT', thread_ts: posted.ts as string, text: 'Reply' });
    await client.chat.update({ channel: 'CSUPPORT', ts: posted.ts as string, text: 'Parent, edited' });
    const thread = await client.conversations.replies({ channel: 'CSUPPORT', ts: posted.ts as string });
    expect(thread.messages?.map((m) => m.text)).toEqual(['Parent, edited', 'Reply']);
    expect(thread.messages?.[0]?.reply_count).toBe(1);
    const link = await client.chat.getPermalink({ channel: 'CSUPPORT', message_ts: posted.ts as string });
    expect(link.permalink).toContain(`/archives/CSUPPORT/p${(posted.ts as string).replace('.', '')}`);
    expect(events.map((e) => e.kind)).toEqual(['posted', 'posted', 'updated']);
  });

  it('opens DMs and sends ephemeral messages only their person sees', async () => {
    const dm = await client.conversations.open({ users: 'UPRIYA' });
    expect(dm.channel?.id).toBe('DUPRIYA');
    const ephemeral = await client.chat.postEphemeral({
      channel: 'CSUPPORT',
      user: 'ULOCAL',
      text: 'Just you',
    });
    expect(ephemeral.message_ts).toBeTruthy();
    const [event] = events;
    expect(event?.kind === 'posted' && event.message.visibleTo).toBe('ULOCAL');
  });

  it('refuses what Slack refuses: too many blocks, nothing to show, a trigger used twice, an unknown method', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' as const }));
    await expect(client.chat.postMessage({ channel: 'CSUPPORT', text: 'x', blocks })).rejects.toThrow(
      'invalid_blocks',
    );
    await expect(client.chat.postMessage({ channel: 'CSUPPORT', text: '' })).rejects.toThrow('no_text');
    const trigger = local.conversation.issueTrigger('ULOCAL');
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'T' }, blocks: [] };
    await client.views.open({ trigger_id: trigger, view });
    await expect(client.views.open({ trigger_id: trigger, view })).rejects.toThrow('expired_trigger_id');
    await expect(client.apiCall('pins.add', { channel: 'CSUPPORT' })).rejects.toThrow('unknown_method');
    expect(notes()).toContain('The app called pins.add, which the local shell does not provide.');
    expect(events.filter((e) => e.kind === 'posted')).toHaveLength(0);
  });

  it('a response URL takes five posts, replaces the pressed message on replace_original, then refuses', async () => {
    const source = await client.chat.postMessage({ channel: 'CSUPPORT', text: 'With a button' });
    const id = local.conversation.addResponseTarget({
      kind: 'action',
      channel: 'CSUPPORT',
      user: 'ULOCAL',
      source: { channel: 'CSUPPORT', ts: source.ts as string },
    });
    const post = (body: unknown) =>
      fetch(local.responseUrl(id), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ replace_original: true, text: 'Replaced' })).status).toBe(200);
    expect(local.conversation.get('CSUPPORT', source.ts as string)?.text).toBe('Replaced');
    for (let i = 0; i < 4; i++) expect((await post({ text: `Reply ${i}` })).status).toBe(200);
    const sixth = await post({ text: 'One too many' });
    expect(sixth.status).toBe(404);
    expect(await sixth.text()).toBe('used_url');
  });
});

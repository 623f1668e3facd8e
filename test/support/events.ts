import { randomUUID } from 'node:crypto';
import type { PostResult, TestApp } from './harness.js';

/**
 * Sends a signed Events API `event_callback` to the app, as Slack does (JSON body). The HTTP
 * answer is only the ack: wait for the Slack call the listener makes.
 */
export function sendEvent(t: TestApp, event: Record<string, unknown>): Promise<PostResult> {
  const body = JSON.stringify({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    event,
  });
  return t.post(body, { contentType: 'application/json' });
}

/** The person opened the app's Home tab. */
export function openAppHome(t: TestApp, user: string): Promise<PostResult> {
  return sendEvent(t, {
    type: 'app_home_opened',
    user,
    channel: `D${user}`,
    tab: 'home',
    event_ts: `${Math.floor(Date.now() / 1000)}.000100`,
  });
}

import { expect } from 'vitest';
import { BOT_TOKEN, SIGNING_SECRET, type TestApp } from '../../support/harness.js';

/** Shapes no log line or Slack call may ever carry: Slack tokens, the signing secret, MWS Auth Tokens. */
const SECRET_SHAPES = [/xox[abpr]-[A-Za-z0-9-]+/, /xapp-[A-Za-z0-9-]+/, /amzn\.mws\.[0-9a-f-]+/i];

/**
 * Checks everything the app logged and sent to Slack: no secret anywhere, except the bot token in
 * the Authorization header of Web API calls, which is where Slack needs it (and nowhere else: not in
 * a response_url post, not in any body).
 */
export function expectNoSecretsLeaked(t: TestApp): void {
  // As read, and exactly as written (every field of each JSON line).
  for (const line of [...t.logger.lines, ...t.logger.raw]) {
    expect(line).not.toContain(BOT_TOKEN);
    expect(line).not.toContain(SIGNING_SECRET);
    for (const shape of SECRET_SHAPES) expect(line).not.toMatch(shape);
  }
  for (const call of t.slack.calls) {
    const { authorization, ...otherHeaders } = call.headers;
    if (call.method === 'response_url') expect(authorization).toBeUndefined();
    else expect(authorization).toBe(`Bearer ${BOT_TOKEN}`);
    const visible = `${call.raw}\n${JSON.stringify(otherHeaders)}`;
    expect(visible).not.toContain(BOT_TOKEN);
    expect(visible).not.toContain(SIGNING_SECRET);
    for (const shape of SECRET_SHAPES) expect(visible).not.toMatch(shape);
  }
}

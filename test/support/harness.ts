import { createHmac, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App, LogLevel } from '@slack/bolt';
import { createApp } from '../../src/app.js';
import type { Config, SlackConfig } from '../../src/config.js';
import { DEFAULT_DIGEST_CRON } from '../../src/domain/digestSchedule.js';
import type { Services } from '../../src/services/index.js';
import { openMemoryStore } from '../../store/openStore.js';
import type { ReplayStore } from '../../store/replayStore.js';
import type { Store } from '../../store/store.js';
import { CaptureLogger } from './captureLogger.js';
import { FakeSlack, type RecordedCall } from './fakeSlack.js';
import { TestClock } from './testClock.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-bot-token-000000000000';

export interface TestAppOptions {
  store?: Store;
  clock?: TestClock;
  config?: Partial<Config>;
  /** How long a Slack call may take before the app gives up on it (createApp's default otherwise). */
  slackTimeoutMs?: number;
  /** Signed requests shared with other instances (PostgreSQL), as main.ts gives the bot. */
  replayStore?: ReplayStore;
  /** The Bolt client retries a failed Slack call as in production (twice) instead of not at all. */
  productionRetries?: boolean;
  /** The log's level (debug by default, to see everything). */
  log?: { level?: LogLevel };
}

export interface PostResult {
  status: number;
  body: string;
}

/**
 * The real Bolt app on a loopback port, wired to a fake Slack API, driven with signed HTTP requests
 * exactly as Slack sends them.
 */
export class TestApp {
  private constructor(
    readonly app: App,
    readonly services: Services,
    readonly server: Server,
    readonly slack: FakeSlack,
    readonly store: Store,
    readonly clock: TestClock,
    readonly logger: CaptureLogger,
    private readonly stopApp: () => Promise<void>,
    /** The signed requests the app remembers against replays. */
    readonly replayGuard: { readonly size: number } | undefined,
  ) {}

  static async start(options: TestAppOptions = {}): Promise<TestApp> {
    const slack = await new FakeSlack().start();
    const clock = options.clock ?? new TestClock('2026-11-28T12:00:00Z');
    const store = options.store ?? openMemoryStore();
    const logger = new CaptureLogger({ secrets: [BOT_TOKEN, SIGNING_SECRET], ...options.log });
    const config: Config & { slack: SlackConfig } = {
      port: 0,
      storeFile: ':memory:',
      timeZone: 'UTC',
      approvers: [],
      digest: { cron: DEFAULT_DIGEST_CRON, dm: false },
      ...options.config,
      slackApiUrl: slack.apiUrl,
      slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET },
    };
    const { app, services, stop, replayGuard } = createApp({
      config,
      store,
      clock,
      logger,
      botIdentity: { botId: 'BBOT', botUserId: 'UBOT' },
      ...(options.slackTimeoutMs ? { slackTimeoutMs: options.slackTimeoutMs } : {}),
      ...(options.productionRetries ? { slackRetries: 2 } : {}),
      ...(options.replayStore ? { replayStore: options.replayStore } : {}),
    });
    const server = (await app.start(0)) as Server;
    return new TestApp(app, services, server, slack, store, clock, logger, stop, replayGuard);
  }

  async stop(): Promise<void> {
    await this.stopApp();
    await this.slack.stop();
    await this.store.close();
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** POSTs a body to /slack/events, signed unless `signature` overrides it. */
  async post(
    body: string,
    options: { timestamp?: number; signature?: string; contentType?: string } = {},
  ): Promise<PostResult> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = options.signature ?? sign(body, timestamp);
    const res = await fetch(`${this.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature,
      },
      body,
    });
    return { status: res.status, body: await res.text() };
  }

  /** Sends `/reauth <text>` and waits for the first reply on its response URL. */
  async command(text: string, as: { user?: string; channel?: string } = {}): Promise<RecordedCall> {
    const { responseId, result } = await this.sendCommand(text, as);
    if (result.status !== 200) throw new Error(`The app answered ${result.status}: ${result.body}`);
    return this.slack.waitForResponse(responseId);
  }

  async sendCommand(
    text: string,
    as: { user?: string; channel?: string } = {},
    signing: { timestamp?: number; signature?: string } = {},
  ): Promise<{ responseId: string; result: PostResult }> {
    const responseId = randomUUID();
    const body = commandBody(
      text,
      as.user ?? 'UAGENT',
      as.channel ?? 'CSUPPORT',
      this.slack.responseUrl(responseId),
    );
    return { responseId, result: await this.post(body, signing) };
  }

  /** Clicks a button: sends a block_actions payload and waits for the first reply on its response URL. */
  async click(
    actionId: string,
    value: string,
    as: { user?: string; channel?: string; message?: Record<string, unknown> } = {},
  ): Promise<{ responseId: string; result: PostResult }> {
    const responseId = randomUUID();
    const payload = {
      type: 'block_actions',
      user: { id: as.user ?? 'UAGENT', username: 'agent', team_id: 'T1' },
      team: { id: 'T1', domain: 'example' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: `trigger-${responseId}`,
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: as.channel ?? 'CSUPPORT' },
      channel: { id: as.channel ?? 'CSUPPORT', name: 'support' },
      message: as.message ?? { ts: '1700000000.000100', text: '', blocks: [] },
      response_url: this.slack.responseUrl(responseId),
      actions: [
        { type: 'button', action_id: actionId, block_id: 'b', value, action_ts: '1700000001.000200' },
      ],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return { responseId, result: await this.post(body) };
  }
}

export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function commandBody(text: string, user: string, channel: string, responseUrl: string): string {
  return new URLSearchParams({
    token: 'legacy',
    team_id: 'T1',
    team_domain: 'example',
    channel_id: channel,
    channel_name: 'support',
    user_id: user,
    user_name: 'agent',
    command: '/reauth',
    text,
    api_app_id: 'A1',
    response_url: responseUrl,
    trigger_id: `trigger-${randomUUID()}`,
  }).toString();
}

/** Every text a Slack call carries, joined: for "this never appears anywhere" checks. */
export function allText(call: RecordedCall): string {
  return call.raw;
}

import { type App, type Receiver, type ReceiverEvent, ReceiverMultipleAckError } from '@slack/bolt';
import type { Json } from './slackShapes.js';

/** How the app answered one request: whether it acked, and what it put in the ack. */
export interface Delivery {
  acked: boolean;
  ackResponse: unknown;
  /** The app's processing failed past its own error handling. */
  error?: unknown;
}

/**
 * A Bolt receiver fed by the terminal instead of HTTP or Socket Mode. It hands Bolt the same request
 * bodies Slack sends (see payloads.ts) through `app.processEvent`, the entry point Bolt's own
 * receivers use, so every middleware and listener runs exactly as it does for Slack. Signature
 * checks are the one step skipped: they belong to the HTTP transport, and nothing here crosses a
 * network.
 */
export class ShellReceiver implements Receiver {
  private app: App | undefined;
  private readonly processing = new Set<Promise<unknown>>();

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  /** Waits for requests still being processed. */
  async stop(): Promise<void> {
    await this.whenIdle();
  }

  async whenIdle(): Promise<void> {
    while (this.processing.size > 0) await Promise.allSettled([...this.processing]);
  }

  /**
   * Delivers one request and resolves when the app has finished with it (listeners included).
   * `onAck` sees the ack as it happens, before the listener goes on, as Slack would.
   */
  async deliver(body: Json, onAck?: (response: unknown) => void): Promise<Delivery> {
    const app = this.app;
    if (!app) throw new Error('The shell receiver is not attached to an app');
    const delivery: Delivery = { acked: false, ackResponse: undefined };
    const ack: ReceiverEvent['ack'] = async (response?: unknown) => {
      if (delivery.acked) throw new ReceiverMultipleAckError();
      delivery.acked = true;
      delivery.ackResponse = response;
      onAck?.(response);
    };
    const run = app.processEvent({ body, ack }).catch((error: unknown) => {
      delivery.error = error;
    });
    this.processing.add(run);
    try {
      await run;
    } finally {
      this.processing.delete(run);
    }
    return delivery;
  }
}

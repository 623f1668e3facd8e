import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { App, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import { type RequestContext, requestContext } from './logging.js';
import type { AppMetrics } from './metrics.js';

/** Which surface a request body comes from, and what it asks for (for logs; metrics take only the surface). */
export function describeRequest(body: Record<string, unknown>): { surface: string; name: string } {
  const text = (value: unknown) => (typeof value === 'string' && value ? value : 'unknown');
  if (typeof body.command === 'string') {
    // The first word only, and not all of it if long: it is what the person typed.
    const subcommand = typeof body.text === 'string' ? body.text.trim().split(/\s+/)[0]?.slice(0, 40) : '';
    return { surface: 'command', name: subcommand ? `${body.command} ${subcommand}` : body.command };
  }
  const first = (list: unknown) => (Array.isArray(list) ? (list[0] as Record<string, unknown>) : undefined);
  const view = body.view as Record<string, unknown> | undefined;
  switch (body.type) {
    case 'block_actions':
      return { surface: 'action', name: text(first(body.actions)?.action_id) };
    case 'view_submission':
    case 'view_closed':
      return { surface: 'view', name: text(view?.callback_id) };
    case 'event_callback':
      return { surface: 'event', name: text((body.event as Record<string, unknown> | undefined)?.type) };
    case 'shortcut':
    case 'message_action':
      return { surface: 'shortcut', name: text(body.callback_id) };
    case 'block_suggestion':
      return { surface: 'options', name: text(body.action_id) };
    default:
      return { surface: 'other', name: text(body.type) };
  }
}

/**
 * Wraps Bolt's entry point, which every receiver (HTTP, Socket Mode, the local shell) calls for
 * each request: the request runs in its own `requestContext` (a request id and what it is, on each
 * log line), its ack and its end are timed, and it is counted by surface and outcome: `error` when
 * it threw or logged an error, which every failure does (it must reach the log), `ok` otherwise.
 */
export function instrumentRequests(app: App, metrics: AppMetrics, logger: Logger): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = (event: ReceiverEvent) => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const request: RequestContext = { requestId: randomUUID(), ...describeRequest(event.body), errors: 0 };
    const { surface } = request;
    let acked = false;
    const ack: ReceiverEvent['ack'] = async (response) => {
      try {
        return await event.ack(response);
      } finally {
        if (!acked) {
          acked = true;
          metrics.ackSeconds.observe({ surface }, seconds());
        }
      }
    };
    return requestContext.run(request, async () => {
      let threw = false;
      try {
        await processEvent({ ...event, ack });
      } catch (error) {
        threw = true;
        throw error;
      } finally {
        const outcome = threw || request.errors > 0 ? 'error' : 'ok';
        const took = seconds();
        metrics.answerSeconds.observe({ surface }, took);
        metrics.requests.inc({ surface, outcome });
        logger.info(`Handled ${surface} ${request.name}: ${outcome} in ${Math.round(took * 1000)} ms`);
      }
    });
  };
}

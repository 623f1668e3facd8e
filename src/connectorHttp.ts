import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '@slack/logger';
import type { Clock } from './clock.js';
import type { ConnectorService } from './services/connectorService.js';
import { CONNECTOR_SCHEME, checkSignature, type SignedReplayGuard } from './signedRequests.js';

export const CONNECTOR_PATH = '/connector/v1/events';
/** 1 MiB: a full batch of 1,000 events is far below it. */
export const MAX_CONNECTOR_BODY_BYTES = 1024 * 1024;

export interface ConnectorHttpDeps {
  secret: string;
  service: ConnectorService;
  guard: SignedReplayGuard;
  clock: Clock;
  logger: Logger;
}

const REFUSALS = {
  missing: 'Sign the request: the X-Reauth-Request-Timestamp and X-Reauth-Signature headers are required.',
  malformed:
    'X-Reauth-Request-Timestamp must be Unix seconds and X-Reauth-Signature v1= followed by 64 hex digits.',
  stale:
    "X-Reauth-Request-Timestamp is more than 5 minutes from the bot's clock: sign each request when sending it.",
  mismatch:
    'The signature does not match the body: sign "v1:" + timestamp + ":" + the exact body, with REAUTH_CONNECTOR_SECRET.',
  replay:
    'This signed request was received before: sign each request afresh (a new timestamp) to send it again.',
  full: 'Too many signed requests in the last 10 minutes: try again shortly.',
} as const;

/**
 * Answers `POST /connector/v1/events`: reads at most 1 MiB, checks the signature (the same verifier
 * as every signed request, see signedRequests.ts) and refuses a replay, then hands the parsed body
 * to the service. Every answer is JSON; none repeats a header or the secret.
 */
export function connectorRequestListener(
  deps: ConnectorHttpDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(deps, req, res).catch((error: unknown) => {
      deps.logger.error('The connector request failed:', error);
      if (!res.headersSent)
        answer(res, 500, { error: 'The bot could not store the batch; nothing was applied. Send it again.' });
    });
  };
}

async function handle(deps: ConnectorHttpDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') {
    req.resume();
    answer(res, 405, { error: `Only POST is answered on ${CONNECTOR_PATH}.` });
    return;
  }
  const body = await readBody(req, MAX_CONNECTOR_BODY_BYTES);
  if (body === 'too-large') {
    deps.logger.warn('Refused a connector request over 1 MiB');
    answer(res, 413, {
      error: `The body is over 1 MiB (${MAX_CONNECTOR_BODY_BYTES} bytes): send fewer events per request.`,
    });
    return;
  }
  const nowMs = deps.clock.now().getTime();
  const signed = checkSignature(CONNECTOR_SCHEME, deps.secret, req.headers, body, nowMs);
  if (!signed.ok) {
    deps.logger.warn(`Refused a connector request: signature ${signed.reason}`);
    answer(res, 401, { error: REFUSALS[signed.reason] });
    return;
  }
  const admitted = deps.guard.admit(signed.digest, signed.timestamp, nowMs);
  if (admitted !== 'new') {
    deps.logger.warn(
      `Refused a connector request: ${admitted === 'replay' ? 'a replay' : 'replay guard full'}`,
    );
    answer(res, admitted === 'replay' ? 401 : 429, { error: REFUSALS[admitted] });
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    deps.guard.release(signed.digest);
    const why = (error as Error).message;
    answer(res, 400, { errors: [{ index: -1, field: 'body', message: `is not JSON (${why})` }] });
    return;
  }
  let outcome: Awaited<ReturnType<ConnectorService['receive']>>;
  try {
    outcome = await deps.service.receive(parsed);
  } catch (error) {
    // Nothing was applied: the connector may send the very same request again.
    deps.guard.release(signed.digest);
    throw error;
  }
  if (outcome.kind === 'invalid') {
    deps.guard.release(signed.digest);
    deps.logger.warn(`Refused a connector batch with ${outcome.errors.length} problem(s); nothing applied`);
    answer(res, 400, { errors: outcome.errors });
    return;
  }
  answer(res, 200, outcome.result);
}

/** The raw body, or 'too-large' as soon as it passes `limit` bytes (or says it will). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return 'too-large';
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      return 'too-large';
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * The connector endpoint on a server of its own, for Socket Mode (which has no HTTP server):
 * only CONNECTOR_PATH is answered.
 */
export async function startConnectorServer(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === CONNECTOR_PATH) return listener(req, res);
    req.resume();
    answer(res, 404, { error: `Not found: the connector endpoint is POST ${CONNECTOR_PATH}.` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

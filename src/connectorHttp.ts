import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '@slack/logger';
import type { ConnectorService } from './services/connectorService.js';
import { checkSignature, type ReplayGuard } from './signedRequests.js';

export const CONNECTOR_PATH = '/connector/v1/events';
/** 1 MiB: a full batch of 1,000 events is far below it. */
export const MAX_CONNECTOR_BODY_BYTES = 1024 * 1024;

/** Signed like Slack's requests, with a scheme and headers of its own. */
export const CONNECTOR_SIGNATURE = {
  scheme: 'v1',
  timestampHeader: 'x-reauth-request-timestamp',
  signatureHeader: 'x-reauth-signature',
} as const;

export interface ConnectorHttpDeps {
  secret: string;
  service: ConnectorService;
  /** Keyed on the verified digest; its clock is the bot's. */
  guard: ReplayGuard;
  logger: Logger;
}

/** What a connector puts in X-Reauth-Signature (the CLI signs with it; the bot checks with checkSignature). */
export function connectorSignature(secret: string, timestamp: number, body: string | Buffer): string {
  const { scheme } = CONNECTOR_SIGNATURE;
  const hex = createHmac('sha256', secret).update(`${scheme}:${timestamp}:`).update(body).digest('hex');
  return `${scheme}=${hex}`;
}

const REFUSALS = {
  missing: 'Sign the request: the X-Reauth-Request-Timestamp and X-Reauth-Signature headers are required.',
  mismatch:
    'The signature does not match the body: X-Reauth-Signature must be v1= and the lowercase hex HMAC-SHA256 of "v1:" + X-Reauth-Request-Timestamp (Unix seconds) + ":" + the exact body, keyed with REAUTH_CONNECTOR_SECRET.',
  'outside-window':
    "X-Reauth-Request-Timestamp is more than 5 minutes from the bot's clock: sign each request when sending it.",
  replay:
    'This signed request was received before: sign each request afresh (a new timestamp) to send it again.',
  full: 'Too many signed requests in the last 5 minutes: try again shortly.',
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
  const timestamp = header(req, CONNECTOR_SIGNATURE.timestampHeader);
  const signature = header(req, CONNECTOR_SIGNATURE.signatureHeader);
  if (timestamp === undefined || signature === undefined) {
    deps.logger.warn('Refused a connector request: not signed');
    answer(res, 401, { error: REFUSALS.missing });
    return;
  }
  const digest = checkSignature(CONNECTOR_SIGNATURE.scheme, deps.secret, timestamp, body, signature);
  if (digest === undefined) {
    deps.logger.warn('Refused a connector request: the signature does not verify');
    answer(res, 401, { error: REFUSALS.mismatch });
    return;
  }
  const admitted = deps.guard.admit(Number(timestamp), digest);
  if (admitted !== 'admitted') {
    deps.logger.warn(`Refused a connector request: ${admitted}`);
    // Full: nothing is wrong with the request, so the connector should send it again later.
    answer(res, admitted === 'full' ? 503 : 401, { error: REFUSALS[admitted] });
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    const why = (error as Error).message;
    answer(res, 400, { errors: [{ index: -1, field: 'body', message: `is not JSON (${why})` }] });
    return;
  }
  // A failure here applied nothing (the listener answers 500): the connector signs the batch again
  // (a new timestamp, so it is no replay) and resends it.
  const outcome = await deps.service.receive(parsed);
  if (outcome.kind === 'invalid') {
    deps.logger.warn(`Refused a connector batch with ${outcome.errors.length} problem(s); nothing applied`);
    answer(res, 400, { errors: outcome.errors });
    return;
  }
  answer(res, 200, outcome.result);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
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

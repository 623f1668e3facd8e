import { readFile } from 'node:fs/promises';
import { CONNECTOR_PATH, connectorSignature } from '../connectorHttp.js';
import { plural } from '../domain/text.js';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './cli.js';

export const CONNECTOR_USAGE = `Usage: reauth connector send <events.json> [--url <url>]

Signs a file of connector events ({"events": [...]}, as docs/connector-openapi.yaml describes) with
REAUTH_CONNECTOR_SECRET and sends it to the bot, as a connector would; prints what the bot answered.
The bot is at --url, or else http://localhost:$PORT${CONNECTOR_PATH} (PORT 3000 by default).
The file is sent exactly as it is: the bot checks it, so a broken file shows the bot's own answer.
`;

export interface SendOptions {
  url: string;
  secret: string;
  body: string | Buffer;
  /** Unix milliseconds to sign with; now by default. */
  nowMs?: number;
}

export interface SendAnswer {
  status: number;
  contentType: string | null;
  /** The body as it came. */
  text: string;
  /** Parsed when JSON, the text otherwise. */
  body: unknown;
}

/** Signs `body` as the connector scheme says and POSTs it; the bot's answer, parsed when JSON. */
export async function sendConnectorEvents(options: SendOptions): Promise<SendAnswer> {
  const timestamp = Math.floor((options.nowMs ?? Date.now()) / 1000);
  const res = await fetch(options.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-reauth-request-timestamp': String(timestamp),
      'x-reauth-signature': connectorSignature(options.secret, timestamp, options.body),
    },
    body: typeof options.body === 'string' ? options.body : new Uint8Array(options.body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's page, say): shown as it came.
  }
  return { status: res.status, contentType: res.headers.get('content-type'), text, body };
}

/** `reauth connector send <file> [--url <url>]`. */
export async function connectorCommand(args: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(CONNECTOR_USAGE);
    return EXIT_OK;
  }
  const [verb, ...rest] = args;
  const urlAt = rest.indexOf('--url');
  const url = urlAt >= 0 ? rest[urlAt + 1] : undefined;
  const files = rest.filter((_, i) => urlAt < 0 || (i !== urlAt && i !== urlAt + 1));
  if (verb !== 'send' || files.length !== 1 || (urlAt >= 0 && !url) || files[0]?.startsWith('--')) {
    io.stderr.write(
      `reauth connector: ${verb === 'send' ? 'name one file of events' : 'the only command is send'}.\n\n${CONNECTOR_USAGE}`,
    );
    return EXIT_USAGE;
  }
  const secret = env.REAUTH_CONNECTOR_SECRET?.trim();
  if (!secret) {
    io.stderr.write(
      "reauth connector: REAUTH_CONNECTOR_SECRET is not set (in the environment or .env); it must be the bot's.\n",
    );
    return EXIT_FAILED;
  }
  const target = url ?? `http://localhost:${env.PORT?.trim() || '3000'}${CONNECTOR_PATH}`;
  let body: Buffer;
  try {
    body = await readFile(files[0] as string);
  } catch (error) {
    io.stderr.write(
      `reauth connector: cannot read ${files[0]}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`,
    );
    return EXIT_FAILED;
  }
  let answer: SendAnswer;
  try {
    answer = await sendConnectorEvents({ url: target, secret, body });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    io.stderr.write(
      `reauth connector: could not reach the bot at ${target} (${cause}). Is it running, with REAUTH_CONNECTOR_SECRET set?\n`,
    );
    return EXIT_FAILED;
  }
  return report(answer, io);
}

function report(answer: SendAnswer, io: CliIo): number {
  const body = answer.body as Record<string, unknown> | string;
  if (answer.status === 200 && typeof body === 'object') {
    const { applied, duplicates, superseded } = body as {
      applied: number;
      duplicates: number;
      superseded: number;
    };
    io.stdout.write(
      `Sent. The bot applied ${plural(applied, 'event')}; ${plural(duplicates, 'duplicate')} (seen before) and ${plural(superseded, 'superseded event')} (older than its state) changed nothing.\n`,
    );
    return EXIT_OK;
  }
  if (answer.status === 400 && typeof body === 'object' && Array.isArray(body.errors)) {
    const errors = body.errors as { index: number; field: string; message: string }[];
    io.stderr.write(
      `The bot refused the batch (${plural(errors.length, 'problem')}); nothing was applied:\n`,
    );
    for (const e of errors)
      io.stderr.write(`  ${e.index >= 0 ? `event ${e.index}` : 'body'}, ${e.field}: ${e.message}\n`);
    return EXIT_FAILED;
  }
  const why =
    typeof body === 'object' && typeof body.error === 'string' ? body.error : String(body).slice(0, 500);
  io.stderr.write(`The bot answered ${answer.status}: ${why}\n`);
  return EXIT_FAILED;
}

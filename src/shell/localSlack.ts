import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import type { Conversation } from './conversation.js';
import { isObject, type Json } from './slackShapes.js';
import { callWebApi } from './webApi.js';

/**
 * Slack's Web API and response URLs, served on 127.0.0.1 for the app's own WebClient and `respond()`,
 * so the app talks to the shell exactly as it talks to Slack. It counts the requests it is still
 * answering, so the shell can wait until every reply has been shown before it reads the next line.
 */
export class LocalSlack {
  private server: Server | undefined;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(readonly conversation: Conversation) {}

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    if (!this.server) throw new Error('The local Slack is not started');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The Web API base URL for the app's `clientOptions.slackApiUrl`. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/response/${id}`;
  }

  /** Resolves once no request is being answered. */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    try {
      const raw = await text(req);
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (req.method === 'POST' && path.startsWith('/response/')) {
        const answer = this.conversation.respond(path.slice('/response/'.length), parseJson(raw));
        send(res, answer.status, answer.status === 200 ? '{"ok":true}' : answer.body, answer.status === 200);
      } else if (req.method === 'POST' && path.startsWith('/api/')) {
        const method = path.slice('/api/'.length);
        send(res, 200, JSON.stringify(callWebApi(this.conversation, method, parseArgs(raw, req))), true);
      } else {
        send(res, 404, 'not_found', false);
      }
    } catch (error) {
      this.conversation.note(`The local Slack could not answer a request: ${(error as Error).message}`);
      send(res, 500, 'internal_error', false);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}

function send(res: ServerResponse, status: number, body: string, json: boolean): void {
  res.writeHead(status, { 'content-type': json ? 'application/json' : 'text/plain' });
  res.end(body);
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

const JSON_ARGUMENTS = ['blocks', 'attachments', 'view', 'metadata'] as const;

/**
 * Web API arguments: the WebClient sends a form with nested objects (blocks, view, …) as JSON
 * strings, or a JSON body; both become one plain object.
 */
function parseArgs(raw: string, req: IncomingMessage): Json {
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    const parsed = parseJson(raw);
    return isObject(parsed) ? parsed : {};
  }
  const args: Json = Object.fromEntries(new URLSearchParams(raw));
  for (const key of JSON_ARGUMENTS) {
    const value = args[key];
    if (typeof value === 'string') {
      const parsed = parseJson(value);
      if (parsed !== undefined) args[key] = parsed;
    }
  }
  return args;
}

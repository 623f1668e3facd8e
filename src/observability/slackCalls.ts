import type { AppMetrics } from './metrics.js';

/** Put on the answer of a failed call, so the Web API client's error still says which method it was. */
const METHOD_HEADER = 'x-reauth-slack-method';
const METHOD_OF_ERROR = Symbol('slack method');

/** The Web API method a URL calls, `response_url` for a response URL, `other` for anything else. */
export function slackMethodOf(url: string, apiUrl: string): string {
  if (url.startsWith(apiUrl)) return url.slice(apiUrl.length).split(/[?#]/)[0] || 'other';
  const path = new URL(url, 'http://localhost').pathname;
  if (url.startsWith('https://hooks.slack.com/') || path.startsWith('/response/')) return 'response_url';
  return 'other';
}

/**
 * fetch for every Slack call, counting each attempt by method and outcome. A Web API answer is
 * read (from a copy) to tell `ok: true` from a refusal; the caller gets the same answer.
 */
export function observedFetch(inner: typeof fetch, apiUrl: string, metrics: AppMetrics): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = slackMethodOf(url, apiUrl);
    let response: Response;
    try {
      response = await inner(input, init);
    } catch (error) {
      const name = (error as Error)?.name;
      metrics.slackCalls.inc({
        method,
        outcome: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network_error',
      });
      if (error !== null && typeof error === 'object')
        Object.defineProperty(error, METHOD_OF_ERROR, { value: method });
      throw error;
    }
    metrics.slackCalls.inc({ method, outcome: await outcomeOf(response, method) });
    if (response.status === 200 || response.status === 429) return response;
    // The client turns this answer into an error carrying its headers: the retry counter reads them.
    const headers = new Headers(response.headers);
    headers.set(METHOD_HEADER, method);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

async function outcomeOf(response: Response, method: string): Promise<string> {
  if (response.status === 429) return 'rate_limited';
  if (response.status >= 500) return 'server_error';
  if (response.status !== 200) return 'http_error';
  if (method === 'response_url' || method === 'other') return 'ok';
  try {
    const body = (await response.clone().json()) as { ok?: unknown };
    return body.ok === true ? 'ok' : 'error';
  } catch {
    return 'error';
  }
}

/**
 * For the Web API client's `retryConfig.onFailedAttempt`: counts each attempt it will make again,
 * under the method it was for (read from the failed attempt, which names it one way or another).
 */
export function countRetries(metrics: AppMetrics): (error: unknown) => void {
  return (error) => {
    const failed = error as { retriesLeft?: number };
    if ((failed.retriesLeft ?? 0) > 0) metrics.slackRetry(methodOfFailure(error));
  };
}

function methodOfFailure(error: unknown): string {
  const e = error as {
    original?: Record<symbol, unknown>;
    headers?: Record<string, string>;
    message?: string;
  };
  const fromFetch = e.original?.[METHOD_OF_ERROR];
  if (typeof fromFetch === 'string') return fromFetch;
  const fromAnswer = e.headers?.[METHOD_HEADER];
  if (fromAnswer) return fromAnswer;
  // The client's own rate-limit error: "A rate limit was exceeded (url: https://.../api/chat.postMessage, ...".
  const named = /url: \S*\/([A-Za-z]+(?:\.[A-Za-z]+)+),/.exec(e.message ?? '');
  return named?.[1] ?? 'unknown';
}

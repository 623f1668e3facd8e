import { loadDotEnv } from './dotenv.js';

/** DEFAULT_PORT in config.ts, which this does not import: a check run every 30 s loads nothing else. */
const DEFAULT_PORT = 3000;

/**
 * The container's HEALTHCHECK (`node dist/src/healthcheck.js`): exits 0 when the bot on this machine
 * answers GET /healthz, 1 otherwise. HTTP mode serves it on PORT; Socket Mode on METRICS_PORT.
 */
loadDotEnv();
const socketMode = Boolean(process.env.SLACK_APP_TOKEN?.trim());
const port = (socketMode ? process.env.METRICS_PORT : process.env.PORT)?.trim() || String(DEFAULT_PORT);
try {
  const answer = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4000) });
  process.exitCode = answer.ok ? 0 : 1;
  if (!answer.ok) console.error(`GET /healthz on port ${port} answered ${answer.status}.`);
} catch (error) {
  console.error(`GET /healthz on port ${port} failed: ${(error as Error).message}`);
  process.exitCode = 1;
}

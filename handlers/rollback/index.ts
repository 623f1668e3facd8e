import type { App } from '@slack/bolt';
import type { Services } from '../../src/services/index.js';
import * as checklist from './checklist.js';
import * as decisions from './decisions.js';
import * as since from './since.js';

/** Rollback buttons and modals; `/reauth rollback` itself is a subcommand in handlers/reauth. */
export function register(app: App, services: Services): void {
  decisions.register(app, services);
  checklist.register(app, services);
  since.register(app, services);
}

export { DEFAULT_SWEEP_INTERVAL_MS, type ExpirySweep, startExpirySweep } from './expiry.js';

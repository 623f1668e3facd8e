import type { Logger } from '@slack/logger';
import type { Store } from '../../store/store.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { AccountService } from './accountService.js';
import { ImportService } from './importService.js';

/** Everything handlers may call; built once at start and handed to each `register(app, services)`. */
export interface Services {
  config: Config;
  clock: Clock;
  logger: Logger;
  store: Store;
  accounts: AccountService;
  imports: ImportService;
}

export function createServices(config: Config, store: Store, clock: Clock, logger: Logger): Services {
  return {
    config,
    clock,
    logger,
    store,
    accounts: new AccountService(store, clock, { deadline: config.deadline, timeZone: config.timeZone }),
    imports: new ImportService(store, clock),
  };
}

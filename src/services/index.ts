import type { Logger } from '@slack/logger';
import type { Store } from '../../store/store.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { AccountService } from './accountService.js';
import { HistoryService } from './historyService.js';
import { RollbackService } from './rollbackService.js';

/** Everything handlers may call; built once at start and handed to each `register(app, services)`. */
export interface Services {
  config: Config;
  clock: Clock;
  logger: Logger;
  store: Store;
  accounts: AccountService;
  rollbacks: RollbackService;
  history: HistoryService;
}

export function createServices(config: Config, store: Store, clock: Clock, logger: Logger): Services {
  const accounts = new AccountService(store, clock, { deadline: config.deadline, timeZone: config.timeZone });
  return {
    config,
    clock,
    logger,
    store,
    accounts,
    rollbacks: new RollbackService(store, clock, accounts, {
      timeZone: config.timeZone,
      ...(config.rollbacks
        ? { approvers: config.rollbacks.approvers, ttlHours: config.rollbacks.ttlHours }
        : {}),
    }),
    history: new HistoryService(store, accounts),
  };
}

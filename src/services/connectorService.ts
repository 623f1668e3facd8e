import type { Logger } from '@slack/logger';
import { CONNECTOR_ACTOR } from '../../store/connectorChanges.js';
import { ConnectorBatchRejectedError, type Store } from '../../store/store.js';
import type { Clock } from '../clock.js';
import type { BatchCheck, BatchResult, ConnectorProblem } from '../domain/connectorEvents.js';

export type ConnectorOutcome =
  | { kind: 'applied'; result: BatchResult }
  | { kind: 'invalid'; errors: ConnectorProblem[] };

/** A connector batch from a parsed body: checked whole, then applied in one write (or not at all). */
export class ConnectorService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly check: (body: unknown) => BatchCheck,
  ) {}

  async receive(body: unknown): Promise<ConnectorOutcome> {
    const checked = this.check(body);
    if (!checked.ok) return { kind: 'invalid', errors: checked.errors };
    try {
      const result = await this.store.applyConnectorEvents(checked.events, {
        id: CONNECTOR_ACTOR,
        at: this.clock.now(),
      });
      this.logger.info(
        `Connector batch of ${checked.events.length}: ${result.applied} applied, ${result.duplicates} duplicate, ${result.superseded} superseded`,
      );
      return { kind: 'applied', result };
    } catch (error) {
      if (error instanceof ConnectorBatchRejectedError) return { kind: 'invalid', errors: error.problems };
      throw error;
    }
  }
}

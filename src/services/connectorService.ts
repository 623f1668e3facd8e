import type { Logger } from '@slack/logger';
import { CONNECTOR_ACTOR } from '../../store/connectorChanges.js';
import { ConnectorBatchRejectedError, type Store } from '../../store/store.js';
import type { Clock } from '../clock.js';
import type {
  BatchCheck,
  BatchResult,
  ConnectorProblem,
  UnconfirmedSeller,
} from '../domain/connectorEvents.js';
import type { Message } from '../views/blocks.js';
import { wrongAccountAlert } from '../views/wrongAccount.js';

/** Posts a message in a channel, or a DM when given a user ID; rejects when Slack refuses. */
export type AlertPoster = (channel: string, message: Message) => Promise<void>;

export interface WrongAccountAlerts {
  post: AlertPoster;
  /** REAUTH_ROLLBACK_CHANNEL; without it only the account manager (if any) and the log hear of it. */
  channel?: string;
}

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
    private readonly alerts?: WrongAccountAlerts,
  ) {}

  /** Alerts still being posted (tests wait on them; the connector is answered without waiting). */
  readonly alerting = new Set<Promise<void>>();

  async receive(body: unknown): Promise<ConnectorOutcome> {
    const checked = this.check(body);
    if (!checked.ok) return { kind: 'invalid', errors: checked.errors };
    try {
      const result = await this.store.applyConnectorEvents(checked.events, {
        id: CONNECTOR_ACTOR,
        at: this.clock.now(),
      });
      const { unconfirmed, ...counts } = result;
      this.logger.info(
        `Connector batch of ${checked.events.length}: ${counts.applied} applied, ${counts.duplicates} duplicate, ${counts.superseded} superseded, ${unconfirmed.length} unconfirmed Seller ID(s)`,
      );
      for (const u of unconfirmed) {
        const sending = this.alert(u).finally(() => this.alerting.delete(sending));
        this.alerting.add(sending);
      }
      return { kind: 'applied', result: counts };
    } catch (error) {
      if (error instanceof ConnectorBatchRejectedError) return { kind: 'invalid', errors: error.problems };
      throw error;
    }
  }

  /** Tells people about a Seller ID held back; every failure is logged (status still shows it). */
  private async alert(u: UnconfirmedSeller): Promise<void> {
    const about = `channel ${u.channelId} of ${u.accountId}: Seller ID ${u.reportedSellerId} reported, ${u.sellerId} on record`;
    this.logger.warn(`Possible wrong Amazon account, held as unconfirmed: ${about}`);
    if (!this.alerts) return;
    const account = await this.store.getAccount(u.accountId);
    if (!account) return;
    const message = wrongAccountAlert(account, u);
    const targets = [this.alerts.channel, account.accountManager].filter((t): t is string => Boolean(t));
    if (targets.length === 0)
      this.logger.warn(
        `No REAUTH_ROLLBACK_CHANNEL and no account manager: nobody was alerted about ${about}`,
      );
    for (const target of targets) {
      try {
        await this.alerts.post(target, message);
      } catch (error) {
        this.logger.error(`Could not post the wrong-account alert for ${about} to ${target}:`, error);
      }
    }
  }
}

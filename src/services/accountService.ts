import { setImmediate as letRequestsIn } from 'node:timers/promises';
import type { ConfirmSellerOutcome, Store } from '../../store/store.js';
import type { Clock } from '../clock.js';
import {
  type Account,
  type Channel,
  type ReauthorizationUnit,
  reauthorizationsNeeded,
  reauthorizationUnits,
  regionOf,
  selectChannel,
  unitKey,
  unitOfChannel,
} from '../domain/accounts.js';
import { type DeadlineStatus, deadlineStatus, localDate } from '../domain/deadline.js';
import type { AccountMatch } from '../domain/lookup.js';
import { type PendingAccount, pendingAccounts } from '../domain/pending.js';
import {
  DEFAULT_RENEWAL_WARN_DAYS,
  type RenewalSettings,
  type UnitRenewal,
  unitAuthorizedAt,
  unitRenewal,
} from '../domain/renewal.js';
import { type RenewalDue, renewalsDue } from '../domain/renewalList.js';

export interface DeadlineSettings {
  deadline?: string;
  timeZone: string;
  /** REAUTH_RENEWAL_WARN_DAYS; 30 when absent. */
  renewalWarnDays?: number;
  /** REAUTH_APP_ROLES_CHANGED_AT. */
  appRolesChangedAt?: string;
}

/** The renewal rules' settings out of the configuration's. */
export function renewalSettings(settings: DeadlineSettings): RenewalSettings {
  return {
    timeZone: settings.timeZone,
    warnDays: settings.renewalWarnDays ?? DEFAULT_RENEWAL_WARN_DAYS,
    ...(settings.appRolesChangedAt ? { rolesChangedAt: settings.appRolesChangedAt } : {}),
  };
}

/** An account with its units worked out: what every answer about one customer starts from. */
export interface AccountPicture {
  account: Account;
  channels: Channel[];
  units: ReauthorizationUnit[];
  reauthorizationsNeeded: number;
  deadline: DeadlineStatus;
  /** Each unit's yearly renewal, by unitKey; absent for units on MWS or with no known authorization date. */
  renewals?: Map<string, UnitRenewal>;
}

/** What is left to do, and out of how many accounts: none on record is not the same as all done. */
export interface PendingList {
  accountsOnRecord: number;
  pending: PendingAccount[];
}

export type Lookup<T> = { kind: 'found'; value: T } | Exclude<AccountMatch, { kind: 'found' }>;

export type DoneOutcome =
  | { kind: 'recorded'; picture: AccountPicture; unit: ReauthorizationUnit; changed: Channel[] }
  /** The unit was on SP-API already: its yearly renewal is recorded, and its due date moves. */
  | { kind: 'renewed'; picture: AccountPicture; unit: ReauthorizationUnit; renewal?: UnitRenewal }
  | { kind: 'no-channel'; picture: AccountPicture; what: string; reason: string }
  | { kind: 'ambiguous-channel'; picture: AccountPicture; channels: Channel[] };

/** Questions and changes about customers' channels, over the store. */
export class AccountService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly settings: DeadlineSettings,
  ) {}

  deadline(): DeadlineStatus {
    return deadlineStatus(this.settings.deadline, this.clock.now(), this.settings.timeZone);
  }

  async find(query: string): Promise<Lookup<Account>> {
    const match = await this.store.matchAccount(query);
    return match.kind === 'found' ? { kind: 'found', value: match.account } : match;
  }

  async picture(query: string): Promise<Lookup<AccountPicture>> {
    const found = await this.find(query);
    if (found.kind !== 'found') return found;
    return { kind: 'found', value: await this.pictureOf(found.value) };
  }

  async pictureOf(account: Account): Promise<AccountPicture> {
    const channels = await this.store.channelsOfAccount(account.id);
    const units = reauthorizationUnits(channels);
    const now = this.clock.now();
    const rules = renewalSettings(this.settings);
    const renewals = new Map<string, UnitRenewal>();
    for (const unit of units) {
      const renewal = unitRenewal(unit, now, rules);
      if (renewal) renewals.set(unitKey(unit), renewal);
    }
    return {
      account,
      channels,
      units,
      reauthorizationsNeeded: reauthorizationsNeeded(units),
      deadline: this.deadline(),
      renewals,
    };
  }

  /** Records the customer's reauthorization of the unit that `what` (marketplace or channel ID) belongs to. */
  async done(query: string, what: string, actorId: string): Promise<Lookup<DoneOutcome>> {
    const found = await this.picture(query);
    if (found.kind !== 'found') return found;
    const picture = found.value;
    const selection = selectChannel(picture.channels, what);
    if (selection.kind === 'none')
      return { kind: 'found', value: { kind: 'no-channel', picture, what, reason: selection.reason } };
    if (selection.kind === 'ambiguous')
      return { kind: 'found', value: { kind: 'ambiguous-channel', picture, channels: selection.channels } };

    const channel = selection.channel;
    const before = unitOfChannel(picture.channels, channel);
    // A renewal is refused by the store while a rollback of the unit awaits a decision: then the
    // customer authorizing again is recorded as a reauthorization, for the approver to see.
    if (!before.needsReauthorization && !this.authorizedToday(before)) {
      const renewed = await this.store.recordRenewal(
        { accountId: picture.account.id, region: before.region, sellerId: before.sellerId },
        { id: actorId, at: this.clock.now() },
      );
      if (renewed.length > 0) {
        const after = await this.pictureOf(picture.account);
        const unit = unitOfChannel(after.channels, channel);
        const renewal = after.renewals?.get(unitKey(unit));
        return {
          kind: 'found',
          value: { kind: 'renewed', picture: after, unit, ...(renewal ? { renewal } : {}) },
        };
      }
    }
    const changed = await this.store.recordReauthorization(
      { accountId: picture.account.id, region: regionOf(channel), sellerId: channel.sellerId },
      { id: actorId, at: this.clock.now() },
    );
    const after = await this.pictureOf(picture.account);
    return {
      kind: 'found',
      value: { kind: 'recorded', picture: after, unit: unitOfChannel(after.channels, channel), changed },
    };
  }

  /**
   * A unit authorized earlier today (in the configured zone): a second `/reauth done` is the same
   * reauthorization typed again, and a renewal today would move no date, so nothing is recorded.
   */
  private authorizedToday(unit: ReauthorizationUnit): boolean {
    const at = unitAuthorizedAt(unit);
    if (at === undefined) return false;
    const zone = this.settings.timeZone;
    return localDate(new Date(at), zone) === localDate(this.clock.now(), zone);
  }

  /** Someone says the Seller ID the connector reported for a channel is right: it becomes the record. */
  async confirmSellerId(channelId: string, actorId: string): Promise<ConfirmSellerOutcome> {
    return this.store.confirmSellerId(channelId, { id: actorId, at: this.clock.now() });
  }

  /** Accounts with at least one unit still on MWS: most reauthorizations first, then by name. */
  async pending(): Promise<PendingList> {
    const [accounts, channels] = await Promise.all([this.store.listAccounts(), this.store.allChannels()]);
    // Copying every channel and grouping them are each long over a big store: let requests in between.
    await letRequestsIn();
    return { accountsOnRecord: accounts.length, pending: pendingAccounts(accounts, channels) };
  }

  /** Units on SP-API whose renewal is due within `days` (or at once), or has expired. */
  async renewals(days: number): Promise<RenewalDue[]> {
    const [accounts, channels] = await Promise.all([this.store.listAccounts(), this.store.allChannels()]);
    await letRequestsIn();
    return renewalsDue(accounts, channels, this.clock.now(), renewalSettings(this.settings), days);
  }
}

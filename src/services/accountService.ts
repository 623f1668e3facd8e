import { setImmediate as letRequestsIn } from 'node:timers/promises';
import type { Store } from '../../store/store.js';
import type { Clock } from '../clock.js';
import {
  type Account,
  type Channel,
  type ReauthorizationUnit,
  reauthorizationsNeeded,
  reauthorizationUnits,
  regionOf,
  selectChannel,
  unitOfChannel,
} from '../domain/accounts.js';
import { type DeadlineStatus, deadlineStatus } from '../domain/deadline.js';
import type { AccountMatch } from '../domain/lookup.js';
import { type PendingAccount, pendingAccounts } from '../domain/pending.js';

export interface DeadlineSettings {
  deadline?: string;
  timeZone: string;
}

/** An account with its units worked out: what every answer about one customer starts from. */
export interface AccountPicture {
  account: Account;
  channels: Channel[];
  units: ReauthorizationUnit[];
  reauthorizationsNeeded: number;
  deadline: DeadlineStatus;
}

/** What is left to do, and out of how many accounts: none on record is not the same as all done. */
export interface PendingList {
  accountsOnRecord: number;
  pending: PendingAccount[];
}

export type Lookup<T> = { kind: 'found'; value: T } | Exclude<AccountMatch, { kind: 'found' }>;

export type DoneOutcome =
  | { kind: 'recorded'; picture: AccountPicture; unit: ReauthorizationUnit; changed: Channel[] }
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
    return {
      account,
      channels,
      units,
      reauthorizationsNeeded: reauthorizationsNeeded(units),
      deadline: this.deadline(),
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

  /** Accounts with at least one unit still on MWS: most reauthorizations first, then by name. */
  async pending(): Promise<PendingList> {
    const [accounts, channels] = await Promise.all([this.store.listAccounts(), this.store.allChannels()]);
    // Copying every channel and grouping them are each long over a big store: let requests in between.
    await letRequestsIn();
    return { accountsOnRecord: accounts.length, pending: pendingAccounts(accounts, channels) };
  }
}

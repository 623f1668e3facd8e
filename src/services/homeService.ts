import type { Store } from '../../store/store.js';
import type { Clock } from '../clock.js';
import { type DeadlineStatus, deadlineStatus, localDate } from '../domain/deadline.js';
import { buildDigest, type DigestTotals, managerDigest } from '../domain/digest.js';
import type { PendingAccount } from '../domain/pending.js';
import type { PendingDecision, PendingDecisions } from './pendingDecisions.js';

/** Everything one person's App Home shows. */
export interface HomePicture {
  user: string;
  /** REAUTH_TIMEZONE: the fallback of the times shown. */
  timeZone: string;
  deadline: DeadlineStatus;
  totals: DigestTotals;
  /** Present when the viewer is the account manager of at least one account. */
  managed?: { accounts: number; pending: PendingAccount[] };
  /** Present when the viewer is an approver (REAUTH_APPROVERS). */
  decisions?: PendingDecision[];
}

export class HomeService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly settings: { deadline?: string; timeZone: string; approvers: readonly string[] },
    private readonly pendingDecisions: PendingDecisions,
  ) {}

  async pictureFor(user: string): Promise<HomePicture> {
    const now = this.clock.now();
    const [accounts, channels] = await Promise.all([this.store.listAccounts(), this.store.allChannels()]);
    const input = {
      accounts,
      channels,
      deadline: deadlineStatus(this.settings.deadline, now, this.settings.timeZone),
      date: localDate(now, this.settings.timeZone),
    };
    const picture: HomePicture = {
      user,
      timeZone: this.settings.timeZone,
      deadline: input.deadline,
      totals: buildDigest(input).totals,
    };
    if (accounts.some((a) => a.accountManager === user)) {
      const mine = managerDigest(input, user);
      picture.managed = { accounts: mine.totals.accounts, pending: mine.groups.flatMap((g) => g.accounts) };
    }
    if (this.settings.approvers.includes(user)) picture.decisions = await this.pendingDecisions(user);
    return picture;
  }
}

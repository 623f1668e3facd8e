import { randomBytes } from 'node:crypto';
import type { Store } from '../../store/store.js';
import type { Clock } from '../clock.js';
import {
  type Account,
  type Channel,
  type ReauthorizationUnit,
  selectChannel,
  unitOfChannel,
} from '../domain/accounts.js';
import { looksLikeMwsToken } from '../domain/csvFields.js';
import {
  awaitingDecisionBy,
  type ChecklistOutcome,
  checkTokens,
  DEFAULT_ROLLBACK_TTL_HOURS,
  type DecideRollbackOutcome,
  type DecisionRefusal,
  decisionRefusal,
  EARLIEST_SINCE,
  isOpen,
  isPastExpiry,
  lastAuthorizedAt,
  type Rollback,
  type RollbackMessageSlot,
  rollbackExpiry,
  type SlackMessageRef,
  sinceProblem,
  type TokenCheck,
} from '../domain/rollback.js';
import { withoutControls } from '../domain/text.js';
import { parseDateTime } from '../domain/time.js';
import type { AccountPicture, AccountService, Lookup } from './accountService.js';
import type { PendingDecision } from './pendingDecisions.js';

export interface RollbackServiceSettings {
  approvers?: readonly string[];
  ttlHours?: number;
  timeZone: string;
}

/** A rollback with what every message about it shows: its account and its channels as they are now. */
export interface RollbackDetails {
  rollback: Rollback;
  account: Account;
  channels: Channel[];
}

/** Longer reasons belong in the thread, not in the request. */
export const MAX_REASON_LENGTH = 500;

export type RollbackRequestOutcome =
  | { kind: 'no-approvers' }
  | { kind: 'no-channel'; picture: AccountPicture; what: string; reason: string }
  | { kind: 'ambiguous-channel'; picture: AccountPicture; channels: Channel[] }
  | { kind: 'no-reason'; picture: AccountPicture }
  | { kind: 'reason-too-long'; length: number }
  /** The command held what looks like an MWS Auth Token: a secret, never stored, posted or echoed. */
  | { kind: 'reason-has-token' }
  | { kind: 'nothing-to-roll-back'; picture: AccountPicture; unit: ReauthorizationUnit }
  | { kind: 'since-unknown'; picture: AccountPicture; unit: ReauthorizationUnit }
  | { kind: 'since-invalid'; text: string }
  | { kind: 'since-future'; since: Date; now: Date }
  | { kind: 'since-too-early'; since: Date; earliest: Date }
  | { kind: 'open-exists'; details: RollbackDetails }
  | { kind: 'created'; details: RollbackDetails; expired: Rollback[] };

/** The account a request names, the marketplace or channel word, and the words after it (the reason). */
interface Located {
  picture: AccountPicture;
  what: string;
  rest: string[];
}

export type TokenCheckOutcome =
  | { kind: 'not-found' }
  | { kind: 'unknown-channel' }
  | { kind: 'checked'; channel: Channel; check: TokenCheck };

/** Rollback requests, decisions, expiry and the recovery checklist, over the store. */
export class RollbackService {
  readonly approvers: readonly string[];
  readonly ttlHours: number;
  /** Per rollback, the end of the work on its Slack messages queued so far (see `oneAtATime`). */
  private readonly messageWork = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly accounts: AccountService,
    private readonly settings: RollbackServiceSettings,
    private readonly newId: () => string = () => `rb-${randomBytes(4).toString('hex')}`,
  ) {
    this.approvers = settings.approvers ?? [];
    this.ttlHours = settings.ttlHours ?? DEFAULT_ROLLBACK_TTL_HOURS;
  }

  get timeZone(): string {
    return this.settings.timeZone;
  }

  /**
   * `words` are `<account> <marketplace|channel-id> <reason...>`. Account names may have spaces, so
   * the account is the shortest run of leading words after which a marketplace or channel of that
   * account follows.
   */
  async request(
    words: readonly string[],
    sinceText: string | undefined,
    requester: string,
  ): Promise<Lookup<RollbackRequestOutcome>> {
    if (words.some(looksLikeMwsToken) || (sinceText !== undefined && looksLikeMwsToken(sinceText)))
      return { kind: 'found', value: { kind: 'reason-has-token' } };
    if (this.approvers.length === 0) return { kind: 'found', value: { kind: 'no-approvers' } };
    const located = await this.locate(words);
    if (located.kind !== 'found') return located;
    const { picture, what, rest } = located.value;
    const found = (value: RollbackRequestOutcome): Lookup<RollbackRequestOutcome> => ({
      kind: 'found',
      value,
    });

    const selection = selectChannel(picture.channels, what);
    if (selection.kind === 'none')
      return found({ kind: 'no-channel', picture, what, reason: selection.reason });
    if (selection.kind === 'ambiguous')
      return found({ kind: 'ambiguous-channel', picture, channels: selection.channels });
    // A reason is shown in Slack and printed in terminals: no terminal escapes or bidi overrides.
    const reason = withoutControls(rest.join(' ')).trim();
    if (!reason) return found({ kind: 'no-reason', picture });
    if (reason.length > MAX_REASON_LENGTH) return found({ kind: 'reason-too-long', length: reason.length });

    const unit = unitOfChannel(picture.channels, selection.channel);
    // Checked again inside the store's write; looking first gives the most useful answer.
    const open = (await this.store.rollbacksOfAccount(picture.account.id)).find(
      (r) =>
        r.unit.region === unit.region &&
        r.unit.sellerId === unit.sellerId &&
        isOpen(r) &&
        !isPastExpiry(r, this.clock.now()),
    );
    if (open) return found({ kind: 'open-exists', details: await this.detailsOf(open) });
    if (unit.channels.every((c) => c.authorization === 'MWS'))
      return found({ kind: 'nothing-to-roll-back', picture, unit });

    const now = this.clock.now();
    let since: Date | undefined;
    if (sinceText !== undefined) {
      since = parseDateTime(sinceText, this.settings.timeZone);
      if (!since) return found({ kind: 'since-invalid', text: sinceText });
    } else {
      const last = lastAuthorizedAt(unit.channels);
      if (!last) return found({ kind: 'since-unknown', picture, unit });
      since = new Date(last);
    }
    const problem = sinceProblem(since, now, this.earliestSince());
    if (problem) return found(problem);

    const outcome = await this.store.createRollback(
      {
        id: this.newId(),
        accountId: picture.account.id,
        unit: { region: unit.region, sellerId: unit.sellerId },
        reason,
        since: since.toISOString(),
        expiresAt: rollbackExpiry(now, this.ttlHours).toISOString(),
      },
      { id: requester, at: now },
    );
    switch (outcome.kind) {
      case 'created':
        return found({
          kind: 'created',
          details: await this.detailsOf(outcome.rollback),
          expired: outcome.expired,
        });
      case 'open-exists':
        return found({ kind: 'open-exists', details: await this.detailsOf(outcome.rollback) });
      case 'nothing-to-roll-back':
      case 'no-channels': {
        // The unit changed between the look and the write: report it as it is now.
        const after = await this.accounts.pictureOf(picture.account);
        const now = after.units.find((u) => u.region === unit.region && u.sellerId === unit.sellerId) ?? unit;
        return found({ kind: 'nothing-to-roll-back', picture: after, unit: now });
      }
    }
  }

  /**
   * Tries ever longer runs of leading words as the account, and stops at the first run that matches
   * no account at all: any longer run starts with it, so it cannot match either (names, ids and
   * their prefixes only grow, and a Seller ID is one word). That keeps a long request linear in its
   * words rather than quadratic.
   */
  private async locate(words: readonly string[]): Promise<Lookup<Located>> {
    let first: Lookup<Located> | undefined;
    let query = '';
    for (let i = 1; i < words.length; i++) {
      query = i === 1 ? (words[0] as string) : `${query} ${words[i - 1] as string}`;
      const lookup = await this.accounts.picture(query);
      const what = words[i] as string;
      if (lookup.kind !== 'found') {
        first ??= lookup;
        if (lookup.kind === 'none') break;
        continue;
      }
      const attempt: Lookup<Located> = {
        kind: 'found',
        value: { picture: lookup.value, what, rest: words.slice(i + 1) },
      };
      first ??= attempt;
      const selection = selectChannel(lookup.value.channels, what);
      if (selection.kind !== 'none' || selection.reason !== 'unknown') return attempt;
    }
    // Nothing fitted: answer about the first word as the account, the likeliest reading.
    if (!first) throw new Error('locate needs at least two words');
    return first;
  }

  /** Midnight of EARLIEST_SINCE where the team is. */
  private earliestSince(): Date {
    return parseDateTime(EARLIEST_SINCE, this.settings.timeZone) as Date;
  }

  /** What waits for this approver's decision, for App Home. */
  async pendingDecisions(approverId: string): Promise<PendingDecision[]> {
    const waiting = awaitingDecisionBy(
      await this.store.undecidedRollbacks(),
      approverId,
      this.approvers,
      this.clock.now(),
    );
    return Promise.all(
      waiting.map(async (r) => {
        const account = await this.store.getAccount(r.accountId);
        const channels = (await this.store.channelsOfAccount(r.accountId)).filter((c) =>
          r.channelIds.includes(c.id),
        );
        return {
          id: r.id,
          accountId: r.accountId,
          accountName: account?.name ?? r.accountId,
          summary: `${channels.map((c) => c.marketplace).join(', ')} (Seller ID ${r.unit.sellerId}) back to MWS: ${r.reason}`,
          requestedBy: r.requester,
          requestedAt: r.requestedAt,
        };
      }),
    );
  }

  async details(id: string): Promise<RollbackDetails | undefined> {
    const rollback = await this.store.getRollback(id);
    return rollback && this.detailsOf(rollback);
  }

  async detailsOf(rollback: Rollback): Promise<RollbackDetails> {
    const account = (await this.store.getAccount(rollback.accountId)) ?? {
      id: rollback.accountId,
      name: rollback.accountId,
    };
    const channels = (await this.store.channelsOfAccount(rollback.accountId)).filter((c) =>
      rollback.channelIds.includes(c.id),
    );
    channels.sort((a, b) => rollback.channelIds.indexOf(a.id) - rollback.channelIds.indexOf(b.id));
    return { rollback, account, channels };
  }

  /** Whether `userId` could decide now, without changing anything: to refuse before opening a modal. */
  async decisionBlocker(
    id: string,
    userId: string,
  ): Promise<DecideRollbackOutcome | { kind: 'may-decide'; rollback: Rollback }> {
    const rollback = await this.store.getRollback(id);
    if (!rollback) return { kind: 'not-found' };
    if (rollback.state === 'expired' || isPastExpiry(rollback, this.clock.now()))
      return { kind: 'expired', rollback, justExpired: false };
    if (rollback.state !== 'requested') return { kind: 'already-decided', rollback };
    const refusal: DecisionRefusal | undefined = decisionRefusal(rollback, userId, this.approvers);
    if (refusal) return { kind: 'refused', rollback, refusal };
    return { kind: 'may-decide', rollback };
  }

  decide(id: string, approve: boolean, userId: string, reason?: string): Promise<DecideRollbackOutcome> {
    return this.store.decideRollback(
      id,
      { approve, approvers: this.approvers, ...(reason ? { reason } : {}) },
      { id: userId, at: this.clock.now() },
    );
  }

  expireDue(): Promise<Rollback[]> {
    return this.store.expireDueRollbacks(this.clock.now());
  }

  completeItem(id: string, itemId: string, userId: string): Promise<ChecklistOutcome> {
    return this.store.completeChecklistItem(id, itemId, { id: userId, at: this.clock.now() });
  }

  /**
   * Runs `work` on one rollback's Slack messages after any work already queued for that rollback, so
   * posting a message and recording where it is cannot interleave with a second posting of it (an
   * asker repeating the command while the first is still being posted). The bot is the only process
   * on its store, so queuing in memory is enough.
   */
  oneAtATime<T>(id: string, work: () => Promise<T>): Promise<T> {
    const run = (this.messageWork.get(id) ?? Promise.resolve()).then(work, work);
    const settled = run.catch(() => undefined);
    this.messageWork.set(id, settled);
    void settled.then(() => {
      if (this.messageWork.get(id) === settled) this.messageWork.delete(id);
    });
    return run;
  }

  async attachMessage(id: string, which: RollbackMessageSlot, ref: SlackMessageRef): Promise<void> {
    await this.store.attachRollbackMessage(id, which, ref, { id: 'system', at: this.clock.now() });
  }

  /** Compares pasted tokens with a channel of the rollback; the pasted values go nowhere else. */
  async checkTokens(
    id: string,
    channelId: string,
    pasted: { merchantToken: string; mwsAuthToken: string },
  ): Promise<TokenCheckOutcome> {
    const rollback = await this.store.getRollback(id);
    if (!rollback) return { kind: 'not-found' };
    if (!rollback.channelIds.includes(channelId)) return { kind: 'unknown-channel' };
    const channel = (await this.store.channelsOfAccount(rollback.accountId)).find((c) => c.id === channelId);
    if (!channel) return { kind: 'unknown-channel' };
    return { kind: 'checked', channel, check: checkTokens(channel, pasted) };
  }
}

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
  type Rollback,
  type RollbackMessageSlot,
  rollbackExpiry,
  type SinceAnswer,
  type SlackMessageRef,
  sinceProblem,
  type TokenCheck,
  type UntickOutcome,
  type WindowStartSource,
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
  /** The rolled-back unit's channels. */
  channels: Channel[];
  /** The customer's other channels, which the checklist's app and token checks cover too. */
  otherChannels?: Channel[];
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
  /** The unit's channels went away between the look and the write. */
  | { kind: 'no-unit'; picture: AccountPicture; unit: ReauthorizationUnit }
  /** All is in order but the window's start: the requester is asked for it (the request form). */
  | {
      kind: 'since-needed';
      picture: AccountPicture;
      channel: Channel;
      unit: ReauthorizationUnit;
      reason: string;
    }
  | SinceRefusal
  | { kind: 'open-exists'; details: RollbackDetails }
  | { kind: 'created'; details: RollbackDetails; expired: Rollback[] };

export type SinceRefusal =
  | { kind: 'since-invalid'; text: string }
  | { kind: 'since-future'; since: Date; now: Date }
  | { kind: 'since-too-early'; since: Date; earliest: Date };

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
    since: SinceAnswer | undefined,
    requester: string,
  ): Promise<Lookup<RollbackRequestOutcome>> {
    if (words.some(looksLikeMwsToken) || (since?.kind === 'command' && looksLikeMwsToken(since.text)))
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

    if (since === undefined)
      return found({ kind: 'since-needed', picture, channel: selection.channel, unit, reason });
    const now = this.clock.now();
    const start = this.windowStart(since, requester);
    if ('kind' in start) return found(start);

    const outcome = await this.store.createRollback(
      {
        id: this.newId(),
        accountId: picture.account.id,
        unit: { region: unit.region, sellerId: unit.sellerId },
        reason,
        ...(start.since ? { since: start.since.toISOString() } : {}),
        sinceSource: start.source,
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
      case 'no-channels':
        // The unit's channels were removed between the look and the write.
        return found({ kind: 'no-unit', picture: await this.accounts.pictureOf(picture.account), unit });
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

  /** The window's start as the requester gave it, checked; or why it cannot be right. */
  private windowStart(
    answer: SinceAnswer,
    requester: string,
  ): { since?: Date; source: WindowStartSource } | SinceRefusal {
    if (answer.kind === 'unknown') return { source: { kind: 'unknown', by: requester } };
    const since = answer.kind === 'form' ? answer.at : parseDateTime(answer.text, this.settings.timeZone);
    if (!since) return { kind: 'since-invalid', text: answer.kind === 'command' ? answer.text : '' };
    const problem = this.sinceProblem(since);
    if (problem) return problem;
    return { since, source: { kind: answer.kind, by: requester } };
  }

  /** Why a start picked or typed cannot be the time a wrong account was authorized, if it cannot. */
  sinceProblem(since: Date): SinceRefusal | undefined {
    return sinceProblem(since, this.clock.now(), this.earliestSince());
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
    const all = await this.store.channelsOfAccount(rollback.accountId);
    const channels = all.filter((c) => rollback.channelIds.includes(c.id));
    channels.sort((a, b) => rollback.channelIds.indexOf(a.id) - rollback.channelIds.indexOf(b.id));
    const otherChannels = all.filter((c) => !rollback.channelIds.includes(c.id));
    return { rollback, account, channels, otherChannels };
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

  /** `seenUnit`: approving a unit that changed since the request, as its fingerprint was shown. */
  decide(
    id: string,
    approve: boolean,
    userId: string,
    reason?: string,
    seenUnit?: string,
  ): Promise<DecideRollbackOutcome> {
    return this.store.decideRollback(
      id,
      {
        approve,
        approvers: this.approvers,
        ...(reason ? { reason } : {}),
        ...(seenUnit ? { seenUnit } : {}),
      },
      { id: userId, at: this.clock.now() },
    );
  }

  expireDue(): Promise<Rollback[]> {
    return this.store.expireDueRollbacks(this.clock.now());
  }

  untickItem(id: string, itemId: string, userId: string): Promise<UntickOutcome> {
    return this.store.untickChecklistItem(id, itemId, { id: userId, at: this.clock.now() }, this.approvers);
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
    // Any channel of the customer: the checklist asks for every Seller ID's tokens.
    const channel = (await this.store.channelsOfAccount(rollback.accountId)).find((c) => c.id === channelId);
    if (!channel) return { kind: 'unknown-channel' };
    return { kind: 'checked', channel, check: checkTokens(channel, pasted) };
  }
}

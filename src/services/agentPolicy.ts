import type { Logger } from '@slack/logger';
import type { Clock } from '../clock.js';
import { type AgentList, mayChange } from '../domain/agents.js';
import { plural } from '../domain/text.js';

/** How often a user group's members are asked of Slack again. */
export const GROUP_REFRESH_MS = 10 * 60 * 1000;

/** A user group's members (usergroups.users.list). */
export type GroupMembers = (groupId: string) => Promise<readonly string[]>;

/**
 * Decides who may change state (REAUTH_AGENTS). Group members are cached and asked again once the
 * last answer is GROUP_REFRESH_MS old; a failed refresh keeps the last list (and logs it), so a
 * passing Slack fault neither locks agents out nor lets anyone in.
 */
export class AgentPolicy {
  private readonly members = new Map<string, readonly string[]>();
  private readonly askedAt = new Map<string, number>();
  private inFlight: Promise<void> | undefined;

  constructor(
    readonly agents: AgentList | undefined,
    private readonly approvers: readonly string[],
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly groupMembers: GroupMembers | undefined,
  ) {}

  /** One line for the log at start: who may change what. */
  describe(): string {
    if (!this.agents)
      return 'REAUTH_AGENTS is unset: anyone in the workspace may record reauthorizations, ask for rollbacks and tick checklist items.';
    const { users, groups } = this.agents;
    return (
      `Only approvers, ${plural(users.length, 'listed user')} and the members of ${plural(groups.length, 'user group')} ` +
      '(REAUTH_AGENTS) may record reauthorizations, ask for rollbacks and tick checklist items.'
    );
  }

  async mayChange(userId: string): Promise<boolean> {
    if (!this.agents) return true;
    if (mayChange(userId, this.agents, this.approvers, new Map())) return true;
    await this.refreshDue();
    return mayChange(userId, this.agents, this.approvers, this.members);
  }

  /** Asks Slack for the groups whose members are unknown or GROUP_REFRESH_MS old; one round at a time. */
  private async refreshDue(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const now = this.clock.now().getTime();
    const due = (this.agents?.groups ?? []).filter(
      (g) => now - (this.askedAt.get(g) ?? Number.NEGATIVE_INFINITY) >= GROUP_REFRESH_MS,
    );
    if (due.length === 0) return;
    this.inFlight = Promise.all(due.map((g) => this.refresh(g, now))).then(() => undefined);
    try {
      await this.inFlight;
    } finally {
      this.inFlight = undefined;
    }
  }

  private async refresh(group: string, now: number): Promise<void> {
    // Asked again only after the interval, even when this one fails, so an outage is not a call per click.
    this.askedAt.set(group, now);
    if (!this.groupMembers) {
      this.logger.error(
        `Cannot list the members of user group ${group} (no Slack client); none count as agents.`,
      );
      return;
    }
    try {
      this.members.set(group, await this.groupMembers(group));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const kept = this.members.get(group);
      this.logger.error(
        `Refreshing the members of user group ${group} failed (${reason}); ` +
          (kept
            ? `keeping the last list (${plural(kept.length, 'member')}).`
            : 'no list yet, so none count as agents.'),
      );
    }
  }
}

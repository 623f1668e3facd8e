import { isSlackUserId } from './accounts.js';

/** Who may record reauthorizations, ask for rollbacks and tick checklist items (REAUTH_AGENTS). */
export interface AgentList {
  /** Slack user IDs named directly. */
  users: readonly string[];
  /** Slack user group IDs (S...), whose members count as agents. */
  groups: readonly string[];
}

const SLACK_USERGROUP_ID = /^S[A-Z0-9]{2,}$/;

export function isSlackUsergroupId(id: string): boolean {
  return SLACK_USERGROUP_ID.test(id);
}

/** Splits REAUTH_AGENTS' entries into users and groups; entries that are neither come back in `bad`. */
export function agentListOf(entries: readonly string[]): { list: AgentList; bad: string[] } {
  const users = entries.filter(isSlackUserId);
  const groups = entries.filter(isSlackUsergroupId);
  const bad = entries.filter((e) => !isSlackUserId(e) && !isSlackUsergroupId(e));
  return { list: { users: [...new Set(users)], groups: [...new Set(groups)] }, bad };
}

/** REAUTH_AGENTS: user IDs and user group IDs, comma-separated; unset (or empty) means anyone. */
export function agentsSetting(text: string | undefined, problems: string[]): AgentList | undefined {
  const entries = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const { list, bad } = agentListOf(entries);
  if (bad.length > 0)
    problems.push(
      `REAUTH_AGENTS must be Slack user IDs (U...) and user group IDs (S...) separated by commas, such as U0123ABCD,S0456EFGH; neither: ${bad.map((b) => `"${b}"`).join(', ')}.`,
    );
  return entries.length > 0 ? list : undefined;
}

/**
 * Whether this person may change state: anyone when no list is configured; otherwise an approver,
 * a listed user, or a member of a listed group as last known.
 */
export function mayChange(
  userId: string,
  agents: AgentList | undefined,
  approvers: readonly string[],
  groupMembers: ReadonlyMap<string, readonly string[]>,
): boolean {
  if (!agents) return true;
  if (approvers.includes(userId) || agents.users.includes(userId)) return true;
  return agents.groups.some((group) => groupMembers.get(group)?.includes(userId) ?? false);
}

/**
 * The seam between App Home and rollbacks (built on another branch): App Home lists what waits
 * for an approver's decision through this one function, so neither needs the other's internals.
 */

/** A rollback request waiting for an approver's decision, as App Home lists it. */
export interface PendingDecision {
  /** The rollback's id. */
  id: string;
  accountId: string;
  accountName: string;
  /** What is asked, in one line of plain text (the view escapes it), e.g. "UK, DE back to MWS". */
  summary: string;
  /** Slack user ID of whoever asked. */
  requestedBy: string;
  /** ISO date-time of the request. */
  requestedAt: string;
}

/** The rollbacks waiting for this approver's decision, oldest first. */
export type PendingDecisions = (approverId: string) => Promise<PendingDecision[]>;

/** Until rollbacks exist, nothing waits for anyone. */
export const noPendingDecisions: PendingDecisions = async () => [];

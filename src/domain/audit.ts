/** One line of the audit trail: who did what to which thing, and when. */
export interface AuditEntry {
  /** ISO date-time. */
  at: string;
  /** Slack user ID, or `import`, `system`, `cli:<os user>`. */
  actor: string;
  action: string;
  /** What was changed: `account:<id>`, `unit:<account>:<region>:<sellerId>`, `rollback:<id>`, ... */
  target: string;
  /** The account concerned, so an account's history is one filter. */
  accountId?: string;
  details?: Record<string, string | number | boolean | string[]>;
}

import type { Account, Authorization, Channel, StateSource } from '../../src/domain/accounts.js';
import type { AuditEntry } from '../../src/domain/audit.js';
import type { Row, Sql } from './database.js';

/*
 * Rows to domain objects and back. Optional fields the domain leaves out come back left out (not
 * null), so an object read from PostgreSQL equals the one the file store would return.
 */

export const ACCOUNT_COLUMNS = 'id, name, account_manager, slack_channel, state_at, closed_at';

export function accountOf(row: Row): Account {
  const account: Account = { id: row.id as string, name: row.name as string };
  if (row.account_manager != null) account.accountManager = row.account_manager as string;
  if (row.slack_channel != null) account.slackChannel = row.slack_channel as string;
  if (row.state_at != null) account.stateAt = row.state_at as string;
  if (row.closed_at != null) account.closedAt = row.closed_at as string;
  return account;
}

/** Writes whole accounts (new ones inserted in order, known ones replaced), many in one statement. */
export async function upsertAccounts(sql: Sql, accounts: readonly Account[]): Promise<void> {
  if (accounts.length === 0) return;
  await sql.query(
    `INSERT INTO accounts (${ACCOUNT_COLUMNS})
     SELECT ${ACCOUNT_COLUMNS} FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       WITH ORDINALITY AS a(${ACCOUNT_COLUMNS}, n)
     ORDER BY n
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, account_manager = excluded.account_manager,
       slack_channel = excluded.slack_channel, state_at = excluded.state_at, closed_at = excluded.closed_at`,
    [
      accounts.map((a) => a.id),
      accounts.map((a) => a.name),
      accounts.map((a) => a.accountManager ?? null),
      accounts.map((a) => a.slackChannel ?? null),
      accounts.map((a) => a.stateAt ?? null),
      accounts.map((a) => a.closedAt ?? null),
    ],
  );
}

export const CHANNEL_COLUMNS =
  'id, account_id, marketplace, seller_id, "authorization", authorized_at, authorized_by, mws_auth_token_sha256, ' +
  'state_source, state_at, unconfirmed_seller_id, unconfirmed_marketplace, unconfirmed_at';

export function channelOf(row: Row): Channel {
  const channel: Channel = {
    id: row.id as string,
    accountId: row.account_id as string,
    marketplace: row.marketplace as string,
    sellerId: row.seller_id as string,
    authorization: row.authorization as Authorization,
  };
  if (row.authorized_at != null) channel.authorizedAt = row.authorized_at as string;
  if (row.authorized_by != null) channel.authorizedBy = row.authorized_by as string;
  if (row.mws_auth_token_sha256 != null) channel.mwsAuthTokenSha256 = row.mws_auth_token_sha256 as string;
  if (row.state_source != null) channel.stateSource = row.state_source as StateSource;
  if (row.state_at != null) channel.stateAt = row.state_at as string;
  if (row.unconfirmed_seller_id != null) channel.unconfirmedSellerId = row.unconfirmed_seller_id as string;
  if (row.unconfirmed_marketplace != null)
    channel.unconfirmedMarketplace = row.unconfirmed_marketplace as string;
  if (row.unconfirmed_at != null) channel.unconfirmedAt = row.unconfirmed_at as string;
  return channel;
}

/** A channel's columns, in CHANNEL_COLUMNS order, as parameters. */
export function channelParams(c: Channel): unknown[] {
  return [
    c.id,
    c.accountId,
    c.marketplace,
    c.sellerId,
    c.authorization,
    c.authorizedAt ?? null,
    c.authorizedBy ?? null,
    c.mwsAuthTokenSha256 ?? null,
    c.stateSource ?? null,
    c.stateAt ?? null,
    c.unconfirmedSellerId ?? null,
    c.unconfirmedMarketplace ?? null,
    c.unconfirmedAt ?? null,
  ];
}

/** Writes whole channels (new ones inserted, known ones replaced), many in one statement. */
export async function upsertChannels(sql: Sql, channels: readonly Channel[]): Promise<void> {
  if (channels.length === 0) return;
  const columns = channels.map(channelParams);
  const column = (i: number) => columns.map((c) => c[i]);
  await sql.query(
    `INSERT INTO channels (${CHANNEL_COLUMNS})
     SELECT ${CHANNEL_COLUMNS} FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
       $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[]) WITH ORDINALITY AS c(${CHANNEL_COLUMNS}, n)
     ORDER BY n
     ON CONFLICT (id) DO UPDATE SET
       account_id = excluded.account_id, marketplace = excluded.marketplace, seller_id = excluded.seller_id,
       "authorization" = excluded."authorization", authorized_at = excluded.authorized_at,
       authorized_by = excluded.authorized_by, mws_auth_token_sha256 = excluded.mws_auth_token_sha256,
       state_source = excluded.state_source, state_at = excluded.state_at,
       unconfirmed_seller_id = excluded.unconfirmed_seller_id,
       unconfirmed_marketplace = excluded.unconfirmed_marketplace, unconfirmed_at = excluded.unconfirmed_at`,
    columns[0]?.map((_, i) => column(i)) ?? [],
  );
}

export const AUDIT_COLUMNS = 'at, actor, action, target, account_id, details';

export function auditOf(row: Row): AuditEntry {
  const entry: AuditEntry = {
    at: row.at as string,
    actor: row.actor as string,
    action: row.action as string,
    target: row.target as string,
  };
  if (row.account_id != null) entry.accountId = row.account_id as string;
  if (row.details != null) entry.details = row.details as AuditEntry['details'];
  return entry;
}

/** Appends audit entries in order, in the caller's transaction. */
export async function insertAudit(sql: Sql, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await sql.query(
    `INSERT INTO audit (${AUDIT_COLUMNS})
     SELECT at, actor, action, target, account_id, details::json
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       WITH ORDINALITY AS e(at, actor, action, target, account_id, details, n)
     ORDER BY n`,
    [
      entries.map((e) => e.at),
      entries.map((e) => e.actor),
      entries.map((e) => e.action),
      entries.map((e) => e.target),
      entries.map((e) => e.accountId ?? null),
      entries.map((e) => (e.details === undefined ? null : JSON.stringify(e.details))),
    ],
  );
}

/** Takes the account's row lock: every write about one account holds it, so they run one at a time. */
export async function lockAccounts(sql: Sql, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  // In id order, so two writers locking several accounts can never wait on each other in a cycle.
  const { rows } = await sql.query<{ id: string }>(
    'SELECT id FROM accounts WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE',
    [[...new Set(ids)]],
  );
  return new Set(rows.map((r) => r.id));
}

export async function channelsOfAccount(sql: Sql, accountId: string): Promise<Channel[]> {
  const { rows } = await sql.query(
    `SELECT ${CHANNEL_COLUMNS} FROM channels WHERE account_id = $1 ORDER BY position`,
    [accountId],
  );
  return rows.map(channelOf);
}

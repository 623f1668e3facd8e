import type { Account, Channel } from '../../src/domain/accounts.js';
import { AccountIndex, type AccountMatch } from '../../src/domain/lookup.js';
import type { Sql } from './database.js';
import { ACCOUNT_COLUMNS, accountOf, CHANNEL_COLUMNS, channelOf } from './rows.js';

/**
 * The account a person means, by the rules of src/domain/lookup.ts, read through indexes: only the
 * accounts that could match (same id, same name in any case, a channel with that Seller ID, an id
 * or name starting with the query) are fetched, and the domain's AccountIndex decides among them.
 * Each rule only ever looks at accounts of its own kind of match, so deciding among these gives the
 * answer deciding among all accounts would. Only a query that matches nothing reads every account's
 * id and name, for the closest suggestions, as the file store does.
 */
export async function matchAccount(sql: Sql, query: string): Promise<AccountMatch> {
  const q = query.trim().toLowerCase();
  if (!q) return { kind: 'none', suggestions: [] };
  const sellerId = query.trim().toUpperCase();
  const prefix = `${escapeLike(q)}%`;
  const candidates = (
    await sql.query(
      `SELECT ${ACCOUNT_COLUMNS} FROM accounts
       WHERE id = $1 OR lower(name) = $1 OR id LIKE $2 OR lower(name) LIKE $2
          OR id IN (SELECT account_id FROM channels WHERE seller_id = $3)
       ORDER BY position`,
      [q, prefix, sellerId],
    )
  ).rows.map(accountOf);
  const sellerChannels = (
    await sql.query(`SELECT ${CHANNEL_COLUMNS} FROM channels WHERE seller_id = $1 ORDER BY position`, [
      sellerId,
    ])
  ).rows.map(channelOf);
  const bySeller = (id: string): Channel[] => (id === sellerId ? sellerChannels : []);

  const match = new AccountIndex(candidates).match(query, bySeller);
  if (match.kind !== 'none') return match;
  const everyone: Account[] = (
    await sql.query(`SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY position`)
  ).rows.map(accountOf);
  return new AccountIndex(everyone).match(query, () => []);
}

/** `LIKE` takes `%`, `_` and `\` as patterns; a query means them literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

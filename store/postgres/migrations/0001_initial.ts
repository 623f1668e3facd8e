/**
 * The first schema. Migrations are SQL, one statement a string (PGlite's extended protocol takes one
 * statement per query), run in order by Kysely's Migrator inside one transaction. Never edit a
 * migration that has shipped: add the next one.
 *
 * Dates the domain keeps as ISO strings stay text, so they come back exactly as written; only the
 * instants the database itself compares (a rollback's expiry, a seen request's end) are timestamptz.
 * Documents whose shape belongs to the domain (a rollback, a digest record, audit details) are `json`,
 * which keeps their key order, with the fields lookups need copied into indexed columns.
 */
export const statements: readonly string[] = [
  `CREATE TABLE accounts (
     id text PRIMARY KEY,
     name text NOT NULL,
     account_manager text,
     position bigint GENERATED ALWAYS AS IDENTITY UNIQUE
   )`,
  // Exact and prefix lookups by name (any case) and by id; text_pattern_ops lets LIKE 'abc%' use them.
  'CREATE INDEX accounts_name_lower ON accounts (lower(name) text_pattern_ops)',
  'CREATE INDEX accounts_id_prefix ON accounts (id text_pattern_ops)',
  'CREATE INDEX accounts_manager ON accounts (account_manager) WHERE account_manager IS NOT NULL',

  `CREATE TABLE channels (
     id text PRIMARY KEY,
     account_id text NOT NULL REFERENCES accounts (id),
     marketplace text NOT NULL,
     seller_id text NOT NULL,
     "authorization" text NOT NULL CHECK ("authorization" IN ('MWS', 'MWS/SP-API')),
     authorized_at text,
     authorized_by text,
     mws_auth_token_sha256 text,
     position bigint GENERATED ALWAYS AS IDENTITY UNIQUE
   )`,
  'CREATE INDEX channels_account ON channels (account_id, position)',
  'CREATE INDEX channels_seller ON channels (seller_id, position)',
  // The units still waiting for a reauthorization (digest, pending lists).
  `CREATE INDEX channels_pending ON channels (account_id, seller_id) WHERE "authorization" = 'MWS'`,

  `CREATE TABLE audit (
     seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     at text NOT NULL,
     actor text NOT NULL,
     action text NOT NULL,
     target text NOT NULL,
     account_id text,
     details json
   )`,
  'CREATE INDEX audit_account ON audit (account_id, seq) WHERE account_id IS NOT NULL',

  `CREATE TABLE digests (
     id text PRIMARY KEY,
     position bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
     status text NOT NULL,
     record json NOT NULL
   )`,
  `CREATE INDEX digests_posting ON digests (position) WHERE status = 'posting'`,

  `CREATE TABLE rollbacks (
     id text PRIMARY KEY,
     position bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
     account_id text NOT NULL REFERENCES accounts (id),
     region text NOT NULL,
     seller_id text NOT NULL,
     state text NOT NULL,
     expires_at timestamptz NOT NULL,
     record json NOT NULL
   )`,
  'CREATE INDEX rollbacks_account ON rollbacks (account_id, position)',
  `CREATE INDEX rollbacks_undecided ON rollbacks (expires_at) WHERE state = 'requested'`,
  // One open request per unit, held by the database whatever the instances do.
  `CREATE UNIQUE INDEX rollbacks_one_open_per_unit ON rollbacks (account_id, region, seller_id)
     WHERE state IN ('requested', 'approved')`,

  // Signed requests already served, shared by every instance (a replay to another one is refused too).
  `CREATE TABLE seen_requests (
     key text PRIMARY KEY,
     expires_at timestamptz NOT NULL
   )`,
  'CREATE INDEX seen_requests_expiry ON seen_requests (expires_at)',
];

/**
 * The connector (store/connectorChanges.ts): where a channel's state came from and when, a Seller ID
 * held back as unconfirmed, the authorization `none`, an account's Slack channel and closing, and the
 * two lists that make a batch idempotent and ordered (processed event ids, removed channels).
 */
export const statements: readonly string[] = [
  'ALTER TABLE accounts ADD COLUMN slack_channel text',
  'ALTER TABLE accounts ADD COLUMN state_at text',
  'ALTER TABLE accounts ADD COLUMN closed_at text',

  'ALTER TABLE channels DROP CONSTRAINT channels_authorization_check',
  `ALTER TABLE channels ADD CONSTRAINT channels_authorization_check
     CHECK ("authorization" IN ('MWS', 'MWS/SP-API', 'none'))`,
  `ALTER TABLE channels ADD COLUMN state_source text CHECK (state_source IN ('import', 'slack', 'connector'))`,
  'ALTER TABLE channels ADD COLUMN state_at text',
  'ALTER TABLE channels ADD COLUMN unconfirmed_seller_id text',
  'ALTER TABLE channels ADD COLUMN unconfirmed_marketplace text',
  'ALTER TABLE channels ADD COLUMN unconfirmed_at text',

  // Processed connector event ids, oldest first (position); bounded like the file store's list.
  `CREATE TABLE connector_events (
     id text PRIMARY KEY,
     at text NOT NULL,
     position bigint GENERATED ALWAYS AS IDENTITY UNIQUE
   )`,
  `CREATE TABLE removed_channels (
     id text PRIMARY KEY,
     account_id text NOT NULL,
     at text NOT NULL,
     position bigint GENERATED ALWAYS AS IDENTITY UNIQUE
   )`,
];

import { describe, expect, it } from 'vitest';
import type { Channel } from '../../src/domain/accounts.js';
import { buildDigest } from '../../src/domain/digest.js';
import { pendingAccounts } from '../../src/domain/pending.js';
import type { Message } from '../../src/views/blocks.js';
import { digestMessages } from '../../src/views/digest.js';
import { digestText } from '../../src/views/digestText.js';
import { pendingMessage } from '../../src/views/pending.js';
import { plainText } from '../../src/views/plainText.js';

const accounts = [{ id: 'acme', name: 'Acme' }];
const channels: Channel[] = [
  {
    id: 'a-uk',
    accountId: 'acme',
    marketplace: 'UK',
    sellerId: 'A1ACMEEU00001X',
    authorization: 'MWS/SP-API',
  },
  { id: 'a-fr', accountId: 'acme', marketplace: 'FR', sellerId: 'A1ACMEEU00001X', authorization: 'MWS' },
  { id: 'a-de', accountId: 'acme', marketplace: 'DE', sellerId: 'A1ACMEEU00001X', authorization: 'MWS' },
];

describe('lists of pending units mark the channels already done', () => {
  it('the digest in Slack and as text, and /reauth pending', () => {
    const digest = buildDigest({ accounts, channels, deadline: { kind: 'none' }, date: '2026-11-28' });
    const slack = plainText(digestMessages(digest)[0] as Message);
    expect(slack).toContain('EU A1ACMEEU00001X (FR, DE; UK done)');
    expect(digestText(digest)).toContain('EU A1ACMEEU00001X (FR, DE; UK done)');
    const pending = plainText(
      pendingMessage({ accountsOnRecord: 1, pending: pendingAccounts(accounts, channels) }, { kind: 'none' }),
    );
    expect(pending).toContain('EU A1ACMEEU00001X (FR, DE; UK done)');
  });
});

import { describe, expect, it } from 'vitest';
import type { Channel } from '../../src/domain/accounts.js';
import { accountsExport } from '../../src/domain/csvExport.js';
import { fromSpreadsheetSafe, spreadsheetSafe } from '../../src/domain/csvFields.js';

const ch = (
  id: string,
  accountId: string,
  marketplace: string,
  sellerId: string,
  authorization: Channel['authorization'],
): Channel => ({
  id,
  accountId,
  marketplace,
  sellerId,
  authorization,
});

describe('accountsExport', () => {
  const accounts = [
    { id: 'parent', name: 'Parent Co', accountManager: 'U0MANAGER1' },
    { id: 'sister', name: 'Sister Co' },
  ];
  // Two customers sharing one Seller ID: still one unit each.
  const channels = [
    ch('p-uk', 'parent', 'UK', 'A1SHAREDEU0001', 'MWS/SP-API'),
    ch('p-de', 'parent', 'DE', 'A1SHAREDEU0001', 'MWS/SP-API'),
    ch('s-fr', 'sister', 'FR', 'A1SHAREDEU0001', 'MWS'),
    ch('p-us', 'parent', 'US', 'A1PARENTNA0001', 'MWS'),
  ];

  it('--pending: units are per account, even when customers share a Seller ID', () => {
    const { records } = accountsExport(accounts, channels, { pendingOnly: true });
    expect(records.map((r) => r[3])).toEqual(['s-fr', 'p-us']);
  });

  it('one record per channel, in store order, in the import columns; account manager and time empty when unknown', () => {
    const { columns, records } = accountsExport(accounts, channels);
    expect(columns).toEqual([
      'account_id',
      'account_name',
      'account_manager',
      'channel_id',
      'marketplace',
      'seller_id',
      'authorization',
      'authorized_at',
    ]);
    expect(records).toEqual([
      ['parent', 'Parent Co', 'U0MANAGER1', 'p-uk', 'UK', 'A1SHAREDEU0001', 'MWS/SP-API', ''],
      ['parent', 'Parent Co', 'U0MANAGER1', 'p-de', 'DE', 'A1SHAREDEU0001', 'MWS/SP-API', ''],
      ['sister', 'Sister Co', '', 's-fr', 'FR', 'A1SHAREDEU0001', 'MWS', ''],
      ['parent', 'Parent Co', 'U0MANAGER1', 'p-us', 'US', 'A1PARENTNA0001', 'MWS', ''],
    ]);
  });

  it('the token hash column only when a chosen channel has a hash', () => {
    const hashed = [
      ...channels.slice(0, 3),
      { ...channels[3], mwsAuthTokenSha256: 'f'.repeat(64) } as Channel,
    ];
    expect(accountsExport(accounts, hashed).columns.at(-1)).toBe('mws_auth_token_sha256');
    expect(accountsExport(accounts, hashed).records[0]?.at(-1)).toBe('');
    const hashOnlyOnDone = [
      { ...channels[0], mwsAuthTokenSha256: 'f'.repeat(64) } as Channel,
      ...channels.slice(1),
    ];
    expect(accountsExport(accounts, hashOnlyOnDone, { pendingOnly: true }).columns).not.toContain(
      'mws_auth_token_sha256',
    );
  });
});

describe('cells a spreadsheet would run as a formula (CSV injection)', () => {
  const values = [
    '=HYPERLINK("http://evil.example","click")',
    '+44 Trading',
    '-5 Degrees',
    '@home Ltd',
    '\tTabbed',
    '\rCarriage',
    "'=already quoted once",
    "''@twice",
    "'Tis Home",
    "O'Brien & Co",
    'Cedar - Co',
    "'",
    '',
    'plain',
  ];

  it('are written behind a single quote, so no exported cell starts with = + - @ tab or CR', () => {
    for (const value of values) expect(spreadsheetSafe(value)).not.toMatch(/^[=+\-@\t\r]/);
    expect(spreadsheetSafe('=1+2')).toBe("'=1+2");
    expect(spreadsheetSafe('-5 Degrees')).toBe("'-5 Degrees");
    expect(spreadsheetSafe("'=already quoted once")).toBe("''=already quoted once");
  });

  it('read back to the very same value, whatever quotes the value itself starts with', () => {
    for (const value of values) expect(fromSpreadsheetSafe(spreadsheetSafe(value))).toBe(value);
  });

  it('leave every other value alone, both ways: a hand-written leading quote is kept', () => {
    for (const value of ["'Tis Home", "O'Brien & Co", 'Cedar - Co', "'", '', 'plain']) {
      expect(spreadsheetSafe(value)).toBe(value);
      expect(fromSpreadsheetSafe(value)).toBe(value);
    }
  });

  it('accountsExport makes every cell safe, account and channel alike', () => {
    const { records } = accountsExport(
      [{ id: 'evil', name: '=cmd|" /C calc"!A0' }],
      [ch('-1+1', 'evil', 'UK', 'A1EVILEU000001', 'MWS')],
    );
    expect(records[0]?.slice(0, 4)).toEqual(['evil', `'=cmd|" /C calc"!A0`, '', "'-1+1"]);
  });
});

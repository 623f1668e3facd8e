import { describe, expect, it } from 'vitest';
import {
  type AccountsCsv,
  channelOwnerConflicts,
  formatProblem,
  parseAccountsCsv,
  REQUIRED_COLUMNS,
} from '../../src/domain/csvImport.js';

const HEADER = REQUIRED_COLUMNS.join(',');
const csv = (...lines: string[]) => `${lines.join('\n')}\n`;
const problems = (r: AccountsCsv) => r.problems.map(formatProblem);
const warnings = (r: AccountsCsv) => r.warnings.map(formatProblem);

const HASH = 'a'.repeat(64);
const TOKEN = 'amzn.mws.4ea38b7b-f563-7709-4bae-87aeaEXAMPLE';

describe('parseAccountsCsv: a valid file', () => {
  it('gives accounts and channels in file order, with canonical marketplaces and who authorized them', () => {
    const r = parseAccountsCsv(
      csv(
        HEADER,
        'acme-outdoor,Acme Outdoor,U0ACMEAM1,ch-1,uk,A1ACMEEU00001X,MWS,',
        'acme-outdoor,Acme Outdoor,U0ACMEAM1,ch-2,GB,A1ACMEEU00001X,MWS,',
        'acme-outdoor,Acme Outdoor,U0ACMEAM1,ch-3,A1PA6795UKMFR9,a1acmeeu00001x,MWS,',
        'borealis-books,"Borealis Books, Maps & More",,ch-4,us,A2BOREALNA001X,MWS/SP-API,2025-03-14T10:30:00+01:00',
      ),
    );
    expect(r.problems).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.accounts).toEqual([
      { id: 'acme-outdoor', name: 'Acme Outdoor', accountManager: 'U0ACMEAM1' },
      { id: 'borealis-books', name: 'Borealis Books, Maps & More' },
    ]);
    expect(r.channels).toEqual([
      {
        id: 'ch-1',
        accountId: 'acme-outdoor',
        marketplace: 'UK',
        sellerId: 'A1ACMEEU00001X',
        authorization: 'MWS',
        authorizedBy: 'import',
      },
      {
        id: 'ch-2',
        accountId: 'acme-outdoor',
        marketplace: 'UK',
        sellerId: 'A1ACMEEU00001X',
        authorization: 'MWS',
        authorizedBy: 'import',
      },
      {
        id: 'ch-3',
        accountId: 'acme-outdoor',
        marketplace: 'DE',
        sellerId: 'A1ACMEEU00001X',
        authorization: 'MWS',
        authorizedBy: 'import',
      },
      {
        id: 'ch-4',
        accountId: 'borealis-books',
        marketplace: 'US',
        sellerId: 'A2BOREALNA001X',
        authorization: 'MWS/SP-API',
        authorizedAt: '2025-03-14T09:30:00.000Z',
        authorizedBy: 'import',
      },
    ]);
    expect(r.rows.map((row) => row.line)).toEqual([2, 3, 4, 5]);
    expect(r.hasTokenHashColumn).toBe(false);
  });

  it('takes the columns in any order and any case, and trims spaces around values', () => {
    const r = parseAccountsCsv(
      csv(
        'Seller_ID, marketplace ,channel_id,authorization,authorized_at,account_id,account_name,account_manager',
        ' A1ACMEEU00001X , DE ,ch-1, MWS ,, acme-outdoor , Acme Outdoor ,',
      ),
    );
    expect(r.problems).toEqual([]);
    expect(r.channels[0]).toMatchObject({ id: 'ch-1', marketplace: 'DE', sellerId: 'A1ACMEEU00001X' });
    expect(r.accounts).toEqual([{ id: 'acme-outdoor', name: 'Acme Outdoor' }]);
  });

  it('reads a spreadsheet export: byte order mark, CRLF line ends, blank lines and empty rows', () => {
    const text = `\uFEFF${HEADER}\r\n\r\nacme-outdoor,Acme Outdoor,,ch-1,DE,A1ACMEEU00001X,MWS,\r\n,,,,,,,\r\nacme-outdoor,Acme Outdoor,,ch-bad,XX,A1ACMEEU00001X,MWS,\r\n`;
    const r = parseAccountsCsv(text);
    expect(r.channels.map((c) => c.id)).toEqual(['ch-1']);
    // Line numbers count the skipped lines, as a text editor shows them.
    expect(problems(r)).toEqual([
      expect.stringMatching(/^line 5, column marketplace: "XX" is not an Amazon marketplace/),
    ]);
  });

  it('keeps line numbers right after a quoted value that spans lines, in a CRLF file', () => {
    const text = `${HEADER}\r\nacme-outdoor,"Acme\r\nOutdoor",,ch-1,DE,A1ACMEEU00001X,MWS,\r\nacme-outdoor,Acme,,ch-2,XX,A1ACMEEU00001X,MWS,\r\n`;
    expect(problems(parseAccountsCsv(text))).toEqual([
      'line 2, column account_name: the value spans several lines; remove the line breaks inside it',
      expect.stringMatching(/^line 4, column marketplace: "XX"/),
    ]);
  });

  it('accepts a header with no rows as an empty import', () => {
    const r = parseAccountsCsv(csv(HEADER));
    expect(r.problems).toEqual([]);
    expect(r.accounts).toEqual([]);
  });
});

describe('parseAccountsCsv: the header', () => {
  it('names unknown columns, with the likely intended name, and missing columns', () => {
    const r = parseAccountsCsv(
      csv(
        'account_id,account name,account_manager,channel_id,marketplace,seller_id,authorization,notes',
        'x',
      ),
    );
    expect(problems(r)).toEqual([
      'line 1, column account name: unknown column; did you mean account_name?',
      `line 1, column notes: unknown column; the columns are ${[...REQUIRED_COLUMNS, 'mws_auth_token_sha256'].join(', ')}`,
      'line 1, column account_name: missing from the header; add the account_name column',
      'line 1, column authorized_at: missing from the header; add the authorized_at column',
    ]);
  });

  it('refuses a column given twice', () => {
    expect(problems(parseAccountsCsv(csv(`${HEADER},seller_id`)))).toEqual([
      'line 1, column seller_id: appears twice in the header; keep one',
    ]);
  });

  it('explains a file separated by semicolons', () => {
    expect(problems(parseAccountsCsv(csv(REQUIRED_COLUMNS.join(';'))))).toEqual([
      'line 1: the header is separated by semicolons, not commas; save the file as CSV with commas (in a spreadsheet: CSV UTF-8)',
    ]);
  });

  it('refuses an empty file, saying what the header must be', () => {
    for (const text of ['', '\n\n', '\uFEFF']) {
      expect(problems(parseAccountsCsv(text))).toEqual([
        `line 1: the file is empty; the first line must be the header: ${HEADER} (optionally also mws_auth_token_sha256)`,
      ]);
    }
  });
});

describe('parseAccountsCsv: rows', () => {
  const row = (overrides: Partial<Record<(typeof REQUIRED_COLUMNS)[number], string>> = {}) => {
    const values = {
      account_id: 'acme-outdoor',
      account_name: 'Acme Outdoor',
      account_manager: '',
      channel_id: 'ch-1',
      marketplace: 'DE',
      seller_id: 'A1ACMEEU00001X',
      authorization: 'MWS',
      authorized_at: '',
      ...overrides,
    };
    return REQUIRED_COLUMNS.map((c) => values[c]).join(',');
  };
  const only = (overrides: Parameters<typeof row>[0]) =>
    problems(parseAccountsCsv(csv(HEADER, row(overrides))));

  it('reports every problem of every row, in line order, and keeps no rows from a bad file', () => {
    const r = parseAccountsCsv(
      csv(
        HEADER,
        row({ account_id: 'Acme Outdoor', marketplace: 'Germany' }),
        row({ channel_id: 'ch-2' }),
        row({ channel_id: 'ch-3', authorization: 'mws' }),
      ),
    );
    expect(problems(r)).toEqual([
      'line 2, column account_id: "Acme Outdoor" is not an account id; write a slug such as acme-outdoor: lowercase letters, digits and hyphens, starting with a letter or digit, at most 64 characters',
      expect.stringMatching(
        /^line 2, column marketplace: "Germany" is not an Amazon marketplace; write a code \(any case; GB means UK\): CA, US, MX, BR, .*, JP, or a marketplace ID such as A1F83G8C2ARO7P$/,
      ),
      'line 4, column authorization: "mws" is not MWS or MWS/SP-API; write MWS exactly as the channel\'s settings page shows it',
    ]);
  });

  it('requires the account id, name, channel id, marketplace, Seller ID and authorization', () => {
    expect(
      only({
        account_id: '',
        account_name: '',
        channel_id: '',
        marketplace: '',
        seller_id: '',
        authorization: '',
        authorized_at: '2025-03-14T09:30:00Z',
      }),
    ).toEqual([
      'line 2, column account_id: is empty; write the account id, a slug such as acme-outdoor',
      "line 2, column account_name: is empty; write the customer's name, such as Acme Outdoor",
      "line 2, column channel_id: is empty; write the connector's channel ID for this Amazon channel",
      'line 2, column marketplace: is empty; write a marketplace code such as UK, DE or US',
      "line 2, column seller_id: is empty; write the Seller ID shown on the channel's settings page",
      "line 2, column authorization: is empty; write MWS or MWS/SP-API, whichever the channel's settings page shows next to the Seller ID",
    ]);
  });

  it('takes an empty account manager or a Slack member ID, and explains anything else', () => {
    expect(only({ account_manager: 'U012AB3CD' })).toEqual([]);
    expect(only({ account_manager: '<@U012AB3CD>' })).toEqual([
      'line 2, column account_manager: "<@U012AB3CD>" is a mention; write just the member ID U012AB3CD',
    ]);
    expect(only({ account_manager: 'jane@example.com' })).toEqual([
      'line 2, column account_manager: "jane@example.com" is not a Slack member ID; write one such as U012AB3CD (in Slack: the person\'s profile, More, Copy member ID), or leave it empty',
    ]);
  });

  it('takes authorization exactly as the settings page shows it', () => {
    expect(only({ authorization: 'MWS/SP-API' })).toEqual([]);
    expect(only({ authorization: 'SP-API' })).toEqual([
      'line 2, column authorization: "SP-API" is not MWS or MWS/SP-API; write MWS/SP-API, as the settings page shows it once the channel is reauthorized',
    ]);
    expect(only({ authorization: 'mws/sp-api' })).toEqual([
      'line 2, column authorization: "mws/sp-api" is not MWS or MWS/SP-API; write MWS/SP-API exactly as the channel\'s settings page shows it',
    ]);
  });

  it('takes authorized_at empty or as an ISO date-time with a zone, and says how to fix the rest', () => {
    expect(only({ authorized_at: '2025-03-14T09:30Z' })).toEqual([]);
    expect(only({ authorized_at: '2025-03-14' })).toEqual([
      'line 2, column authorized_at: "2025-03-14" has no time; write 2025-03-14T00:00:00Z (or the real time), or leave it empty',
    ]);
    expect(only({ authorized_at: '2025-03-14 09:30:00' })).toEqual([
      'line 2, column authorized_at: "2025-03-14 09:30:00" has no time zone; add Z for UTC or an offset such as +01:00, e.g. 2025-03-14T09:30:00Z, or leave it empty',
    ]);
    expect(only({ authorized_at: '2025-02-30T09:30:00Z' })).toEqual([
      'line 2, column authorized_at: "2025-02-30T09:30:00Z" is not a real date and time; write one such as 2025-03-14T09:30:00Z, or leave it empty',
    ]);
    expect(only({ authorized_at: '14/03/2025' })).toEqual([
      'line 2, column authorized_at: "14/03/2025" is not an ISO date-time; write one such as 2025-03-14T09:30:00Z, or leave it empty',
    ]);
  });

  it('refuses a Seller ID with a space but only warns about an unusual shape, once per Seller ID', () => {
    expect(only({ seller_id: 'A1ACME EU01' })).toEqual([
      'line 2, column seller_id: "A1ACME EU01" contains a space; write the Seller ID without spaces',
    ]);
    const r = parseAccountsCsv(
      csv(
        HEADER,
        row({ seller_id: 'SELLER-1' }),
        row({ channel_id: 'ch-2', seller_id: 'SELLER-1' }),
        row({ channel_id: 'ch-3', seller_id: 'SELLER-1' }),
      ),
    );
    expect(r.problems).toEqual([]);
    expect(warnings(r)).toEqual([
      'line 2, column seller_id: Seller ID "SELLER-1" does not look like the usual A followed by 12-13 capital letters or digits; kept as given (also on lines 3 and 4)',
    ]);
    expect(r.channels).toHaveLength(3);
  });

  it('refuses a row with too few or too many values', () => {
    expect(problems(parseAccountsCsv(csv(HEADER, 'acme-outdoor,Acme,,ch-1,DE', `${row()},extra`)))).toEqual([
      'line 2: has 5 values but the header has 8 columns; check for a missing or extra comma (a value containing a comma must be in double quotes)',
      'line 3: has 9 values but the header has 8 columns; check for a missing or extra comma (a value containing a comma must be in double quotes)',
    ]);
  });

  it('refuses an account described differently on different rows, pointing at the first row', () => {
    const r = parseAccountsCsv(
      csv(
        HEADER,
        row({ account_manager: 'U0ACMEAM1' }),
        row({ channel_id: 'ch-2', account_name: 'Acme Outdoor Ltd', account_manager: 'U0ACMEAM1' }),
        row({ channel_id: 'ch-3' }),
      ),
    );
    expect(problems(r)).toEqual([
      'line 3, column account_name: account acme-outdoor is named "Acme Outdoor" on line 2; give every row of an account the same name',
      'line 4, column account_manager: account acme-outdoor has U0ACMEAM1 on line 2; give every row of an account the same account manager',
    ]);
  });

  it('refuses a channel id given twice', () => {
    expect(problems(parseAccountsCsv(csv(HEADER, row(), row({ marketplace: 'FR' }))))).toEqual([
      'line 3, column channel_id: channel "ch-1" is also on line 2; each channel appears once',
    ]);
  });

  it('reports a broken quote with its line, after the problems of the rows before it', () => {
    const r = parseAccountsCsv(
      csv(HEADER, row({ marketplace: 'XX' }), row({ channel_id: 'ch-2', account_name: 'Acme "Outdoor"' })),
    );
    expect(problems(r)).toEqual([
      expect.stringMatching(/^line 2, column marketplace:/),
      'line 3: a double quote inside a value; put the whole value in double quotes and double the quote inside it (e.g. "Acme ""Outdoor"" Ltd"), or remove it. The rest of the file could not be read',
    ]);
    const unclosed = parseAccountsCsv(
      csv(
        HEADER,
        row(),
        row({ channel_id: 'ch-2', account_name: '"Acme Outdoor' }),
        row({ channel_id: 'ch-3' }),
      ),
    );
    expect(problems(unclosed)).toEqual([
      'line 3: a double quote opened on this line or a later one is never closed, so the rest of the file could not be read; close it with another " or remove it',
    ]);
  });
});

describe('parseAccountsCsv: MWS Auth Token hashes', () => {
  const header = `${HEADER},mws_auth_token_sha256`;
  const row = (hash: string) => `acme-outdoor,Acme Outdoor,,ch-1,DE,A1ACMEEU00001X,MWS,,${hash}`;

  it('stores a SHA-256 in lowercase, and nothing for an empty cell', () => {
    const r = parseAccountsCsv(csv(header, row(HASH.toUpperCase())));
    expect(r.problems).toEqual([]);
    expect(r.hasTokenHashColumn).toBe(true);
    expect(r.channels[0]?.mwsAuthTokenSha256).toBe(HASH);
    expect(parseAccountsCsv(csv(header, row(''))).channels[0]).not.toHaveProperty('mwsAuthTokenSha256');
  });

  it('refuses a raw token without ever repeating it', () => {
    const r = parseAccountsCsv(csv(header, row(TOKEN)));
    expect(problems(r)).toEqual([
      'line 2, column mws_auth_token_sha256: looks like an MWS Auth Token (value not shown). Never put the token itself in the file: remove it, and write its SHA-256 in the mws_auth_token_sha256 column instead (e.g. printf %s "$TOKEN" | sha256sum)',
    ]);
    expect(JSON.stringify(r)).not.toContain('4ea38b7b');
  });

  it('refuses a raw token in any column, also without repeating it', () => {
    const r = parseAccountsCsv(csv(HEADER, `acme-outdoor,Acme Outdoor,,${TOKEN},DE,A1ACMEEU00001X,MWS,`));
    expect(problems(r)).toEqual([
      expect.stringMatching(/^line 2, column channel_id: looks like an MWS Auth Token \(value not shown\)/),
    ]);
    expect(JSON.stringify(r)).not.toContain('4ea38b7b');
  });

  it('refuses a value that is not a SHA-256 without showing it', () => {
    const secretish = 'x'.repeat(40);
    const r = parseAccountsCsv(csv(header, row(secretish)));
    expect(problems(r)).toEqual([
      "line 2, column mws_auth_token_sha256: is not a SHA-256: expected 64 hexadecimal characters, found 40 characters (value not shown in case it is a secret); write the token's SHA-256, or leave it empty",
    ]);
  });
});

describe('channelOwnerConflicts', () => {
  it('names each channel the store has under another account, and how to fix the row', () => {
    const r = parseAccountsCsv(
      csv(
        HEADER,
        'acme-outdoor,Acme Outdoor,,ch-1,DE,A1ACMEEU00001X,MWS,',
        'acme-outdoor,Acme Outdoor,,ch-2,FR,A1ACMEEU00001X,MWS,',
        'acme-outdoor,Acme Outdoor,,ch-new,IT,A1ACMEEU00001X,MWS,',
      ),
    );
    const owners: Record<string, string> = { 'ch-1': 'acme-outdoor', 'ch-2': 'borealis-books' };
    expect(channelOwnerConflicts(r.rows, (id) => owners[id]).map(formatProblem)).toEqual([
      'line 3, column channel_id: channel "ch-2" already belongs to account borealis-books in the store; write account_id borealis-books on this row, or check the channel ID',
    ]);
  });
});

describe('parseAccountsCsv: a channel with no authorization', () => {
  it('reads none, as the connector reports it and reauth export writes it', () => {
    const r = parseAccountsCsv(csv(HEADER, 'acme-outdoor,Acme Outdoor,,ch-1,UK,A1ACMEEU00001X,none,'));
    expect(r.problems).toEqual([]);
    expect(r.channels[0]?.authorization).toBe('none');
  });
});

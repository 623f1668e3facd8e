import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, listJoin, plural } from '../../src/domain/text.js';

describe('escapeMrkdwn', () => {
  it('escapes the characters that make Slack mentions and links, ampersands first', () => {
    expect(escapeMrkdwn('<!channel> & <@U123|bob> <https://x.test|click>')).toBe(
      '&lt;!channel&gt; &amp; &lt;@U123|bob&gt; &lt;https://x.test|click&gt;',
    );
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
  });

  it('returns text without them unchanged', () => {
    expect(escapeMrkdwn('Acme GmbH — A2EUQ1WTGCTBG2 *bold* `code`')).toBe(
      'Acme GmbH — A2EUQ1WTGCTBG2 *bold* `code`',
    );
  });
});

describe('plural and listJoin', () => {
  it('count their words and join lists the way people write them', () => {
    expect(plural(1, 'channel')).toBe('1 channel');
    expect(plural(2, 'channel')).toBe('2 channels');
    expect(listJoin(['NA', 'EU', 'FE'])).toBe('NA, EU and FE');
    expect(listJoin(['NA'])).toBe('NA');
  });
});

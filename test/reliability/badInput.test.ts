import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concurrently } from '../../bench/load.js';
import { CHECKLIST_ITEM_ACTION, TOKEN_CHECK_ACTION } from '../../src/views/checklist.js';
import { ROLLBACK_APPROVE_ACTION, ROLLBACK_DENY_ACTION } from '../../src/views/rollback.js';
import { DENY_REASON_CALLBACK, TOKEN_CHECK_CALLBACK } from '../../src/views/rollbackModals.js';
import { SHARE_STATUS_ACTION } from '../../src/views/status.js';
import { TestApp } from '../support/harness.js';
import { seededRandom } from '../support/random.js';
import { startRollbackApp } from '../support/rollbackSetup.js';
import { sampleBatch } from '../support/sampleData.js';
import { expectNoSecretsLeaked } from './support/secrets.js';

/** What must never reach Slack as typed: each would ping, link or mention if it were not escaped. */
const DANGEROUS = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@UEVIL0001>',
  '<#CEVIL0001|general>',
  '<https://evil.example|click>',
];

const PIECES = [
  ...DANGEROUS,
  'acme',
  'Acme Outdoor',
  'acme-outdoor',
  'A1ACMEEU00001X',
  'UK',
  'gb',
  'A1F83G8C2ARO7P',
  'ch-acme-uk',
  'cedar & co',
  '&amp;',
  '&lt;!channel&gt;',
  '*bold*',
  '_it_',
  '~x~',
  '`code`',
  '```block```',
  '> quote',
  '"quoted"',
  "'single'",
  '“curly”',
  '\\',
  '%00',
  '$' + '{x}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '🙂',
  '👩🏽‍💻',
  'עברית',
  'العربية',
  '日本語',
  'Z̷̢͚a̶l̴g̸o',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u007f',
  '\t',
  '\r\n',
];
const SUBCOMMANDS = ['status', 'merged', 'steps', 'done', 'pending', 'help', 'STATUS', 'Done', 'statu', ''];

function commandTexts(count: number): string[] {
  const random = seededRandom(314);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const word = () =>
    Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
      String.fromCharCode(33 + Math.floor(random() * 94)),
    ).join('');
  return Array.from({ length: count }, (_, i) => {
    if (i % 50 === 0) return `${pick(SUBCOMMANDS)} ${pick(PIECES).repeat(500 + Math.floor(random() * 3000))}`;
    if (i % 50 === 1) return Array.from({ length: 400 }, () => pick(PIECES)).join(' ');
    const parts = Array.from({ length: Math.floor(random() * 6) }, () =>
      random() < 0.6 ? pick(PIECES) : word(),
    );
    return [pick(SUBCOMMANDS), ...parts].join(random() < 0.8 ? ' ' : pick(['  ', '\t', '\n', '\u00a0']));
  });
}

describe('bad input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ config: { deadline: '2026-12-31' } });
    await t.store.importBatch(sampleBatch(), { id: 'import', at: t.clock.now() });
  });
  afterAll(async () => {
    expectNoSecretsLeaked(t);
    await t.stop();
  });

  it('2,000 generated /reauth commands: every one acked and answered within 3 s, nothing unescaped, no error, nothing changed but by done', async () => {
    const texts = commandTexts(2000);
    const slowest = { ms: 0, text: '' };
    await concurrently(texts.length, 10, async (i) => {
      const text = texts[i] as string;
      const started = performance.now();
      const { responseId, result } = await t.sendCommand(text);
      expect(result.status, text).toBe(200);
      const reply = await t.slack.waitForResponse(responseId, 1, 3000);
      const ms = performance.now() - started;
      if (ms > slowest.ms) Object.assign(slowest, { ms, text: text.slice(0, 60) });
      for (const dangerous of DANGEROUS) expect(reply.raw, text).not.toContain(dangerous);
      expect((reply.body as { text?: string }).text, text).toBeTruthy();
    });
    console.log(
      `bad input: 2,000 commands answered; slowest ${Math.round(slowest.ms)} ms (${JSON.stringify(slowest.text)})`,
    );
    expect(t.logger.lines.filter((l) => l.startsWith('ERROR'))).toEqual([]);
    const audit = await t.store.auditTrail();
    expect(audit.filter((e) => e.action !== 'import' && e.action !== 'reauthorized')).toEqual([]);
  });

  it('malformed interaction payloads: each refused or ignored, the app keeps answering', async () => {
    const payload = (p: unknown) => new URLSearchParams({ payload: JSON.stringify(p) }).toString();
    const click = (action: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      payload({
        type: 'block_actions',
        user: { id: 'UAGENT', username: 'agent', team_id: 'T1' },
        team: { id: 'T1', domain: 'example' },
        api_app_id: 'A1',
        token: 'legacy',
        trigger_id: 't',
        container: { type: 'message', message_ts: '1.1', channel_id: 'CSUPPORT' },
        channel: { id: 'CSUPPORT', name: 'support' },
        response_url: t.slack.responseUrl('malformed'),
        actions: [{ type: 'button', block_id: 'b', action_ts: '1.2', ...action }],
        ...extra,
      });
    const bodies: [string, string, string?][] = [
      ['payload that is not JSON', 'payload=%7Bnot%20json'],
      ['payload of a JSON string', payload('just a string')],
      ['payload with no type', payload({ user: { id: 'U1' } })],
      ['an unknown payload type', payload({ type: 'nonsense', user: { id: 'U1' } })],
      ['an unknown action id', click({ action_id: 'no_such_action', value: 'x' })],
      ['Share with no value', click({ action_id: SHARE_STATUS_ACTION })],
      [
        'Share with a value of 10,000 characters',
        click({ action_id: SHARE_STATUS_ACTION, value: '<!channel>'.repeat(1000) }),
      ],
      [
        'Share with no response_url',
        click({ action_id: SHARE_STATUS_ACTION, value: 'acme-outdoor' }, { response_url: undefined }),
      ],
      [
        'Share with no channel',
        click(
          { action_id: SHARE_STATUS_ACTION, value: 'acme-outdoor' },
          { channel: undefined, container: undefined },
        ),
      ],
      ['block_actions with no actions', payload({ type: 'block_actions', user: { id: 'U1' }, actions: [] })],
      [
        'a view_submission nobody handles',
        payload({ type: 'view_submission', user: { id: 'U1' }, view: { callback_id: 'nope' } }),
      ],
      ['a JSON event body with no type', '{"token":"x"}', 'application/json'],
      [
        'an event for no listener',
        '{"type":"event_callback","event":{"type":"app_mention"}}',
        'application/json',
      ],
      ['an empty body', ''],
      ['a slash command with no text field', 'command=%2Freauth&user_id=U1&channel_id=C1'],
      ['a body over 4 MB', `payload=${'x'.repeat(4_300_000)}`],
      ...[ROLLBACK_APPROVE_ACTION, ROLLBACK_DENY_ACTION, CHECKLIST_ITEM_ACTION, TOKEN_CHECK_ACTION].flatMap(
        (action_id): [string, string][] => [
          [`${action_id} with no value`, click({ action_id })],
          [`${action_id} for no such rollback`, click({ action_id, value: 'rb-00000000' })],
          [`${action_id} with a garbled value`, click({ action_id, value: '{"rollback":<!channel>' })],
          [`${action_id} with a value of 10,000 characters`, click({ action_id, value: 'x'.repeat(10_000) })],
        ],
      ),
      ...[DENY_REASON_CALLBACK, TOKEN_CHECK_CALLBACK].flatMap((callback_id): [string, string][] => [
        [
          `${callback_id} submitted with no metadata or state`,
          payload({ type: 'view_submission', user: { id: 'UAGENT' }, view: { callback_id } }),
        ],
        [
          `${callback_id} submitted for no such rollback`,
          payload({
            type: 'view_submission',
            user: { id: 'UAGENT' },
            view: { callback_id, private_metadata: 'rb-00000000', state: { values: {} } },
          }),
        ],
      ]),
    ];
    const auditBefore = (await t.store.auditTrail()).length;
    const results = await Promise.all(
      bodies.map(async ([what, body, contentType]) => ({
        what,
        status: (await t.post(body, contentType ? { contentType } : {})).status,
      })),
    );
    for (const { what, status } of results) expect([200, 400, 401, 404, 413], what).toContain(status);
    const shared = t.slack.responses('malformed');
    for (const reply of shared) expect(reply.raw).not.toContain('<!channel>');

    expect(await t.store.rollbacksOfAccount('acme-outdoor')).toEqual([]);
    expect((await t.store.auditTrail()).length).toBe(auditBefore);

    const after = await t.command('status acme-outdoor');
    expect(JSON.stringify(after.body)).toContain('Acme Outdoor');
  });
});

describe('very long commands', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startRollbackApp();
  });
  afterAll(async () => {
    expectNoSecretsLeaked(t);
    await t.stop();
  });

  /** `/reauth rollback` followed by words up to `length` characters in all. */
  const rollbackOf = (length: number, word: string) => {
    const lead = 'rollback ';
    const words = `${word} `.repeat(Math.ceil((length - lead.length) / (word.length + 1)));
    return (lead + words).slice(0, length);
  };

  it.each([
    ['one-letter words', 'x'],
    ['words that each could start an account name', 'acme'],
  ])('a rollback of 40,000 characters (%s) is answered without holding up the bot', async (_what, word) => {
    const text = rollbackOf(40_000, word);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const reply = await t.command(text);
    delay.disable();
    expect((reply.body as { text?: string }).text).toBeTruthy();
    // Before the lookup was linear this held the event loop for seconds.
    expect(delay.max / 1e6).toBeLessThan(500);
    expect(await t.store.rollbacksOfAccount('acme-outdoor')).toEqual([]);
  });

  it("a command longer than Slack's own limit is refused at once, saying why, and changes nothing", async () => {
    const auditBefore = (await t.store.auditTrail()).length;
    const text = rollbackOf(60_000, 'acme');
    const started = performance.now();
    const reply = await t.command(text);
    expect(performance.now() - started).toBeLessThan(1000);
    const answer = String((reply.body as { text?: string }).text);
    expect(answer).toContain('60,000 characters');
    expect(answer).toContain('40,000');
    expect(answer).not.toContain('acme acme');
    expect((await t.store.auditTrail()).length).toBe(auditBefore);
    // Still serving, and a command at the limit is read as usual.
    expect(String((await t.command(rollbackOf(40_000, 'x'))).body.text)).not.toContain('40,000');
  });
});

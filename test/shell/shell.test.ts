import { describe, expect, it } from 'vitest';
import { openMemoryStore } from '../../store/openStore.js';
import { sampleBatch } from '../support/sampleData.js';
import { replyTo, runShellOn } from '../support/shellDriver.js';

async function storeWithSamples() {
  const store = openMemoryStore();
  await store.importBatch(sampleBatch(), { id: 'import', at: new Date('2026-11-01T00:00:00Z') });
  return store;
}

describe('the local shell', () => {
  it('answers /reauth status as readable text: heading, units, totals, and its button numbered', async () => {
    const { output } = await runShellOn(['/reauth status acme-outdoor'], {
      store: await storeWithSamples(),
      config: { deadline: '2027-03-31' },
    });
    const reply = replyTo(output, '/reauth status acme-outdoor');
    expect(reply).toContain('[#support] reauth-bot, only visible to you:');
    expect(reply).toContain('  Acme Outdoor: Amazon authorization\n  ==================================');
    expect(reply).toContain('Europe (EU)');
    expect(reply).toContain('Seller ID `A1ACMEEU00001X`: ⚠️ needs reauthorization');
    expect(reply).toContain('UK `MWS`  ·  FR `MWS`  ·  DE `MWS`');
    expect(reply).toContain('1 reauthorization still needed.');
    expect(reply).toContain('123 days left until the deadline (2027-03-31).');
    expect(reply).toContain('[1] Share in channel');
    expect(reply).not.toMatch(/[{}]|\*1 reauth|:warning:/);
  });

  it('a number presses the button: "Share in channel" posts the answer for everyone, by the person who pressed', async () => {
    const { output } = await runShellOn(['/reauth status acme', '1'], { store: await storeWithSamples() });
    const shared = replyTo(output, '1');
    expect(shared).toContain('[#support] reauth-bot:\n  Acme Outdoor: Amazon authorization');
    expect(shared).not.toContain('only visible');
    expect(shared).toContain('Shared by @local');
  });

  it('/as switches who is acting: commands and presses come from that person', async () => {
    const store = await storeWithSamples();
    const { output } = await runShellOn(
      [
        '/reauth status acme',
        '/as priya',
        '1',
        '/reauth done acme UK',
        '/reauth status acme',
        '2',
        '/as',
        '/as U0ABC123',
      ],
      { store },
    );
    expect(replyTo(output, '/as priya')).toContain('You are now @priya (UPRIYA).');
    expect(replyTo(output, '1')).toContain('Only @local can see [1]: /as local to press it as them.');
    expect(replyTo(output, '2')).toContain('Shared by @priya');
    expect(replyTo(output, '/as')).toContain('You are @priya (UPRIYA).');
    expect(replyTo(output, '/as U0ABC123')).toContain('You are now @u0abc123 (U0ABC123).');
    const trail = await store.auditTrail('acme-outdoor');
    expect(trail.filter((e) => e.action === 'reauthorized').map((e) => e.actor)).toEqual(['UPRIYA']);
  });

  it('finishes every reply before it reads the next line, and shows them all before the end of input', async () => {
    const { output } = await runShellOn(['/reauth pending', '/reauth status borealis'], {
      store: await storeWithSamples(),
    });
    expect(output.indexOf('Accounts still on MWS')).toBeLessThan(output.indexOf('> /reauth status borealis'));
    expect(replyTo(output, '/reauth status borealis')).toContain('Borealis Books: Amazon authorization');
  });

  it('/quit leaves: nothing after it is read', async () => {
    const { output } = await runShellOn(['/quit', '/reauth status acme'], {
      store: await storeWithSamples(),
    });
    expect(output).toContain('> /quit');
    expect(output).not.toContain('/reauth status acme');
  });

  it('explains what it cannot send, a number that shows nothing, and a command no listener acknowledges', async () => {
    const { output } = await runShellOn(['status acme', '42', '/nosuchcommand x', '/help'], {
      store: await storeWithSamples(),
    });
    expect(replyTo(output, 'status acme')).toContain('slash commands go to the app as in Slack');
    expect(replyTo(output, '42')).toContain('There is no [42]');
    expect(replyTo(output, '/nosuchcommand x')).toContain('Nothing in the app acknowledged /nosuchcommand');
    expect(replyTo(output, '/help')).toContain('/as <user>');
  });

  it('never echoes input unescaped: a mention typed into a command is shown as text, not as a ping', async () => {
    const { output } = await runShellOn(['/reauth status <!channel>'], { store: await storeWithSamples() });
    const reply = replyTo(output, '/reauth status <!channel>');
    expect(reply).toContain('<!channel>');
    expect(reply).not.toContain('@channel');
  });
});

describe('demo data in the shell', () => {
  it('is offered on an empty store and loaded on "y", through the audited import as "demo"', async () => {
    const { output, store } = await runShellOn(['y', '/reauth status desert']);
    expect(output).toContain('has no accounts yet');
    expect(output).toContain('Loaded the demo data: 12 accounts');
    expect(await store.listAccounts()).toHaveLength(12);
    const actors = new Set((await store.auditTrail()).map((e) => e.actor));
    expect(actors).toEqual(new Set(['demo']));
    expect(replyTo(output, '/reauth status desert')).toContain('Desert Bloom Home');
  });

  it('is not loaded on "n", nor when the first line is a command (which then runs)', async () => {
    const declined = await runShellOn(['n']);
    expect(declined.output).toContain('No demo data loaded.');
    expect(await declined.store.listAccounts()).toHaveLength(0);

    const straightToWork = await runShellOn(['/reauth pending']);
    expect(await straightToWork.store.listAccounts()).toHaveLength(0);
    expect(straightToWork.output).toContain('[#support] reauth-bot, only visible to you:');
  });

  it('--demo loads it without asking on an empty store', async () => {
    const { output, store } = await runShellOn([], { demo: true });
    expect(output).not.toContain('[y/N]');
    expect(await store.listAccounts()).toHaveLength(12);
  });

  it('is neither offered nor written when the store already has accounts, even with --demo', async () => {
    const store = await storeWithSamples();
    const before = await store.auditTrail();
    const { output } = await runShellOn(['y'], { store, demo: true });
    expect(output).not.toContain('[y/N]');
    expect(output).toContain('Not loading the demo data: the test store already holds 5 accounts');
    expect(await store.listAccounts()).toHaveLength(5);
    expect(await store.auditTrail()).toEqual(before);
  });
});

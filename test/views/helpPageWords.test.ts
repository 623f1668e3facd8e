import { describe, expect, it } from 'vitest';
import { type Channel, reauthorizationsNeeded, reauthorizationUnits } from '../../src/domain/accounts.js';
import { checklistFor, type Rollback } from '../../src/domain/rollback.js';
import type { AccountPicture } from '../../src/services/accountService.js';
import { checklistMessage } from '../../src/views/checklist.js';
import { mergedMessage } from '../../src/views/merged.js';
import { plainText } from '../../src/views/plainText.js';
import { rollbackOutcomeThreadMessage } from '../../src/views/rollback.js';
import { stepsMessage } from '../../src/views/steps.js';

/*
 * The steps, merged and rollback answers read side by side with the help page: each keeps the
 * page's facts, and none of the claims the page never makes (found in earlier wordings) come back.
 */

function ch(id: string, marketplace: string, authorization: Channel['authorization'] = 'MWS'): Channel {
  return { id, accountId: 'acme', marketplace, sellerId: 'A1ACMESELLER01', authorization };
}

function pictureOf(channels: Channel[]): AccountPicture {
  const units = reauthorizationUnits(channels);
  return {
    account: { id: 'acme', name: 'Acme' },
    channels,
    units,
    reauthorizationsNeeded: reauthorizationsNeeded(units),
  } as AccountPicture;
}

function approved(channels: Channel[]): Parameters<typeof checklistMessage>[0] {
  const rollback: Rollback = {
    id: 'rb-00000001',
    accountId: 'acme',
    unit: { region: 'EU', sellerId: 'A1ACMESELLER01' },
    channelIds: channels.map((c) => c.id),
    requester: 'UAGENT',
    reason: 'wrong login',
    since: '2026-11-27T08:00:00.000Z',
    sinceSource: { kind: 'command', by: 'UAGENT' },
    requestedAt: '2026-11-28T12:00:00.000Z',
    expiresAt: '2026-11-29T12:00:00.000Z',
    state: 'approved',
    decision: { by: 'UAPPROVER', at: '2026-11-28T13:00:00.000Z' },
    previous: [],
    checklist: checklistFor(channels),
    messages: {},
  };
  return { rollback, account: { id: 'acme', name: 'Acme' }, channels };
}

const view = { timeZone: 'UTC', approvers: ['UAPPROVER'] };

describe('the rollback thread against the help page', () => {
  it('says the one rolled-back channel "shows" MWS again, and two "show" it', () => {
    const one = plainText(rollbackOutcomeThreadMessage(approved([ch('acme-uk', 'UK')]), view));
    expect(one).toContain('UK shows MWS again');
    const two = plainText(
      rollbackOutcomeThreadMessage(approved([ch('acme-uk', 'UK'), ch('acme-de', 'DE')]), view),
    );
    expect(two).toContain('UK and DE show MWS again');
  });

  it("keeps the page's recovery facts: Active app, both tokens and where they are, 36 hours, Bulk Inventory sync", () => {
    const text = plainText(checklistMessage(approved([ch('acme-uk', 'UK')]), 'UTC'));
    expect(text).toContain('Manage Your Apps');
    expect(text).toMatch(/Active.*Disabled/s);
    expect(text).toContain('Seller Account Information');
    expect(text).toMatch(/View.*MWS Authorization Token/s);
    expect(text).toContain('36 hours');
    expect(text).toContain('Bulk Inventory sync from Channels > Amazon > Settings');
    expect(text).toContain('to and from Amazon correctly');
  });

  it('gives no reason or mechanism the page does not give', () => {
    const text = plainText(checklistMessage(approved([ch('acme-uk', 'UK')]), 'UTC'));
    expect(text).not.toMatch(/right stock|sends? (the )?(missed )?orders again|re-?sends?/i);
    expect(text).not.toMatch(/Orders and stock/);
  });
});

describe('steps and merged answers against the help page', () => {
  it('speak of the channels on record, not of what the settings page shows today', () => {
    const text = plainText(stepsMessage(pictureOf([ch('acme-uk', 'UK', 'MWS/SP-API')])));
    expect(text).toContain('Every channel on record here already shows MWS/SP-API');
  });

  it('say unmerged marketplaces and separate businesses are each reauthorized on their own, not in a required order', () => {
    const text = plainText(mergedMessage(pictureOf([ch('acme-uk', 'UK'), ch('acme-de', 'DE')])));
    expect(text).toContain('each reauthorized on their own');
    expect(text).not.toContain('one at a time');
  });

  it('keep the walkthrough in the order of the page: sign in again, pencil, Reauthorize, log in, choose, Confirm, MWS/SP-API', () => {
    const text = plainText(stepsMessage(pictureOf([ch('acme-uk', 'UK'), ch('acme-de', 'DE')])));
    const order = [
      'sign in again',
      'Settings > Brightpearl Apps > Amazon',
      'Reauthorize',
      'Amazon asks you to sign in',
      'Choose the merchant account',
      'Confirm',
      'MWS/SP-API',
    ].map((phrase) => text.indexOf(phrase));
    for (const at of order) expect(at).toBeGreaterThanOrEqual(0);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

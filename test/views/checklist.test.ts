import { describe, expect, it } from 'vitest';
import type { Channel } from '../../src/domain/accounts.js';
import { MARKETPLACES } from '../../src/domain/marketplaces.js';
import { checklistFor, type Rollback } from '../../src/domain/rollback.js';
import { LIMITS } from '../../src/views/blocks.js';
import { checklistMessage } from '../../src/views/checklist.js';
import { rollbackParentMessage } from '../../src/views/rollback.js';

describe('rollback messages for the largest unit', () => {
  // Every European marketplace under one merged Seller ID.
  const channels: Channel[] = MARKETPLACES.filter((m) => m.region === 'EU').map((m) => ({
    id: `ch-big-${m.code.toLowerCase()}`,
    accountId: 'big',
    marketplace: m.code,
    sellerId: 'A1BIGSELLER001',
    authorization: 'MWS/SP-API',
  }));
  const rollback: Rollback = {
    id: 'rb-0000beef',
    accountId: 'big',
    unit: { region: 'EU', sellerId: 'A1BIGSELLER001' },
    channelIds: channels.map((c) => c.id),
    requester: 'UAGENT',
    reason: 'x'.repeat(500),
    since: '2026-11-27T08:00:00.000Z',
    requestedAt: '2026-11-28T12:00:00.000Z',
    expiresAt: '2026-11-29T12:00:00.000Z',
    state: 'approved',
    decision: { by: 'UAPPROVER1', at: '2026-11-28T13:00:00.000Z' },
    previous: [],
    checklist: checklistFor(channels),
    messages: {},
  };
  const details = { rollback, account: { id: 'big', name: 'Big Seller' }, channels };

  it('keep every checklist item on one message, each with its own button', () => {
    const message = checklistMessage(details, 'UTC');
    expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    const withButtons = message.blocks.filter((b) => b.type === 'section' && 'accessory' in b && b.accessory);
    expect(withButtons).toHaveLength(rollback.checklist.length);
  });

  it('keep the request within the section limit', () => {
    const message = rollbackParentMessage(details, { timeZone: 'UTC', approvers: ['UAPPROVER1'] });
    for (const block of message.blocks)
      if (block.type === 'section')
        expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.sectionText);
  });
});

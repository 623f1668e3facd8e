import type { Account, Channel } from './accounts.js';

/**
 * What an import changed on an account, field by field, for the audit trail that people read
 * ("name Acme -> Acme Ltd"). Values are the stored ones; nothing here is secret.
 */
export function accountChanges(before: Account, after: Account): string[] {
  const changes: string[] = [];
  if (before.name !== after.name) changes.push(`name ${before.name} -> ${after.name}`);
  if ((before.accountManager ?? '') !== (after.accountManager ?? ''))
    changes.push(`account manager ${before.accountManager ?? 'none'} -> ${after.accountManager ?? 'none'}`);
  return changes;
}

/**
 * What an import changed on a channel. The MWS Auth Token hash is only said to be added, changed or
 * removed: even a hash of a secret stays out of what people read. Times are left out, since audit text
 * is shown as it is and a time belongs in a Slack date token.
 */
export function channelChanges(before: Channel, after: Channel): string[] {
  const changes: string[] = [];
  const field = (name: string, from: string | undefined, to: string | undefined) => {
    if ((from ?? '') !== (to ?? '')) changes.push(`${name} ${from ?? 'none'} -> ${to ?? 'none'}`);
  };
  field('account', before.accountId, after.accountId);
  field('marketplace', before.marketplace, after.marketplace);
  field('Seller ID', before.sellerId, after.sellerId);
  field('authorization', before.authorization, after.authorization);
  field('recorded by', before.authorizedBy, after.authorizedBy);
  if ((before.authorizedAt ?? '') !== (after.authorizedAt ?? ''))
    changes.push('time of authorization changed');
  const hashBefore = before.mwsAuthTokenSha256;
  const hashAfter = after.mwsAuthTokenSha256;
  if (hashBefore !== hashAfter)
    changes.push(`MWS Auth Token hash ${!hashBefore ? 'added' : !hashAfter ? 'removed' : 'changed'}`);
  return changes;
}

/** "channel ch-1 updated (marketplace UK -> US)": one entry of an import's list of changes. */
export function updatedNote(what: string, changes: readonly string[]): string {
  return changes.length > 0 ? `${what} updated (${changes.join(', ')})` : `${what} updated`;
}

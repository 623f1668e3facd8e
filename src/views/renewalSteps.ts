import { channelToOpen, unitKey } from '../domain/accounts.js';
import { findMarketplace, REGION_NAMES } from '../domain/marketplaces.js';
import { escapeMrkdwn, plural } from '../domain/text.js';
import type { AccountPicture } from '../services/accountService.js';
import { context, divider, header, type Message, section } from './blocks.js';
import { renewalVerdict } from './status.js';

/**
 * `/reauth steps <account> renew`: what the customer does each year to keep the SP-API
 * authorization of each unit, following Amazon's "Renew Authorizations" steps in Seller Central.
 */
export function renewalStepsMessage(picture: AccountPicture, timeZone: string): Message {
  const { account } = picture;
  const onSpApi = picture.units.filter((u) => !u.needsReauthorization);
  const blocks: Message['blocks'] = [header(`${account.name}: how to renew the authorization`)];
  if (onSpApi.length === 0) {
    const text = `${escapeMrkdwn(account.name)} has no units on MWS/SP-API yet: there is nothing to renew. Reauthorize first: \`/reauth steps ${escapeMrkdwn(account.id)}\`.`;
    blocks.push(section(text));
    return { text, blocks };
  }
  blocks.push(
    section(
      'Amazon asks for the authorization of the SP-API app to be renewed every 365 days, and again when the app adds a role. ' +
        'Amazon emails the seller weekly from a month before it expires.',
    ),
  );
  onSpApi.forEach((unit, i) => {
    const open = channelToOpen(unit);
    const market = findMarketplace(open.marketplace);
    const host = market?.sellerCentralHost ?? 'sellercentral.amazon.com';
    const id = `\`${escapeMrkdwn(unit.sellerId)}\``;
    const renewal = picture.renewals?.get(unitKey(unit));
    const title = `*${onSpApi.length > 1 ? `${i + 1}. ` : ''}Seller ID ${id}, ${REGION_NAMES[unit.region]}*`;
    const lines = [
      title,
      ...(renewal ? [renewalVerdict(renewal, timeZone)] : []),
      `1. Sign in to Seller Central with the login of Seller ID ${id} (for ${open.marketplace}: https://${host}).`,
      '2. Open *Apps & Services* > *Manage Your Apps* (older menus: *Partner Network* > *Manage Your Apps*). Each app shows its status, authorization date and expiry date.',
      '3. Find the app in the list and click *Re-Authorize*.',
      '4. Accept the access the app asks for.',
      "5. Amazon then takes you to the app's site: sign in there to finish. The app's expiry date in Manage Your Apps moves a year on.",
      `Then record it: \`/reauth done ${escapeMrkdwn(open.accountId)} ${escapeMrkdwn(open.id)}\``,
    ];
    blocks.push(divider(), section(lines.join('\n')));
  });
  blocks.push(
    context('Pick the Seller Central login of the Seller ID shown: each unit is renewed on its own.'),
  );
  return {
    text: `${escapeMrkdwn(account.name)}: how to renew the SP-API authorization of ${plural(onSpApi.length, 'unit')}.`,
    blocks,
  };
}

import type { HomeView, KnownBlock } from '@slack/types';
import { escapeMrkdwn, inflect, plural } from '../domain/text.js';
import type { HomePicture } from '../services/homeService.js';
import type { PendingDecision } from '../services/pendingDecisions.js';
import { context, divider, header, LIMITS, section, sectionsOf } from './blocks.js';
import { accountLines, managerMention } from './digest.js';
import { NO_ACCOUNTS_YET } from './pending.js';
import { slackTime } from './slackTime.js';
import { deadlineLine } from './status.js';

/** Enough to act on from the Home tab; the rest are counted and `/reauth pending` has them all. */
export const HOME_ACCOUNTS_SHOWN = 40;
export const HOME_DECISIONS_SHOWN = 20;

const HOW_TO = [
  '*How to use reauth-bot*',
  '• `/reauth status <account>`: where a customer stands, Seller ID by Seller ID',
  '• `/reauth steps <account>`: the walkthrough to send the customer',
  '• `/reauth done <account> <marketplace>`: record a reauthorization the customer made',
  '• `/reauth pending`: every account still on MWS',
  '• `/reauth digest`: preview the digest the channel gets',
].join('\n');

/** One person's App Home: the countdown, totals, their own accounts, what waits for their decision. */
export function homeView(picture: HomePicture): HomeView {
  const t = picture.totals;
  const blocks: KnownBlock[] = [
    header('Moving Amazon channels to SP-API'),
    section(
      t.accounts === 0
        ? `${deadlineLine(picture.deadline)}\n${NO_ACCOUNTS_YET}`
        : `${deadlineLine(picture.deadline)}\n*Totals:* ${plural(t.accounts, 'account')}, ${plural(t.channels, 'channel')}, ` +
            `${t.channelsOnMws.toLocaleString('en-US')} still on MWS; ${plural(t.reauthorizationsNeeded, 'reauthorization')} still needed ` +
            `across ${plural(t.pendingAccounts, 'account')}.`,
    ),
  ];
  if (picture.managed) blocks.push(divider(), ...managedBlocks(picture.managed));
  if (picture.decisions) blocks.push(divider(), ...decisionBlocks(picture.decisions, picture.timeZone));
  blocks.push(divider(), section(HOW_TO));
  if (!picture.managed) {
    blocks.push(
      context('You are not the account manager of any account, so there is no list of your own here.'),
    );
  }
  if (blocks.length > LIMITS.blocksPerHomeView) throw new Error(`App Home grew to ${blocks.length} blocks`);
  return { type: 'home', blocks };
}

function managedBlocks(managed: NonNullable<HomePicture['managed']>): KnownBlock[] {
  const { pending } = managed;
  if (pending.length === 0) {
    return [
      section(
        `*Your accounts*\n:white_check_mark: ${managed.accounts === 1 ? 'The one account you manage shows' : `All ${plural(managed.accounts, 'account')} you manage show`} MWS/SP-API: nothing left to do.`,
      ),
    ];
  }
  const needed = pending.reduce((n, p) => n + p.reauthorizationsNeeded, 0);
  const shown = pending.slice(0, HOME_ACCOUNTS_SHOWN);
  const blocks: KnownBlock[] = [
    section(
      `*${inflect(pending.length, 'Your account', 'Your accounts')} still on MWS:* ` +
        `${managed.accounts === 1 ? 'the one account you manage' : `${plural(pending.length, 'account')} of the ${managed.accounts.toLocaleString('en-US')} you manage`}, ` +
        `${plural(needed, 'reauthorization')} to go.`,
    ),
    ...sectionsOf(shown.flatMap(accountLines)),
  ];
  if (pending.length > shown.length) {
    blocks.push(
      context(
        `…and ${plural(pending.length - shown.length, 'more account')} (fewest reauthorizations last). ` +
          '`/reauth pending` lists every account still on MWS.',
      ),
    );
  }
  return blocks;
}

function decisionBlocks(decisions: readonly PendingDecision[], timeZone: string): KnownBlock[] {
  if (decisions.length === 0) {
    return [section('*Rollbacks waiting for your decision*\nNone right now.')];
  }
  const shown = decisions.slice(0, HOME_DECISIONS_SHOWN);
  const lines = shown.map(
    (d) =>
      `• ${escapeMrkdwn(d.accountName)} (\`${escapeMrkdwn(d.accountId)}\`): ${escapeMrkdwn(d.summary)}, ` +
      `asked by ${managerMention(d.requestedBy)} at ${slackTime(d.requestedAt, timeZone)}`,
  );
  const blocks: KnownBlock[] = [
    section(`*Rollbacks waiting for your decision:* ${decisions.length}`),
    ...sectionsOf(lines),
  ];
  if (decisions.length > shown.length) {
    blocks.push(context(`…and ${decisions.length - shown.length} more waiting.`));
  }
  return blocks;
}

export function homeFailureView(): HomeView {
  return {
    type: 'home',
    blocks: [
      section(
        ":x: This page could not be built just now; the details are in the bot's log. " +
          '`/reauth pending` and `/reauth status <account>` still answer.',
      ),
    ],
  };
}

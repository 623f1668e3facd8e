import type { KnownBlock } from '@slack/types';
import { isSlackUserId } from '../domain/accounts.js';
import { type Digest, type DigestGroup, isAllDone } from '../domain/digest.js';
import type { PendingAccount } from '../domain/pending.js';
import { escapeMrkdwn, inflect, plural } from '../domain/text.js';
import { context, header, LIMITS, type Message, section } from './blocks.js';
import { NO_ACCOUNTS_YET, unitSummary } from './pending.js';
import { deadlineLine } from './status.js';

/** Who a digest is for: the digest channel, or one account manager's DM (only their accounts). */
export type DigestAudience = { kind: 'channel' } | { kind: 'manager'; user: string };

const CHANNEL: DigestAudience = { kind: 'channel' };
/** Room left in every list section for a "(continued)" heading when a group runs into the next reply. */
const SECTION_BUDGET = LIMITS.sectionText - 200;
/** An account longer than this is shown as a line per unit, so no line can outgrow a section. */
const LONG_LINE = 1_500;
const NAME_SHOWN = 200;
/** Each reply starts with a context block saying which part it is. */
const REPLY_SECTIONS = LIMITS.blocksPerMessage - 1;
/** Enough account managers to read in the parent; the rest are in the thread anyway. */
const OVERVIEW_LINES = 60;

interface ListLine {
  text: string;
  group: number;
  heading: boolean;
}

interface ListSection {
  text: string;
  group: number;
  /** Its first line is not its group's heading: the group started in an earlier section. */
  continues: boolean;
}

/**
 * The digest as Slack messages: one message when it fits, otherwise a parent message (deadline,
 * totals, who has what) and thread replies with every pending account, each exactly once. Every
 * message stays within Slack's 50 blocks and every section within 3,000 characters; accounts are
 * packed many to a section, never cut.
 */
export function digestMessages(digest: Digest, audience: DigestAudience = CHANNEL): Message[] {
  if (isAllDone(digest)) return [allDoneMessage(digest)];
  const list = packList(listLines(digest, audience));
  const single = singleMessage(digest, audience, list);
  if (single.blocks.length <= LIMITS.blocksPerMessage) return [single];
  return threadedMessages(digest, audience, list);
}

/** The first message as the person asking sees it before posting, with how many messages there will be. */
export function digestPreview(parts: readonly Message[], channel: string | undefined): Message {
  const first = parts[0] as Message;
  const where = channel ? ` to <#${channel}>` : '';
  const count =
    parts.length === 1
      ? 'this one message'
      : `this message and ${plural(parts.length - 1, 'thread reply', 'thread replies')}`;
  const note = context(
    `:eyes: Preview, only you see it. Posted${where}, the digest is ${count}` +
      `${channel ? '' : ' (no digest channel is set: REAUTH_DIGEST_CHANNEL)'}.`,
  );
  const blocks: KnownBlock[] = [...first.blocks];
  // The parent always ends with its footer context; at the block limit the note takes its place.
  if (blocks.length >= LIMITS.blocksPerMessage) blocks.pop();
  blocks.push(note);
  return { text: `Preview: ${first.text}`, blocks };
}

function allDoneMessage(digest: Digest): Message {
  const text =
    digest.totals.accounts === 0
      ? NO_ACCOUNTS_YET
      : ':tada: All done: every channel shows MWS/SP-API, nothing left to reauthorize.';
  return { text, blocks: [section(text), context(deadlineLine(digest.deadline))] };
}

function singleMessage(digest: Digest, audience: DigestAudience, list: ListSection[]): Message {
  const sections = list.map((s) => section(s.text));
  const summary = section(summaryText(digest, audience));
  const blocks: KnownBlock[] = [header(title(digest, audience))];
  // After the deadline the digest is a list of customers to contact: the list comes first.
  if (digest.toContact) blocks.push(...sections, summary);
  else blocks.push(summary, ...sections);
  blocks.push(context(footer(audience)));
  return { text: notificationText(digest, audience), blocks };
}

function threadedMessages(digest: Digest, audience: DigestAudience, list: ListSection[]): Message[] {
  const replies: ListSection[][] = [];
  for (let i = 0; i < list.length; i += REPLY_SECTIONS) replies.push(list.slice(i, i + REPLY_SECTIONS));
  const total = replies.length + 1;
  const name = title(digest, audience);
  const where =
    audience.kind === 'channel'
      ? `The accounts, by account manager, are in the thread (${plural(replies.length, 'reply', 'replies')}).`
      : `Your accounts are in the thread (${plural(replies.length, 'reply', 'replies')}).`;
  const overview = audience.kind === 'channel' ? overviewSections(digest) : [];
  const summary = section(summaryText(digest, audience));
  const parentBlocks: KnownBlock[] = [header(name)];
  if (digest.toContact) parentBlocks.push(...overview, summary);
  else parentBlocks.push(summary, ...overview);
  parentBlocks.push(context(`${where} ${footer(audience)}`));
  const parent: Message = { text: notificationText(digest, audience), blocks: parentBlocks };

  return [
    parent,
    ...replies.map((sections, i) => ({
      text: `${name}, part ${i + 2} of ${total}`,
      blocks: [
        context(`Part ${i + 2} of ${total} · ${escapeMrkdwn(name)} · ${digest.date}`),
        ...sections.map((s, j) =>
          section(
            j === 0 && s.continues && audience.kind === 'channel'
              ? `*${groupName(digest.groups[s.group] as DigestGroup)}* _(continued)_\n${s.text}`
              : s.text,
          ),
        ),
      ],
    })),
  ];
}

function overviewSections(digest: Digest): KnownBlock[] {
  const lines = digest.groups
    .slice(0, OVERVIEW_LINES)
    .map((g) => `• ${groupName(g)}: ${groupCounts(g, digest.toContact)}`);
  if (digest.groups.length > OVERVIEW_LINES) {
    lines.push(`…and ${plural(digest.groups.length - OVERVIEW_LINES, 'more group')}, in the thread.`);
  }
  return packList(lines.map((text) => ({ text, group: 0, heading: false }))).map((s) => section(s.text));
}

function listLines(digest: Digest, audience: DigestAudience): ListLine[] {
  const lines: ListLine[] = [];
  digest.groups.forEach((group, g) => {
    if (audience.kind === 'channel') {
      lines.push({
        text: `*${groupName(group)}*: ${groupCounts(group, digest.toContact)}`,
        group: g,
        heading: true,
      });
    }
    for (const p of group.accounts)
      for (const text of accountLines(p)) lines.push({ text, group: g, heading: false });
  });
  return lines;
}

/** Lines packed into sections; a group heading always travels with the line after it. */
function packList(lines: readonly ListLine[]): ListSection[] {
  const sections: ListSection[] = [];
  let current: ListSection | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as ListLine;
    let text = line.text;
    const next = lines[i + 1];
    if (line.heading && next) {
      text = `${text}\n${next.text}`;
      i++;
    }
    if (current && current.text.length + 1 + text.length > SECTION_BUDGET) {
      sections.push(current);
      current = undefined;
    }
    if (current) current.text = `${current.text}\n${text}`;
    else current = { text, group: line.group, continues: !line.heading };
  }
  if (current) sections.push(current);
  return sections;
}

/** One line per account; a very long one (many Seller IDs) becomes a line per unit. */
export function accountLines(p: PendingAccount): string[] {
  const label = `${escapeMrkdwn(clipName(p.account.name))} (\`${escapeMrkdwn(p.account.id)}\`)`;
  const count = p.reauthorizationsNeeded > 1 ? ` · *${p.reauthorizationsNeeded}*` : '';
  const units = p.pendingUnits.map(unitSummary);
  const line = `• ${label}${count}: ${units.join('; ')}`;
  if (line.length <= LONG_LINE) return [line];
  return [`• ${label}${count}:`, ...units.map((u) => `      ◦ ${u}`)];
}

function clipName(name: string): string {
  return name.length <= NAME_SHOWN ? name : `${name.slice(0, NAME_SHOWN - 1)}…`;
}

export function managerMention(user: string): string {
  return isSlackUserId(user) ? `<@${user}>` : escapeMrkdwn(user);
}

function groupName(group: DigestGroup): string {
  return group.manager ? managerMention(group.manager) : 'No account manager';
}

function groupCounts(group: DigestGroup, toContact: boolean): string {
  const accounts = plural(group.accounts.length, 'account');
  const reauths = plural(group.reauthorizationsNeeded, 'reauthorization');
  return toContact ? `${accounts} to contact (${reauths})` : `${accounts}, ${reauths}`;
}

export function title(digest: Digest, audience: DigestAudience): string {
  const mine = audience.kind === 'manager';
  if (digest.toContact) {
    return mine
      ? `Your accounts to contact: ${digest.totals.pendingAccounts}`
      : `Reauthorization: ${plural(digest.totals.pendingAccounts, 'account')} to contact`;
  }
  const lead = mine ? 'Your reauthorization digest' : 'Reauthorization digest';
  switch (digest.deadline.kind) {
    case 'upcoming':
      return `${lead}: ${plural(digest.deadline.daysLeft, 'day')} left`;
    case 'today':
      return `${lead}: the deadline is today`;
    default:
      return lead;
  }
}

function summaryText(digest: Digest, audience: DigestAudience): string {
  const t = digest.totals;
  const deadline = deadlineLine(digest.deadline);
  if (audience.kind === 'manager') {
    return (
      `${deadline}\nYou manage ${plural(t.accounts, 'account')}: ${plural(t.pendingAccounts, 'account')} ` +
      `still ${inflect(t.pendingAccounts, 'needs', 'need')} ${plural(t.reauthorizationsNeeded, 'reauthorization')}.`
    );
  }
  return (
    `${deadline}\n*Totals:* ${plural(t.accounts, 'account')}, ${plural(t.channels, 'channel')}, ` +
    `${t.channelsOnMws.toLocaleString('en-US')} still on MWS; ${plural(t.reauthorizationsNeeded, 'reauthorization')} still needed ` +
    `across ${plural(t.pendingAccounts, 'account')}.`
  );
}

function notificationText(digest: Digest, audience: DigestAudience): string {
  const t = digest.totals;
  const accounts = plural(t.pendingAccounts, 'account');
  const reauths = plural(t.reauthorizationsNeeded, 'reauthorization');
  const what = digest.toContact
    ? `${accounts} to contact, ${reauths} still needed.`
    : `${accounts} still ${inflect(t.pendingAccounts, 'needs', 'need')} ${reauths}.`;
  return `${audience.kind === 'manager' ? 'Your accounts' : 'Reauthorization digest'}: ${what} ${deadlineLine(digest.deadline)}`;
}

function footer(audience: DigestAudience): string {
  return audience.kind === 'manager'
    ? '`/reauth steps <account>` gives the customer their walkthrough; `/reauth done <account> <marketplace>` records it.'
    : '`/reauth pending` lists what is left at any time; `/reauth steps <account>` gives a customer their walkthrough.';
}

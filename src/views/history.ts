import type { AuditEntry } from '../domain/audit.js';
import { escapeMrkdwn, plural } from '../domain/text.js';
import type { AccountHistory } from '../services/historyService.js';
import { context, header, LIMITS, type Message, section, sectionsOf } from './blocks.js';
import { accountLabel } from './lookup.js';
import { mention } from './rollback.js';
import { slackTime } from './slackTime.js';

/** The newest entries shown one per line; older ones are summarised, so the answer always fits. */
export const HISTORY_SHOWN = 40;
const LINE_MAX = 400;

/** Bookkeeping entries that say nothing a person needs (where a message was posted). */
export const HIDDEN_ACTIONS: ReadonlySet<string> = new Set(['rollback.message']);

export function historyMessage(history: AccountHistory, timeZone: string): Message {
  const { account } = history;
  const entries = history.entries.filter((e) => !HIDDEN_ACTIONS.has(e.action));
  const title = header(`${account.name}: history`);
  if (entries.length === 0) {
    return {
      text: `Nothing recorded yet for ${escapeMrkdwn(account.name)}.`,
      blocks: [title, section(`Nothing is recorded for ${accountLabel(account)} yet.`)],
    };
  }
  const shown = entries.slice(0, HISTORY_SHOWN);
  const lines = shown.map((e) => clip(`${slackTime(e.at, timeZone)} ${describe(e)}`));
  const blocks: Message['blocks'] = [title, ...sectionsOf(lines).slice(0, LIMITS.blocksPerMessage - 3)];
  const older = entries.slice(shown.length);
  if (older.length > 0) blocks.push(section(olderSummary(older, timeZone)));
  blocks.push(context(`Newest first. ${plural(entries.length, 'entry', 'entries')} in all.`));
  return {
    text: `${escapeMrkdwn(account.name)}: ${plural(entries.length, 'entry', 'entries')} in its history.`,
    blocks,
  };
}

/** What the older entries are, counted: "21 imports, 1 reauthorization". */
const ENTRY_NOUNS: Record<string, [string, string]> = {
  import: ['import', 'imports'],
  reauthorized: ['reauthorization', 'reauthorizations'],
  'rollback.requested': ['rollback request', 'rollback requests'],
  'rollback.approved': ['rollback approval', 'rollback approvals'],
  'rollback.denied': ['rollback denial', 'rollback denials'],
  'rollback.expired': ['expired rollback', 'expired rollbacks'],
  'rollback.checklist.done': ['checklist step ticked', 'checklist steps ticked'],
  'rollback.checklist.undone': ['checklist step unticked', 'checklist steps unticked'],
  'rollback.completed': ['completed checklist', 'completed checklists'],
};

function olderSummary(older: readonly AuditEntry[], timeZone: string): string {
  const counts = new Map<string, number>();
  for (const e of older) counts.set(e.action, (counts.get(e.action) ?? 0) + 1);
  const parts = [...counts].map(([action, n]) => {
    const [one, many] = ENTRY_NOUNS[action] ?? [
      `${actionName(action)} entry`,
      `${actionName(action)} entries`,
    ];
    return plural(n, escapeMrkdwn(one), escapeMrkdwn(many));
  });
  const oldest = older[older.length - 1] as AuditEntry;
  return `…and ${plural(older.length, 'older entry', 'older entries')} back to ${slackTime(oldest.at, timeZone)}: ${parts.join(', ')}.`;
}

function actionName(action: string): string {
  return action.replace(/^rollback\./, 'rollback ').replace('.', ' ');
}

function detail(e: AuditEntry, key: string): string {
  const value = e.details?.[key];
  if (value === undefined) return '';
  return escapeMrkdwn(Array.isArray(value) ? value.join(', ') : String(value));
}

function rollbackId(e: AuditEntry): string {
  return `\`${escapeMrkdwn(e.target.replace(/^rollback:/, ''))}\``;
}

export function describe(e: AuditEntry): string {
  const who = mention(e.actor);
  const target = escapeMrkdwn(e.target.replace(/^(channel|account):/, ''));
  if (e.action === 'connector event superseded')
    return `the connector's event \`${detail(e, 'event')}\` (${detail(e, 'type')} for ${target}, from ${detail(e, 'occurredAt')}) changed nothing: older than the state on record`;
  if (e.action.startsWith('connector '))
    return `the connector (event \`${detail(e, 'event')}\`, ${detail(e, 'type')} for ${target}): ${detail(e, 'changes')}`;
  switch (e.action) {
    case 'seller-id.confirmed':
      return `${who} confirmed the Seller ID the connector reported for ${target}: ${detail(e, 'to')} (was ${detail(e, 'from')})`;
    case 'import': {
      const changes = e.details?.changes;
      const list = Array.isArray(changes) ? changes : [];
      const some = list.slice(0, 5).map(escapeMrkdwn).join(', ');
      const by = e.actor === 'import' ? 'CSV import' : `${who} imported`;
      return `${by}: ${some}${list.length > 5 ? `, and ${list.length - 5} more` : ''}`;
    }
    case 'reauthorized':
      return `${who} recorded a reauthorization of ${escapeMrkdwn(e.target.replace(/^unit:[^:]*:/, '').replace(':', ' '))} (${detail(e, 'channels')})`;
    case 'rollback.reauthorization-reported':
      return `${who} reported a reauthorization the bot had no record of, of ${detail(e, 'unit')} (${detail(e, 'channels')}), for rollback \`${detail(e, 'rollback')}\``;
    case 'rollback.requested':
      return `${who} requested rollback ${rollbackId(e)} of ${detail(e, 'unit')} (${detail(e, 'channels')}): ${detail(e, 'reason')}`;
    case 'rollback.approved':
      return `${who} approved rollback ${rollbackId(e)}: ${detail(e, 'channels')} back on MWS`;
    case 'rollback.denied':
      return `${who} denied rollback ${rollbackId(e)}: ${detail(e, 'reason')}`;
    case 'rollback.expired':
      return `rollback ${rollbackId(e)} expired undecided`;
    case 'rollback.checklist.done':
      return `${who} ticked *${checklistStep(String(e.details?.item ?? ''))}* on rollback ${rollbackId(e)}`;
    case 'rollback.checklist.undone':
      return `${who} unticked *${checklistStep(String(e.details?.item ?? ''))}* on rollback ${rollbackId(e)}`;
    case 'rollback.completed':
      return `${who} completed the recovery checklist of rollback ${rollbackId(e)}`;
    default:
      return `${who} ${escapeMrkdwn(e.action)} ${escapeMrkdwn(e.target)}`;
  }
}

/**
 * A checklist step by the name the checklist gives it, from the item id the audit keeps
 * (`app-active:<Seller ID>`, `merchant-token:<channel>`, `mws-token:seller:<Seller ID>`, or the step alone).
 */
function checklistStep(itemId: string): string {
  const [kind = '', ...rest] = itemId.split(':');
  const ofSeller = rest[0] === 'seller';
  const what = `\`${escapeMrkdwn((ofSeller ? rest.slice(1) : rest).join(':'))}\``;
  const where = ofSeller ? `Seller ID ${what}` : what;
  switch (kind) {
    case 'app-active':
      return `Seller ID ${what}: app active`;
    case 'merchant-token':
      return `${where}: Merchant Token`;
    case 'mws-token':
      return `${where}: MWS Authorization Token`;
    case 'missed-orders':
      return 'Missed orders';
    case 'inventory-sync':
      return 'Inventory';
    case 'ready-to-retry':
      return 'Everything is syncing';
    default:
      return `\`${escapeMrkdwn(itemId)}\``;
  }
}

function clip(line: string): string {
  return line.length <= LINE_MAX ? line : `${line.slice(0, LINE_MAX - 1)}…`;
}

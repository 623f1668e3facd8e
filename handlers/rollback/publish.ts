import type { WebClient } from '@slack/web-api';
import type { SlackMessageRef } from '../../src/domain/rollback.js';
import type { Services } from '../../src/services/index.js';
import { RollbackPoster } from '../../src/services/rollbackPoster.js';
import type { RollbackDetails } from '../../src/services/rollbackService.js';
import type { Message } from '../../src/views/blocks.js';
import { checklistCompleteMessage, checklistMessage } from '../../src/views/checklist.js';
import {
  type RollbackViewContext,
  rollbackOutcomeThreadMessage,
  rollbackParentMessage,
} from '../../src/views/rollback.js';

/**
 * The rollback's Slack messages: the request (thread parent) for the approvers, the posts in its
 * thread, and the checklist. Each change to a rollback is already durable when these are called.
 */
export class RollbackPublisher {
  /** Posts (never retried blind: see RollbackPoster); updates and private notes use `client`. */
  private readonly poster: RollbackPoster;

  constructor(
    private readonly client: WebClient,
    private readonly services: Services,
  ) {
    this.poster = services.rollbackPoster ?? new RollbackPoster(client, services.logger);
  }

  private get view(): RollbackViewContext {
    return {
      timeZone: this.services.rollbacks.timeZone,
      approvers: this.services.rollbacks.approvers,
    };
  }

  /**
   * Posts the request with its Approve and Deny buttons and remembers where it is, unless it is
   * already posted (`posted` false then: someone asking again while it was being posted).
   */
  async postRequest(
    details: RollbackDetails,
    channel: string,
    options: { lookFirst?: boolean } = {},
  ): Promise<{ ref: SlackMessageRef; posted: boolean }> {
    const { rollbacks } = this.services;
    return rollbacks.oneAtATime(details.rollback.id, async () => {
      const already = (await rollbacks.details(details.rollback.id))?.rollback.messages.parent;
      if (already) return { ref: already, posted: false };
      const message = rollbackParentMessage(details, this.view);
      const posted = await this.poster.postOnce(details.rollback, 'request', channel, message, options);
      const ref = { channel: posted.channel, ts: posted.ts };
      await rollbacks.attachMessage(details.rollback.id, 'parent', ref);
      return { ref, posted: true };
    });
  }

  async permalink(ref: SlackMessageRef): Promise<string | undefined> {
    try {
      const result = await this.client.chat.getPermalink({ channel: ref.channel, message_ts: ref.ts });
      return result.permalink;
    } catch (error) {
      // The link is a convenience; the request itself stands.
      this.services.logger.warn('Could not get a permalink for a rollback request:', error);
      return undefined;
    }
  }

  /** Shows the rollback's current state on the request message (buttons gone once decided). */
  async refreshParent(details: RollbackDetails): Promise<void> {
    const ref = details.rollback.messages.parent;
    if (!ref) return;
    await this.update(ref, rollbackParentMessage(details, this.view));
  }

  /** After a decision or expiry: the request message updated, and the requester told in the thread. */
  async announceOutcome(details: RollbackDetails): Promise<void> {
    await this.refreshParent(details);
    await this.postRecorded(details, 'note', rollbackOutcomeThreadMessage(details, this.view));
    if (details.rollback.state === 'approved') await this.postChecklist(details);
  }

  /**
   * After an approval whose announcement failed part-way (asked for again by the requester): the
   * outcome note and the checklist each looked for in the thread and posted only when missing.
   */
  async completeApprovalAnnouncement(details: RollbackDetails): Promise<void> {
    const note = rollbackOutcomeThreadMessage(details, this.view);
    await this.postRecorded(details, 'note', note, { lookFirst: true });
    await this.postChecklist(details, { lookFirst: true });
  }

  /**
   * Posts the recovery checklist in the thread, unless it is on record already (posted meanwhile);
   * `lookFirst` also when an earlier attempt may have posted it without it being recorded.
   */
  async postChecklist(details: RollbackDetails, options: { lookFirst?: boolean } = {}): Promise<void> {
    await this.postRecorded(details, 'checklist', checklistMessage(details, this.view.timeZone), options);
  }

  /**
   * Posts a thread message whose place is recorded, unless it is on record already; one at a time
   * per rollback, so a decision's announcement and a repeated command cannot both post it.
   */
  private async postRecorded(
    details: RollbackDetails,
    slot: 'note' | 'checklist',
    message: Message,
    options: { lookFirst?: boolean } = {},
  ): Promise<void> {
    const parent = details.rollback.messages.parent;
    if (!parent) return;
    const { rollbacks } = this.services;
    await rollbacks.oneAtATime(details.rollback.id, async () => {
      if ((await rollbacks.details(details.rollback.id))?.rollback.messages[slot]) return;
      const posted = await this.poster.postOnce(details.rollback, slot, parent.channel, message, options);
      await rollbacks.attachMessage(details.rollback.id, slot, { channel: posted.channel, ts: posted.ts });
    });
  }

  async refreshChecklist(details: RollbackDetails): Promise<void> {
    const ref = details.rollback.messages.checklist;
    if (!ref) return;
    await this.update(ref, checklistMessage(details, this.view.timeZone));
  }

  /** The last checklist item ticked: the request shows it, and the requester and manager are told. */
  async announceComplete(details: RollbackDetails): Promise<void> {
    await this.refreshParent(details);
    await this.postInThread(details, 'complete', checklistCompleteMessage(details, this.view.timeZone));
  }

  /** A private note to one person, in the rollback's thread. */
  async tellPrivately(details: RollbackDetails, user: string, message: Message): Promise<void> {
    const parent = details.rollback.messages.parent;
    if (!parent) throw new Error(`Rollback ${details.rollback.id} has no Slack message to answer under`);
    await this.client.chat.postEphemeral({
      channel: parent.channel,
      thread_ts: parent.ts,
      user,
      text: message.text,
      blocks: message.blocks,
    });
  }

  private async postInThread(details: RollbackDetails, kind: 'complete', message: Message): Promise<void> {
    const parent = details.rollback.messages.parent;
    if (!parent) return;
    await this.poster.postOnce(details.rollback, kind, parent.channel, message);
  }

  private async update(ref: SlackMessageRef, message: Message): Promise<void> {
    await this.client.chat.update({
      channel: ref.channel,
      ts: ref.ts,
      text: message.text,
      blocks: message.blocks,
    });
  }
}

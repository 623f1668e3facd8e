import type { Conversation, ConversationEvent, StoredMessage } from './conversation.js';
import {
  mrkdwnToText,
  plainStyle,
  type RenderOptions,
  renderBlocks,
  renderMessage,
  type Style,
} from './render.js';
import type { ElementJson, ViewJson } from './slackShapes.js';

/** Where a pressable element lives. */
export type Surface = { kind: 'message'; channel: string; ts: string } | { kind: 'home'; user: string };

export interface Choice {
  number: number;
  surface: Surface;
  blockId: string;
  element: ElementJson;
}

function surfaceKey(surface: Surface): string {
  return surface.kind === 'message' ? `m:${surface.channel}/${surface.ts}` : `h:${surface.user}`;
}

/**
 * The numbers shown in front of buttons and menus. Numbers only grow, so one never changes meaning;
 * when a message is shown again (updated, replaced) its earlier numbers stop working and the new
 * rendering's numbers are the ones to press.
 */
export class ChoiceBoard {
  private next = 1;
  private readonly choices = new Map<number, Choice>();
  private readonly bySurface = new Map<string, number[]>();
  private readonly retired = new Set<number>();

  retire(surface: Surface): void {
    const key = surfaceKey(surface);
    for (const n of this.bySurface.get(key) ?? []) {
      this.choices.delete(n);
      this.retired.add(n);
    }
    this.bySurface.delete(key);
  }

  add(surface: Surface, blockId: string, element: ElementJson): number {
    const number = this.next++;
    this.choices.set(number, { number, surface, blockId, element });
    const key = surfaceKey(surface);
    this.bySurface.set(key, [...(this.bySurface.get(key) ?? []), number]);
    return number;
  }

  lookup(number: number): Choice | 'retired' | undefined {
    return this.choices.get(number) ?? (this.retired.has(number) ? 'retired' : undefined);
  }
}

/** Shows everything the app does in the local Slack as text, as it happens. */
export class Printer {
  /** Home views printed since the last call to `takeHomesShown`. */
  private homesShown = new Set<string>();

  constructor(
    private readonly say: (...lines: string[]) => void,
    private readonly conversation: Conversation,
    private readonly board: ChoiceBoard,
    private readonly style: Style,
    private readonly actingUser: () => string,
  ) {}

  handle(event: ConversationEvent): void {
    switch (event.kind) {
      case 'posted':
        this.printMessage(event.message, 'posted');
        break;
      case 'updated':
        this.printMessage(event.message, 'updated');
        break;
      case 'deleted': {
        const { message } = event;
        this.board.retire({ kind: 'message', channel: message.channel, ts: message.ts });
        this.say('', `${this.where(message)} ${this.who(message)} deleted its message "${summary(message)}"`);
        break;
      }
      case 'home':
        if (event.user === this.actingUser()) this.printHome(event.user, event.view);
        else
          this.say(
            this.style.dim(
              `(The App Home of ${this.userLabel(event.user)} changed: /as ${this.userLabel(event.user).slice(1)} then /home shows it.)`,
            ),
          );
        break;
      case 'note':
        this.say(this.style.dim(`(${event.text})`));
        break;
    }
  }

  printHome(user: string, view: ViewJson): void {
    const surface: Surface = { kind: 'home', user };
    this.board.retire(surface);
    this.homesShown.add(user);
    const lines = renderBlocks(view.blocks, this.renderOptions(surface));
    this.say('', this.style.bold(`[App Home of ${this.person(user)}]`), ...lines.map((l) => `  ${l}`));
  }

  /** Whether a Home view for `user` was printed since the last call; resets. */
  takeHomeShown(user: string): boolean {
    const shown = this.homesShown.has(user);
    this.homesShown.delete(user);
    return shown;
  }

  renderOptions(surface?: Surface): RenderOptions {
    return {
      style: this.style,
      nameOf: (id) => this.conversation.nameOf(id),
      ...(surface ? { numberFor: (element, blockId) => this.board.add(surface, blockId, element) } : {}),
    };
  }

  private printMessage(message: StoredMessage, change: 'posted' | 'updated'): void {
    const surface: Surface = { kind: 'message', channel: message.channel, ts: message.ts };
    this.board.retire(surface);
    const body = renderMessage(message, this.renderOptions(surface));
    const visibility = message.visibleTo ? `, only visible to ${this.person(message.visibleTo)},` : '';
    const parent = message.threadTs ? this.conversation.get(message.channel, message.threadTs) : undefined;
    const thread = message.threadTs ? ` in the thread${parent ? ` of "${summary(parent)}"` : ''}` : '';
    const verb = change === 'updated' ? ' (updated)' : '';
    const where = `${this.where(message)} ${this.who(message)}${visibility}${thread}${verb}`.replace(
      /,$/,
      '',
    );
    const heading = message.threadTs ? `  ↳ ${where}:` : `${where}:`;
    const indent = message.threadTs ? '      ' : '  ';
    this.say('', this.style.bold(heading), ...body.map((l) => `${indent}${l}`));
  }

  private where(message: StoredMessage): string {
    const owner = this.conversation.dmOwner(message.channel);
    if (owner) return `[DM with ${this.userLabel(owner)}]`;
    return `[#${this.conversation.nameOf(message.channel) ?? message.channel}]`;
  }

  private who(message: StoredMessage): string {
    return this.conversation.nameOf(message.author) ?? message.author;
  }

  private person(user: string): string {
    return user === this.actingUser() ? 'you' : this.userLabel(user);
  }

  private userLabel(user: string): string {
    return `@${this.conversation.nameOf(user) ?? user}`;
  }
}

function summary(message: StoredMessage): string {
  const firstLine = mrkdwnToText(message.text || '', { style: plainStyle }).split('\n')[0] ?? '';
  return firstLine.length > 60 ? `${firstLine.slice(0, 59)}…` : firstLine;
}

import type { App } from '@slack/bolt';
import type { Store } from '../../store/store.js';
import { createApp } from '../app.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { Conversation } from './conversation.js';
import { type AskContext, askElement } from './elements.js';
import { LocalSlack } from './localSlack.js';
import { askModal } from './modal.js';
import {
  actionOf,
  appHomeOpenedPayload,
  commandPayload,
  messageActionPayload,
  type Person,
  viewActionPayload,
  viewClosedPayload,
  viewSubmissionPayload,
} from './payloads.js';
import { ChoiceBoard, Printer } from './printer.js';
import type { Style } from './render.js';
import { ShellLogger } from './shellLogger.js';
import { type Delivery, ShellReceiver } from './shellReceiver.js';
import { isObject, type Json, LOCAL_BOT, type StateValue, type StateValues, textOf } from './slackShapes.js';
import type { Terminal } from './terminal.js';

export const DEFAULT_USER: Person = { id: 'ULOCAL', name: 'local' };
export const SHELL_CHANNEL = { id: 'CSUPPORT', name: 'support' } as const;

export interface SessionDeps {
  config: Config;
  store: Store;
  clock: Clock;
  terminal: Terminal;
  style: Style;
  /** Where the app's warnings and errors go. */
  log: (line: string) => void;
  /** Listeners to add to the app after its own (tests use it for surfaces main does not have yet). */
  extendApp?: (app: App) => void;
}

/**
 * One person (or script) using the real app through the local Slack: typed lines become the
 * requests Slack would send, and what the app sends back is printed. Each line is finished (the
 * app's listeners done, every reply shown, any form it opened filled in) before the next is read.
 */
export class ShellSession {
  private acting: Person = DEFAULT_USER;

  private constructor(
    private readonly deps: SessionDeps,
    readonly conversation: Conversation,
    private readonly local: LocalSlack,
    private readonly receiver: ShellReceiver,
    private readonly stopApp: () => Promise<void>,
    private readonly board: ChoiceBoard,
    private readonly printer: Printer,
  ) {}

  static async open(deps: SessionDeps, people: readonly Person[] = []): Promise<ShellSession> {
    const conversation = new Conversation(deps.clock);
    conversation.setName(SHELL_CHANNEL.id, SHELL_CHANNEL.name);
    for (const person of [DEFAULT_USER, ...people]) conversation.setName(person.id, person.name);
    const local = await new LocalSlack(conversation).start();
    const receiver = new ShellReceiver();
    const { app, stop } = createApp({
      config: {
        ...deps.config,
        slackApiUrl: local.apiUrl,
        slack: { botToken: LOCAL_BOT.token, signingSecret: '' },
      },
      store: deps.store,
      clock: deps.clock,
      logger: new ShellLogger(deps.log),
      botIdentity: { botId: LOCAL_BOT.botId, botUserId: LOCAL_BOT.userId },
      receiver,
    });
    deps.extendApp?.(app);
    await app.start();
    const board = new ChoiceBoard();
    let session: ShellSession | undefined;
    const printer = new Printer(
      (...lines) => deps.terminal.say(...lines),
      conversation,
      board,
      deps.style,
      () => session?.user.id ?? DEFAULT_USER.id,
    );
    conversation.onEvent((event) => printer.handle(event));
    session = new ShellSession(deps, conversation, local, receiver, stop, board, printer);
    return session;
  }

  get user(): Person {
    return this.acting;
  }

  async close(): Promise<void> {
    await this.settled();
    await this.stopApp();
    await this.local.stop();
  }

  /** Waits until the app has finished every request and the local Slack has answered every call. */
  async settled(): Promise<void> {
    await this.receiver.whenIdle();
    await this.local.whenIdle();
  }

  /** `/as`: who the next commands and presses come from. */
  actAs(text: string): Person {
    this.acting = this.personFrom(text);
    return this.acting;
  }

  personFrom(text: string): Person {
    const given = text
      .trim()
      .replace(/^<@([A-Z0-9]+)(\|[^>]*)?>$/, '$1')
      .replace(/^@/, '');
    if (/^[UW][A-Z0-9]{2,}$/.test(given)) {
      return { id: given, name: this.conversation.nameOf(given) ?? given.toLowerCase() };
    }
    const name = given.toLowerCase().replace(/[^a-z0-9._-]/g, '');
    if (!name)
      throw new Error(`"${text}" is not a user: type a name such as alice, or a user ID such as U123.`);
    const id = `U${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`;
    if (!this.conversation.nameOf(id)) this.conversation.setName(id, name);
    return { id, name: this.conversation.nameOf(id) ?? name };
  }

  /** A slash command typed as in Slack: `/reauth status acme`. */
  async command(line: string): Promise<void> {
    const match = /^(\/\S+)\s*([\s\S]*)$/.exec(line.trim());
    if (!match) return;
    const command = (match[1] ?? '').toLowerCase();
    const user = this.acting;
    const responseId = this.conversation.addResponseTarget({
      kind: 'command',
      channel: SHELL_CHANNEL.id,
      user: user.id,
    });
    const body = commandPayload({
      user,
      channel: SHELL_CHANNEL,
      command,
      text: match[2] ?? '',
      responseUrl: this.local.responseUrl(responseId),
      triggerId: this.conversation.issueTrigger(user.id),
    });
    const delivery = await this.receiver.deliver(body, (response) => this.showAckResponse(response, user.id));
    await this.finish(delivery, `${command}`);
  }

  /** A number typed: press the button or operate the menu shown with it. */
  async press(number: number): Promise<void> {
    const { terminal } = this.deps;
    const choice = this.board.lookup(number);
    if (choice === undefined) {
      terminal.say(`There is no [${number}]: type a number shown in front of a button or menu.`);
      return;
    }
    if (choice === 'retired') {
      terminal.say(
        `[${number}] was on an earlier version of its message: use the numbers of its latest version.`,
      );
      return;
    }
    const user = this.acting;
    const { surface, element, blockId } = choice;
    const owner =
      surface.kind === 'home'
        ? surface.user
        : (this.conversation.get(surface.channel, surface.ts)?.visibleTo ??
          this.conversation.dmOwner(surface.channel));
    if (owner && owner !== user.id) {
      const name = this.conversation.nameOf(owner) ?? owner;
      terminal.say(`Only @${name} can see [${number}]: /as ${name} to press it as them.`);
      return;
    }
    const state = await this.stateForPress(element);
    if (!state) return;
    const actionTs = this.conversation.newTs();
    const action = actionOf(element, blockId, state, actionTs);
    const triggerId = this.conversation.issueTrigger(user.id);
    let body: Json;
    if (surface.kind === 'message') {
      const message = this.conversation.get(surface.channel, surface.ts);
      if (!message) {
        terminal.say(`The message with [${number}] was deleted.`);
        return;
      }
      const responseId = this.conversation.addResponseTarget({
        kind: 'action',
        channel: message.channel,
        user: user.id,
        source: { channel: message.channel, ts: message.ts },
      });
      body = messageActionPayload({
        user,
        channel: { id: message.channel, name: this.conversation.nameOf(message.channel) ?? message.channel },
        message,
        action,
        responseUrl: this.local.responseUrl(responseId),
        triggerId,
      });
    } else {
      const view = this.conversation.home(surface.user);
      if (!view) return;
      body = viewActionPayload({ user, view, action, triggerId });
    }
    if (typeof element.url === 'string')
      terminal.say(this.deps.style.dim(`(In Slack this also opens ${element.url}.)`));
    await this.finish(await this.receiver.deliver(body), `[${number}]`);
  }

  /** `/home`: opens the App Home tab (app_home_opened) and shows what the app published. */
  async openHome(): Promise<void> {
    const user = this.acting;
    this.printer.takeHomeShown(user.id);
    const eventTs = this.conversation.newTs();
    const body = appHomeOpenedPayload({
      user: user.id,
      channel: this.conversation.dmChannelOf(user.id),
      view: this.conversation.home(user.id),
      eventTs,
      eventId: `Ev${eventTs.replace('.', '')}`,
    });
    await this.finish(await this.receiver.deliver(body), 'the App Home', false);
    if (this.printer.takeHomeShown(user.id)) return;
    const view = this.conversation.home(user.id);
    if (view) this.printer.printHome(user.id, view);
    else
      this.deps.terminal.say('The app has not published an App Home view for you: there is nothing to show.');
  }

  private async stateForPress(element: Json & { type: string }): Promise<StateValue | undefined> {
    const { terminal } = this.deps;
    if (element.type === 'button' || element.type === 'workflow_button') {
      if (isObject(element.confirm)) {
        const c = element.confirm;
        terminal.say(`${textOf(c.title) || 'Are you sure?'} ${textOf(c.text)}`.trim());
        const yes = textOf(c.confirm) || 'Yes';
        const no = textOf(c.deny) || 'Cancel';
        const answer = await terminal.ask(`  y: ${yes}, n: ${no} > `);
        if (!answer || !/^y(es)?$/i.test(answer.trim())) {
          terminal.say(this.deps.style.dim('(Not pressed.)'));
          return undefined;
        }
      }
      return { type: element.type };
    }
    const label = textOf(element.placeholder) || 'Choose';
    const answer = await askElement(element, `  ${label}`, terminal, {
      ...this.askContext(),
      optional: false,
    });
    return answer.kind === 'value' ? answer.state : undefined;
  }

  private askContext(): Omit<AskContext, 'optional'> {
    return {
      userId: (text) => this.personFrom(text).id,
      channelId: (text) => this.conversation.resolveChannel(text.replace(/^<#([A-Z0-9]+)(\|[^>]*)?>$/, '$1')),
      currentChannel: SHELL_CHANNEL.id,
    };
  }

  /** What an ack carried for a slash command is shown to the person, as Slack shows it. */
  private showAckResponse(response: unknown, user: string): void {
    const body: Json | undefined =
      typeof response === 'string' && response
        ? { text: response }
        : isObject(response)
          ? response
          : undefined;
    if (!body || (!body.text && !body.blocks)) return;
    this.conversation.post({
      channel: SHELL_CHANNEL.id,
      author: LOCAL_BOT.userId,
      text: typeof body.text === 'string' ? body.text : '',
      blocks: Array.isArray(body.blocks) ? (body.blocks as []) : [],
      ...(body.response_type === 'in_channel' ? {} : { visibleTo: user }),
    });
  }

  private async finish(delivery: Delivery, what: string, expectAck = true): Promise<void> {
    await this.report(delivery, what, expectAck);
    await this.fillOpenForms();
  }

  /** Waits for the app to finish, then says so if it failed or never acknowledged the request. */
  private async report(delivery: Delivery, what: string, expectAck: boolean): Promise<void> {
    await this.settled();
    const { terminal, style } = this.deps;
    if (delivery.error) terminal.say(style.dim(`(The app failed on ${what}: ${String(delivery.error)})`));
    if (expectAck && !delivery.acked && !delivery.error) {
      terminal.say(
        style.dim(
          `(Nothing in the app acknowledged ${what}; Slack would report "operation_timeout". /help lists the shell's own commands.)`,
        ),
      );
    }
  }

  /** Asks every modal the app opened for the acting person, submitting each as Slack would. */
  private async fillOpenForms(): Promise<void> {
    const { terminal, style } = this.deps;
    const user = this.acting;
    let previous: StateValues | undefined;
    let errors: Record<string, string> | undefined;
    for (let view = this.conversation.topModal(user.id); view; view = this.conversation.topModal(user.id)) {
      const answer = await askModal(view, terminal, {
        render: this.printer.renderOptions(),
        context: this.askContext(),
        ...(previous ? { previous } : {}),
        ...(errors ? { errors } : {}),
      });
      previous = undefined;
      errors = undefined;
      if (answer.kind === 'cancel') {
        this.conversation.closeTopModal(user.id);
        terminal.say(style.dim(`(Closed "${textOf(view.title)}".)`));
        if (view.notify_on_close) {
          const closed = await this.receiver.deliver(viewClosedPayload({ user, view, isCleared: false }));
          await this.report(closed, 'closing the form', true);
        }
        continue;
      }
      const submitted = view;
      terminal.say(style.dim(`(Pressed "${textOf(view.submit) || 'Submit'}".)`));
      const delivery = await this.receiver.deliver(
        viewSubmissionPayload({
          user,
          view,
          values: answer.values,
          triggerId: this.conversation.issueTrigger(user.id),
        }),
      );
      await this.settled();
      if (delivery.error) terminal.say(style.dim(`(The app failed on the form: ${String(delivery.error)})`));
      const response = isObject(delivery.ackResponse) ? delivery.ackResponse : {};
      try {
        switch (response.response_action) {
          case 'errors':
            errors = isObject(response.errors) ? (response.errors as Record<string, string>) : {};
            previous = answer.values;
            break;
          case 'update':
            this.conversation.replaceTopModal(user.id, isObject(response.view) ? response.view : {});
            break;
          case 'push':
            this.conversation.pushModal(user.id, isObject(response.view) ? response.view : {});
            break;
          case 'clear':
            this.conversation.clearModals(user.id);
            break;
          default:
            if (!delivery.acked) {
              terminal.say(
                style.dim(
                  '(Nothing acknowledged the form; Slack would keep it open with an error. Closed here.)',
                ),
              );
            }
            if (this.conversation.topModal(user.id)?.id === submitted.id)
              this.conversation.closeTopModal(user.id);
        }
      } catch (error) {
        terminal.say(
          style.dim(`(Slack would refuse the app's answer to the form: ${(error as Error).message}.)`),
        );
        this.conversation.clearModals(user.id);
      }
    }
  }
}

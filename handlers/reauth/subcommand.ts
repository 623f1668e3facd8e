import type { WebClient } from '@slack/web-api';
import type { Services } from '../../src/services/index.js';
import type { Message } from '../../src/views/blocks.js';

/** What one `/reauth <name> ...` invocation gets to work with. */
export interface SubcommandContext {
  userId: string;
  channelId: string;
  /** Words after the subcommand name. */
  args: string[];
  /** The command's trigger, to open a form within Slack's 3 seconds; absent where nothing typed it. */
  triggerId?: string;
  services: Services;
  client: WebClient;
  /** Ephemeral to the person who typed the command, unless `inChannel`. */
  reply(message: Message, options?: { inChannel?: boolean }): Promise<void>;
}

export interface Subcommand {
  name: string;
  /** Shown in help, e.g. `status <account>`. */
  usage: string;
  summary: string;
  run(ctx: SubcommandContext): Promise<void>;
}

/** The person typed something the command cannot use; the message says what to type instead. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The account argument is every remaining word, so names with spaces work unquoted. */
export function requireAccount(args: readonly string[], usage: string): string {
  const account = args.join(' ').trim();
  if (!account) throw new UsageError('Which account? Give its id, name or Seller ID.', usage);
  return account;
}

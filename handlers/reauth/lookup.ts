import type { Lookup } from '../../src/services/accountService.js';
import { accountAmbiguous, accountNotFound } from '../../src/views/lookup.js';
import type { SubcommandContext } from './subcommand.js';

/** Replies for an account that matched nothing or several; returns the value when exactly one matched. */
export async function foundOrReply<T>(
  ctx: SubcommandContext,
  query: string,
  lookup: Lookup<T>,
): Promise<T | undefined> {
  if (lookup.kind === 'found') return lookup.value;
  await ctx.reply(
    lookup.kind === 'none'
      ? accountNotFound(query, lookup.suggestions)
      : accountAmbiguous(query, lookup.accounts),
  );
  return undefined;
}

/**
 * Values that look like secrets, wherever they turn up. A secret pasted into the wrong setting (a bot
 * token as a channel, the signing secret among the approvers) must be named in what is said about it,
 * never repeated: error messages end up in logs, terminals and tickets.
 */

/** The shapes, most specific first (xoxe.xoxp- is a configuration token); the first that matches names the value. */
const SHAPES: readonly [RegExp, string][] = [
  [/xoxe[.-]/i, 'a Slack refresh or configuration token (xoxe)'],
  [/xoxb-/i, 'a Slack bot token (xoxb-)'],
  [/xoxp-/i, 'a Slack user token (xoxp-)'],
  [/xapp-/i, 'a Slack app-level token (xapp-)'],
  [/xox[a-z][.-]/i, 'a Slack token (xox…)'],
  [/hooks\.slack\.com\/services\//i, 'a Slack webhook URL'],
  [/amzn\.mws\./i, 'an MWS Auth Token'],
  // Slack signing secrets (and client secrets) are 32 hex digits.
  [/(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])/i, 'a Slack signing secret (32 hex digits)'],
];

/** A secret the caller knows (e.g. the configured signing secret) and what to call it. */
export interface KnownSecret {
  value: string;
  name: string;
}

/** Shorter known values are not looked for inside others: they would match by chance. */
const MIN_KNOWN_LENGTH = 8;

/** What the text looks like when it holds a secret ("a Slack bot token (xoxb-)"), or undefined. */
export function secretShapeIn(text: string, known: readonly KnownSecret[] = []): string | undefined {
  for (const secret of known) {
    if (secret.value.length >= MIN_KNOWN_LENGTH && text.includes(secret.value))
      return `the value of ${secret.name}`;
  }
  return SHAPES.find(([shape]) => shape.test(text))?.[1];
}

/**
 * A value as shown back to a person: quoted, or, when it holds a secret, only what it looks like.
 * `"#reauth"`, or `a value that looks like a Slack bot token (xoxb-), not shown`.
 */
export function quotedUnlessSecret(text: string, known: readonly KnownSecret[] = []): string {
  const shape = secretShapeIn(text, known);
  return shape ? `a value that looks like ${shape}, not shown` : `"${text}"`;
}

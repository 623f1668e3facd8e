/** Slack mrkdwn control characters; escaping them means user input can never ping or link. */
export function escapeMrkdwn(text: string): string {
  // Most text has none of them; a digest escapes tens of thousands of names and IDs.
  if (!/[&<>]/.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ENGLISH = new Intl.PluralRules('en-US');

/**
 * The form of a word that goes with `n`: `one` for 1, `many` for 0, 2 and the rest. Also for verbs
 * and pronouns that agree with a count ("shows"/"show", "it"/"them").
 */
export function inflect(n: number, one: string, many = `${one}s`): string {
  return ENGLISH.select(n) === 'one' ? one : many;
}

/** A counted noun, the one way every answer writes one: "0 accounts", "1 account", "2,000 accounts". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${inflect(n, one, many)}`;
}

/** "A, B and C". */
export function listJoin(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/**
 * The Levenshtein distance when it is at most `max`, else some number above `max`; only the band of
 * width 2*max around the diagonal is computed, and it stops as soon as every path is too long.
 */
export function levenshteinWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const over = max + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = Math.min(j, over);
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(b.length, i + max);
    cur.fill(over);
    cur[0] = Math.min(i, over);
    let rowMin = cur[0] as number;
    for (let j = lo; j <= hi; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const d = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      cur[j] = Math.min(d, over);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return over;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] as number;
}

/**
 * Characters that act on a terminal or reorder text rather than show: the C0 and C1 controls (ESC
 * starts terminal commands, BEL rings, CR overwrites a line) and DEL, and the bidirectional
 * embeddings, overrides and isolates (U+202A-202E, U+2066-2069), which make text read other than it is.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROLS = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const WHITESPACE_CONTROLS = /[\t\n\v\f\r]/;

export interface ControlHandling {
  /** Control characters to leave as they are, such as "\n" for text of several lines. */
  keep?: string;
  /** Show each as `\u001B` instead of removing it, for output where its presence matters. */
  escape?: boolean;
}

/**
 * Text from outside (an import, a Slack reason, the store printed to a terminal) made inert: each
 * control or bidi character removed (a tab or line break becomes a space), or shown escaped.
 */
export function withoutControls(text: string, handling: ControlHandling = {}): string {
  CONTROLS.lastIndex = 0;
  if (!CONTROLS.test(text)) return text;
  const keep = handling.keep ?? '';
  return text.replace(CONTROLS, (char) => {
    if (keep.includes(char)) return char;
    if (handling.escape) return `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return WHITESPACE_CONTROLS.test(char) ? ' ' : '';
  });
}

// The one way this project writes a PowerShell string: a single-quoted literal, in which nothing
// expands. PowerShell reads ' and the Unicode quotes ‘ ’ ‚ ‛ all as single quotes, so every one of them
// is doubled; then no value can end the literal early.

/** Characters PowerShell treats as a single quote. */
export const SINGLE_QUOTE_CHARS = "'\u2018\u2019\u201A\u201B";

const SINGLE_QUOTE = /['\u2018\u2019\u201A\u201B]/g;

/** A single-quoted PowerShell string literal of `value`. */
export function psQuote(value: string): string {
  return `'${value.replace(SINGLE_QUOTE, (q) => q + q)}'`;
}

/** `'a','b'` for a multi-valued parameter. */
export function psList(values: readonly string[]): string {
  return values.map(psQuote).join(',');
}

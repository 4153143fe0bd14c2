// Text from a log, metabase or script shown in a Markdown hover. Such text is data: a HELO of
// `![p](https://evil.example/px.png)` must not fetch an image, `[x](command:…)` must not become a link, and a
// bare URL must not be linkified. Every hover puts foreign text through one of these two.

const MAX_SHOWN = 200;

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * `text` as literal Markdown prose: controls shown as `?`, every ASCII punctuation character backslash-escaped
 * (CommonMark allows that for all of them), which also breaks `://` and `www.` so nothing is auto-linked.
 */
export function markdownText(text: string, max = MAX_SHOWN): string {
  return shorten(text, max)
    .replace(CONTROLS, '?')
    .replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

/**
 * `text` as an inline code span. Backslash escapes do not work inside code spans, so a backtick (which would
 * end the span) is replaced by a look-alike and controls by the control-picture symbol.
 */
export function markdownCode(text: string, max = MAX_SHOWN): string {
  return `\`${shorten(text, max).replace(CONTROLS, '\u2400').replace(/`/g, 'ˋ')}\``;
}

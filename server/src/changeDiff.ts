// Several edits of a document, waiting for its model to catch up, replayed as one: the span between the
// texts' common prefix and common suffix. One re-parse then pays for a whole burst of keystrokes.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { RangeChange } from './languageService';

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/** True when a cut at `i` would split a CR LF pair or a surrogate pair of `text`. */
function splits(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return false;
  return (text[i - 1] === '\r' && text[i] === '\n') || isHighSurrogate(text.charCodeAt(i - 1));
}

/**
 * The single change that turns `before` into `after` (its range in the coordinates of `before`), or undefined
 * when the texts are equal. The cuts never split a line break or a character, so the range is one a client
 * could have sent.
 */
export function changeBetween(before: string, after: string): RangeChange | undefined {
  if (before === after) return undefined;
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  while (prefix > 0 && (splits(before, prefix) || splits(after, prefix))) prefix--;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  while (suffix > 0 && (splits(before, before.length - suffix) || splits(after, after.length - suffix))) suffix--;
  const old = TextDocument.create('', '', 0, before);
  return {
    range: { start: old.positionAt(prefix), end: old.positionAt(before.length - suffix) },
    text: after.slice(prefix, after.length - suffix),
  };
}

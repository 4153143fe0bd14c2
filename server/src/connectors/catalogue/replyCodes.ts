// Hover for reply and enhanced status codes quoted in a script's comments (`# fails with 550 5.7.64`), read from
// the one Exchange reply-code table every hover shares (common/exoReplyCodes.ts).
import { exoReplyCode, exoReplyMarkdown } from '../../common/exoReplyCodes';
import type { Span } from '../syntax/model';

/** How far back a block comment's `<#` is looked for (hover must stay cheap on huge files). */
const BLOCK_LOOKBACK = 65536;

function inComment(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (/(^|\s)#/.test(text.slice(lineStart, offset))) return true;
  const from = Math.max(0, offset - BLOCK_LOOKBACK);
  const open = text.lastIndexOf('<#', offset);
  return open >= from && text.lastIndexOf('#>', offset - 1) < open;
}

/** The explanation of the code under the cursor when it sits in a comment, with the code's span. */
export function replyCodeHover(text: string, offset: number): { markdown: string; span: Span } | undefined {
  let start = offset;
  while (start > 0 && /[0-9.]/.test(text[start - 1]!)) start--;
  let end = offset;
  while (end < text.length && /[0-9.]/.test(text[end]!)) end++;
  const word = text.slice(start, end).replace(/\.+$/, '');
  const entry = exoReplyCode(word);
  if (!entry || !inComment(text, start)) return undefined;
  return { markdown: exoReplyMarkdown(entry), span: { start, end: start + word.length } };
}

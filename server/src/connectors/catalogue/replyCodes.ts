// Hover for reply and enhanced status codes quoted in a script's comments (`# fails with 550 5.7.64`), read from
// data/replyCodes.json.
import table from './data/replyCodes.json';
import type { Span } from '../syntax/model';

interface ReplyCode {
  codes: string[];
  reply: string;
  meaning: string;
  action: string;
}

const BY_CODE = new Map<string, ReplyCode>();
for (const entry of (table as { codes: ReplyCode[] }).codes) for (const c of entry.codes) BY_CODE.set(c, entry);

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
  const entry = BY_CODE.get(word);
  if (!entry || !inComment(text, start)) return undefined;
  return { markdown: `**${entry.reply}**\n\n${entry.meaning}\n\n_What to do:_ ${entry.action}`, span: { start, end: start + word.length } };
}

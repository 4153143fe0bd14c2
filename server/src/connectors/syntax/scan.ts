// A small tokeniser for PowerShell command arguments. The tree-sitter grammar finds commands, but it loses
// arguments in common forms such as `-RemoteIPRanges 10.0.0.1, 10.0.0.2` (space after a comma), so the
// argument list of each connector command is read here from the command name to the end of its statement.
// Total: it never throws and never reads past `limit`.
import { SINGLE_QUOTE_CHARS } from '../../common/powershell';

export const SINGLE_QUOTES = SINGLE_QUOTE_CHARS;
export const DOUBLE_QUOTES = '"\u201C\u201D\u201E';
export const DASHES = '-\u2013\u2014\u2015';

export interface ArgToken {
  kind: 'word' | 'comma' | 'prompt';
  start: number;
  end: number;
}

export interface ScanResult {
  tokens: ArgToken[];
  /** Offset just after the last argument character (the logical end of the command). */
  end: number;
}


// The scanners below read character codes: they run over every argument of every command (a 2 MB script's
// address lists among them), where one-character strings and `includes` per character cost several times more.
const QUOTE_KIND = new Map<number, 1 | 2>([
  ...[...SINGLE_QUOTES].map((q) => [q.charCodeAt(0), 1] as const),
  ...[...DOUBLE_QUOTES].map((q) => [q.charCodeAt(0), 2] as const),
]);
/** 1 for a single quote, 2 for a double quote (typographic ones included), 0 for anything else. */
const quoteKind = (c: number): number => (c === 39 ? 1 : c === 34 ? 2 : c < 128 ? 0 : QUOTE_KIND.get(c) ?? 0);

const enum Ch {
  Tab = 9,
  Newline = 10,
  VTab = 11,
  FormFeed = 12,
  Return = 13,
  Space = 32,
  Hash = 35,
  Dollar = 36,
  Amp = 38,
  LParen = 40,
  RParen = 41,
  Comma = 44,
  Semicolon = 59,
  Less = 60,
  At = 64,
  LBracket = 91,
  RBracket = 93,
  Backtick = 96,
  LBrace = 123,
  Pipe = 124,
  RBrace = 125,
  Nbsp = 0xa0,
}

const isNewlineCode = (c: number): boolean => c === Ch.Newline || c === Ch.Return;
/** The blanks between PowerShell tokens (the one list: the one-character forms below are made from it). */
const isSpaceCode = (c: number): boolean => c === Ch.Space || c === Ch.Tab || c === Ch.Nbsp || c === Ch.FormFeed || c === Ch.VTab;
const isNewline = (c: string | undefined): boolean => c !== undefined && isNewlineCode(c.charCodeAt(0));
const isSpace = (c: string | undefined): boolean => c !== undefined && isSpaceCode(c.charCodeAt(0));

/** Skips a quoted string starting at `i` (on the opening quote); returns the offset after the closing quote. */
export function skipString(text: string, i: number, limit: number): number {
  const single = quoteKind(text.charCodeAt(i)) === 1;
  const want = single ? 1 : 2;
  let j = i + 1;
  while (j < limit) {
    const c = text.charCodeAt(j);
    if (!single && c === Ch.Backtick) {
      j += 2;
      continue;
    }
    if (!single && c === Ch.Dollar && text.charCodeAt(j + 1) === Ch.LParen) {
      j = skipGroup(text, j + 1, limit);
      continue;
    }
    if (quoteKind(c) === want) {
      if (quoteKind(text.charCodeAt(j + 1)) === want) {
        j += 2; // doubled quote = one literal quote
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return limit;
}

/** Skips a here-string `@'…'@` / `@"…"@` starting at `i` (on the `@`). */
function skipHereString(text: string, i: number, limit: number): number {
  const quote = text[i + 1]!;
  const close = new RegExp(`\\r?\\n${quote === "'" ? "'" : '"'}@`, 'g');
  close.lastIndex = i + 2;
  const m = close.exec(text);
  return m && m.index + m[0].length <= limit ? m.index + m[0].length : limit;
}

function isHereStringStart(text: string, i: number): boolean {
  if (text[i] !== '@' || (text[i + 1] !== "'" && text[i + 1] !== '"')) return false;
  let j = i + 2;
  while (isSpace(text[j])) j++;
  return isNewline(text[j]);
}

/** True when a `#` at `j` starts a comment (at the start of the text or after a blank, a line break or `;`). */
function startsComment(text: string, j: number): boolean {
  if (j === 0) return true;
  const p = text.charCodeAt(j - 1);
  return isSpaceCode(p) || isNewlineCode(p) || p === Ch.Semicolon;
}

/** Skips a bracketed group starting at `i` (on `(`, `{` or `[`), honouring strings and comments inside. */
export function skipGroup(text: string, i: number, limit: number): number {
  let depth = 0;
  let j = i;
  while (j < limit) {
    const c = text.charCodeAt(j);
    switch (c) {
      case Ch.LParen:
      case Ch.LBrace:
      case Ch.LBracket:
        depth++;
        break;
      case Ch.RParen:
      case Ch.RBrace:
      case Ch.RBracket:
        depth--;
        if (depth <= 0) return j + 1;
        break;
      case Ch.At:
        if (isHereStringStart(text, j)) {
          j = skipHereString(text, j, limit);
          continue;
        }
        break;
      case Ch.Backtick:
        j += 2;
        continue;
      case Ch.Less:
        if (text.charCodeAt(j + 1) === Ch.Hash) {
          const close = text.indexOf('#>', j + 2);
          j = close < 0 || close + 2 > limit ? limit : close + 2;
          continue;
        }
        break;
      case Ch.Hash:
        if (startsComment(text, j)) {
          while (j < limit && !isNewlineCode(text.charCodeAt(j))) j++;
          continue;
        }
        break;
      default:
        if (quoteKind(c) !== 0) {
          j = skipString(text, j, limit);
          continue;
        }
    }
    j++;
  }
  return limit;
}

/** True for a character that ends an argument word. */
function endsWord(c: number): boolean {
  return isSpaceCode(c) || isNewlineCode(c) || c === Ch.Semicolon || c === Ch.Pipe || c === Ch.Comma || c === Ch.RParen || c === Ch.RBrace;
}

/** Reads one argument word starting at `i`; returns the offset after it. */
function readWord(text: string, i: number, limit: number): number {
  let j = i;
  while (j < limit) {
    const c = text.charCodeAt(j);
    if (endsWord(c)) return j;
    if (c === Ch.Amp && text.charCodeAt(j + 1) === Ch.Amp) return j;
    if (quoteKind(c) !== 0) {
      j = skipString(text, j, limit);
    } else if (c === Ch.At && isHereStringStart(text, j)) {
      j = skipHereString(text, j, limit);
    } else if (c === Ch.LParen || c === Ch.LBrace || c === Ch.LBracket) {
      j = skipGroup(text, j, limit);
    } else if (c === Ch.Backtick) {
      if (isNewlineCode(text.charCodeAt(j + 1))) return j; // continuation glued to the word
      j += 2;
    } else {
      j++;
    }
  }
  return Math.min(j, limit);
}

/**
 * Tokenises the arguments of a command from `from` (just after the command name) to the end of its statement:
 * a newline without a continuation backtick, `;`, `|`, `&&`, `||`, an unbalanced `)` or `}`, a redirection, or `limit`.
 */
export function scanArguments(text: string, from: number, limit: number): ScanResult {
  const tokens: ArgToken[] = [];
  let i = from;
  let end = from;
  let lineContinued = false;
  limit = Math.min(limit, text.length);
  while (i < limit) {
    const c = text[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '`' && (isNewline(text[i + 1]) || i + 1 >= limit)) {
      i += text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 2;
      lineContinued = true;
      continue;
    }
    if (isNewline(c)) {
      if (tokens.length > 0 && tokens[tokens.length - 1]!.kind === 'comma') {
        i++;
        continue; // a trailing comma continues the array on the next line
      }
      break;
    }
    if (c === '<' && text[i + 1] === '#') {
      const close = text.indexOf('#>', i + 2);
      i = close < 0 || close + 2 > limit ? limit : close + 2;
      continue;
    }
    if (c === '#') break;
    if (c === ';' || c === '|' || c === ')' || c === '}') break;
    if (c === '&' && text[i + 1] === '&') break;
    if (c === '>' && text[i + 1] === '>' && lineContinued && onlySpaceBefore(text, i)) {
      tokens.push({ kind: 'prompt', start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if (c === '>' || c === '<') break;
    lineContinued = false;
    if (c === ',') {
      tokens.push({ kind: 'comma', start: i, end: i + 1 });
      i++;
      end = i;
      continue;
    }
    const wordEnd = readWord(text, i, limit);
    if (wordEnd <= i) break;
    if (/^\d?>/.test(text.slice(i, Math.min(i + 3, wordEnd)))) break; // 2>&1, 3>file: redirection
    tokens.push({ kind: 'word', start: i, end: wordEnd });
    i = wordEnd;
    end = wordEnd;
  }
  return { tokens, end };
}

function onlySpaceBefore(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && isSpace(text[j])) j--;
  return j < 0 || isNewline(text[j]);
}

/** True when a word is a parameter name (`-Name`, `-Name:value`), not a negative number or a lone dash. */
export function isParameterWord(word: string): boolean {
  return word.length > 1 && DASHES.includes(word[0]!) && /[A-Za-z_?]/.test(word[1]!);
}

/** Splits `-Name:value` into the name and the offset of the value inside the word (or -1). */
export function splitParameterWord(word: string): { name: string; valueOffset: number } {
  let k = 1;
  while (k < word.length && /[A-Za-z0-9_?]/.test(word[k]!)) k++;
  const name = word.slice(1, k);
  return word[k] === ':' ? { name, valueOffset: k + 1 } : { name: word.slice(1), valueOffset: -1 };
}

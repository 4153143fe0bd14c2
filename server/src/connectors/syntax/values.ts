// Literal values from argument text: strings, numbers, booleans, arrays, hashtables and variable references.
// Anything else (sub-expressions, member access, casts, expandable strings with variables) is `unknown`.
import type { HashEntry, Span, Value } from './model';
import { DOUBLE_QUOTES, SINGLE_QUOTES, scanArguments, skipGroup, skipString } from './scan';

const NUMBER = /^[+-]?(?:0x[0-9a-f]+|\d+(?:\.\d+)?(?:e[+-]?\d+)?)(kb|mb|gb|tb|pb)?[lLdD]?$/i;
const MULTIPLIERS: Record<string, number> = { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4, pb: 1024 ** 5 };
const SIMPLE_VARIABLE = /^\$([A-Za-z_][A-Za-z0-9_]*)$/;

function span(start: number, end: number): Span {
  return { start, end };
}

function unknown(text: string, start: number, end: number): Value {
  return { kind: 'unknown', text: text.slice(start, end), span: span(start, end) };
}

function numberValue(raw: string, start: number, end: number): Value | undefined {
  const m = NUMBER.exec(raw);
  if (!m) return undefined;
  const unit = m[1]?.toLowerCase();
  const body = raw.replace(/(kb|mb|gb|tb|pb)?[lLdD]?$/i, '');
  const base = /^[+-]?0x/i.test(body) ? Number.parseInt(body.replace(/^([+-]?)0x/i, '$1'), 16) : Number(body);
  if (!Number.isFinite(base)) return undefined;
  return { kind: 'number', value: unit ? base * MULTIPLIERS[unit]! : base, text: raw, span: span(start, end) };
}

/** Body of a single-quoted string (doubled quotes collapse), or undefined when the quotes do not close at `end`. */
function singleQuoted(text: string, start: number, end: number): string | undefined {
  if (skipString(text, start, end) !== end) return undefined;
  let out = '';
  for (let j = start + 1; j < end - 1; j++) {
    const c = text[j]!;
    out += c;
    if (SINGLE_QUOTES.includes(c) && SINGLE_QUOTES.includes(text[j + 1] ?? '')) j++;
  }
  return out;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b' };

/** Body of a double-quoted string without variables or sub-expressions, else undefined. */
function doubleQuoted(text: string, start: number, end: number): string | undefined {
  if (skipString(text, start, end) !== end) return undefined;
  let out = '';
  for (let j = start + 1; j < end - 1; j++) {
    const c = text[j]!;
    if (c === '`') {
      const n = text[j + 1] ?? '';
      out += ESCAPES[n] ?? n;
      j++;
    } else if (c === '$' && /[A-Za-z_{(:?^$]/.test(text[j + 1] ?? '')) {
      return undefined;
    } else if (DOUBLE_QUOTES.includes(c) && DOUBLE_QUOTES.includes(text[j + 1] ?? '')) {
      out += c;
      j++;
    } else {
      out += c;
    }
  }
  return out;
}

/** A bare command-mode word: backtick escapes resolved; undefined if it expands variables. */
function bareWord(raw: string): string | undefined {
  if (/\$[A-Za-z_{(:?]/.test(raw)) return undefined;
  return raw.replace(/`(.)/g, (_m, ch: string) => ESCAPES[ch] ?? ch);
}

/**
 * One primary (no top-level commas) from `text[start, end)`. `commandMode` treats bare words as strings,
 * as PowerShell does for command arguments; in expression mode a bare word would run a command (unknown).
 */
export function primaryValue(text: string, start: number, end: number, commandMode: boolean): Value {
  if (nesting >= MAX_NESTING) return unknown(text, start, end);
  nesting++;
  try {
    return primaryValueAt(text, start, end, commandMode);
  } finally {
    nesting--;
  }
}

/** Arrays and hashtables nested deeper than this are unknown (keeps recursion bounded on hostile input). */
const MAX_NESTING = 8;
let nesting = 0;

function primaryValueAt(text: string, start: number, end: number, commandMode: boolean): Value {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (start >= end) return unknown(text, start, end);
  const raw = text.slice(start, end);
  const c = raw[0]!;
  if (SINGLE_QUOTES.includes(c)) {
    const s = singleQuoted(text, start, end);
    return s === undefined ? unknown(text, start, end) : { kind: 'string', value: s, quoted: true, span: span(start, end) };
  }
  if (DOUBLE_QUOTES.includes(c)) {
    const s = doubleQuoted(text, start, end);
    return s === undefined ? unknown(text, start, end) : { kind: 'string', value: s, quoted: true, span: span(start, end) };
  }
  if (c === '$') {
    const lower = raw.toLowerCase();
    if (lower === '$true' || lower === '$false') return { kind: 'bool', value: lower === '$true', span: span(start, end) };
    if (lower === '$null') return { kind: 'null', span: span(start, end) };
    const m = SIMPLE_VARIABLE.exec(raw);
    return m ? { kind: 'variable', name: m[1]!.toLowerCase(), span: span(start, end) } : unknown(text, start, end);
  }
  if (raw.startsWith('@(') && skipGroup(text, start + 1, end) === end) {
    const inner = listValue(text, start + 2, end - 1, false);
    if (inner.kind === 'unknown') return unknown(text, start, end);
    const items = inner.kind === 'array' ? inner.items : [inner];
    return { kind: 'array', items, span: span(start, end) };
  }
  if (raw.startsWith('@{') && skipGroup(text, start + 1, end) === end) {
    const entries = hashEntries(text, start + 2, end - 1);
    if (entries) return { kind: 'hashtable', entries, span: span(start, end) };
    const lenient = hashEntries(text, start + 2, end - 1, true);
    return lenient ? { kind: 'hashtable', entries: lenient, span: span(start, end), partial: true } : unknown(text, start, end);
  }
  const num = numberValue(raw, start, end);
  if (num) return num;
  if (!commandMode || /^[([{@&.]/.test(c)) return unknown(text, start, end);
  const word = bareWord(raw);
  return word === undefined ? unknown(text, start, end) : { kind: 'string', value: word, quoted: false, span: span(start, end) };
}

/** A comma-separated list (an array when there is more than one item) from `text[start, end)`. */
export function listValue(text: string, start: number, end: number, commandMode: boolean): Value {
  const { tokens } = scanArguments(text, start, end);
  const items: Value[] = [];
  let expectItem = true;
  let consumed = start;
  for (const t of tokens) {
    if (t.kind === 'comma') {
      if (expectItem) return unknown(text, start, end);
      expectItem = true;
    } else if (t.kind === 'word') {
      if (!expectItem) return unknown(text, start, end); // two words without a comma: an expression we do not model
      items.push(primaryValue(text, t.start, t.end, commandMode));
      expectItem = false;
    } else {
      return unknown(text, start, end);
    }
    consumed = t.end;
  }
  if (text.slice(consumed, end).trim() !== '' || items.length === 0) return unknown(text, start, end);
  if (items.length === 1) return items[0]!;
  return { kind: 'array', items, span: span(items[0]!.span.start, items[items.length - 1]!.span.end) };
}

/** Entries of a hashtable body `k = v; k2 = v2` (newline-separated also), or undefined when not literal. */
export function hashEntries(text: string, start: number, end: number, lenient = false): HashEntry[] | undefined {
  const entries: HashEntry[] = [];
  let i = start;
  while (i < end) {
    while (i < end && /[\s;]/.test(text[i]!)) i++;
    if (i >= end) break;
    if (text[i] === '#') {
      while (i < end && text[i] !== '\n') i++;
      continue;
    }
    const keyEnd = SINGLE_QUOTES.includes(text[i]!) || DOUBLE_QUOTES.includes(text[i]!) ? skipString(text, i, end) : wordEnd(text, i, end);
    const keyValue = primaryValue(text, i, keyEnd, true);
    if (keyValue.kind !== 'string' && keyValue.kind !== 'number') {
      if (!lenient) return undefined;
      i = statementEnd(text, Math.max(keyEnd, i + 1), end);
      continue;
    }
    const key = keyValue.kind === 'string' ? keyValue.value : keyValue.text;
    const keySpan = span(i, keyEnd);
    let j = keyEnd;
    while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
    if (text[j] !== '=') {
      if (!lenient) return undefined;
      i = statementEnd(text, Math.max(j, i + 1), end);
      continue;
    }
    j++;
    const valueEnd = statementEnd(text, j, end);
    entries.push({ key, keySpan, value: listValue(text, j, valueEnd, false) });
    i = valueEnd;
  }
  return entries;
}

function wordEnd(text: string, i: number, end: number): number {
  let j = i;
  while (j < end && /[A-Za-z0-9_\-.]/.test(text[j]!)) j++;
  return j;
}

/** End of an expression inside a hashtable: the next `;` or newline at depth 0 (a trailing comma continues it). */
function statementEnd(text: string, i: number, end: number): number {
  let j = i;
  while (j < end) {
    const c = text[j]!;
    if (c === ';') return j;
    if (c === '\n' || c === '\r') {
      const before = text.slice(i, j).trimEnd();
      if (!before.endsWith(',') && !before.endsWith('`') && before !== '') return j;
      j++;
      continue;
    }
    if (SINGLE_QUOTES.includes(c) || DOUBLE_QUOTES.includes(c)) j = skipString(text, j, end);
    else if (c === '(' || c === '{' || c === '[') j = skipGroup(text, j, end);
    else if (c === '#' && /\s/.test(text[j - 1] ?? ' ')) return j;
    else j++;
  }
  return end;
}

/** Flattens a value into its leaf items (arrays expanded). */
export function leaves(value: Value | undefined): Value[] {
  if (!value) return [];
  return value.kind === 'array' ? value.items.flatMap((v) => leaves(v)) : [value];
}

/** The literal text of a scalar value (strings, numbers, booleans), else undefined. */
export function literalText(value: Value | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'string') return value.value;
  if (value.kind === 'number') return value.text;
  if (value.kind === 'bool') return value.value ? '$true' : '$false';
  return undefined;
}

export function isKnown(value: Value | undefined): boolean {
  if (!value) return true;
  if (value.kind === 'unknown' || value.kind === 'variable') return false;
  if (value.kind === 'array') return value.items.every(isKnown);
  if (value.kind === 'hashtable') return value.entries.every((e) => isKnown(e.value));
  return true;
}

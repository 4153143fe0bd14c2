// What is under the cursor: a connector command, the parameter whose name or value holds the cursor,
// and the word being typed.
import type { ParameterSpec } from '../catalogue/catalog';
import type { ConnectorCommand, ParameterUse, Span, Value } from '../syntax/model';
import { isParameterWord, scanArguments, splitParameterWord } from '../syntax/scan';
import type { ScriptModel } from '../syntax/script';
import { leaves } from '../syntax/values';

const within = (span: Span, offset: number): boolean => offset >= span.start && offset <= span.end;

/** The command whose arguments reach (or, when only blanks follow its last argument on the line, approach) `offset`. */
export function commandAt(model: ScriptModel, offset: number): ConnectorCommand | undefined {
  const cmds = model.commands;
  let lo = 0;
  let hi = cmds.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cmds[mid]!.span.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let i = found; i >= 0 && i >= found - 8; i--) {
    const c = cmds[i]!;
    if (within(c.span, offset)) return c;
    const gap = model.text.slice(c.span.end, offset);
    if (offset > c.span.end && gap.length < 200 && /^(?:[ \t]|`\r?\n)*[ \t]-?[A-Za-z]*$|^(?:[ \t]|`\r?\n)+$/.test(gap)) return c;
  }
  return undefined;
}

export interface ValueHit {
  use: ParameterUse;
  value: Value;
}

export function parameterNameAt(cmd: ConnectorCommand, offset: number): ParameterUse | undefined {
  return cmd.parameters.find((p) => p.nameSpan && p.source === 'named' && within(p.nameSpan, offset));
}

export function valueAt(cmd: ConnectorCommand, offset: number): ValueHit | undefined {
  for (const use of cmd.parameters) {
    if (!use.value || use.source === 'pipeline') continue;
    const items = use.value.kind === 'hashtable' ? use.value.entries.flatMap((e) => leaves(e.value)) : leaves(use.value);
    const hit = items.find((v) => within(v.span, offset));
    if (hit) return { use, value: hit };
  }
  return undefined;
}

export interface TypingContext {
  /** Range of the word being typed (may be empty). */
  wordStart: number;
  word: string;
  /** The parameter whose value is being typed, when the cursor is in a value position. */
  valueFor?: ParameterSpec;
  /** True when the typed word is (the start of) a parameter name. */
  parameterName: boolean;
}

/** Reads the arguments between the command name and `offset` to tell a parameter name from a value position. */
export function typingContext(model: ScriptModel, cmd: ConnectorCommand, offset: number): TypingContext {
  const text = model.text;
  let wordStart = offset;
  while (wordStart > cmd.nameSpan.end && !/[\s,]/.test(text[wordStart - 1]!)) wordStart--;
  const word = text.slice(wordStart, offset);
  if (/^[-\u2013\u2014\u2015][A-Za-z]*$/.test(word)) return { wordStart, word, parameterName: true };
  const { tokens } = scanArguments(text, cmd.nameSpan.end, wordStart);
  let i = tokens.length - 1;
  // skip a list already under way: `-P a, b, |`
  while (i >= 1 && tokens[i]!.kind === 'comma' && tokens[i - 1]!.kind === 'word') {
    const w = text.slice(tokens[i - 1]!.start, tokens[i - 1]!.end);
    if (isParameterWord(w)) break;
    i -= 2;
  }
  const prev = tokens[i];
  if (prev && prev.kind === 'word') {
    const w = text.slice(prev.start, prev.end);
    if (isParameterWord(w)) {
      const { name } = splitParameterWord(w);
      const spec = cmd.entry.byLowerName.get(name.toLowerCase()) ?? cmd.entry.allParameters.find((p) => p.name.toLowerCase().startsWith(name.toLowerCase()));
      if (spec && spec.type !== 'switch') return { wordStart, word, valueFor: spec, parameterName: false };
    }
  }
  return { wordStart, word, parameterName: false };
}

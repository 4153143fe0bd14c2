// Assembles the script model from per-unit facts: resolves script-level literal variables and splatted
// hashtables, binds named, positional, splatted and pipeline parameters, and keeps pasted-prompt spans.
import { findCmdlet, matchParameter, type CmdletEntry } from '../catalogue/catalog';
import type { RawAssignment, RawCommand, UnitFacts } from './extract';
import type { ConnectorCommand, HashEntry, ParameterUse, Span, UnknownCmdletUse, Value } from './model';
import { isParameterWord, splitParameterWord, type ArgToken } from './scan';
import type { ScriptFinding } from '../catalogue/codes';
import { shiftCommand, shiftFindings } from './shift';
import { closest } from '../catalogue/suggest';
import { listValue, primaryValue } from './values';

export interface PlacedUnit {
  start: number;
  facts: UnitFacts;
}

export interface ScriptModel {
  text: string;
  commands: ConnectorCommand[];
  unknownCmdlets: UnknownCmdletUse[];
  /** Script-level variables whose value is statically known (lower-case name → value). */
  variables: Map<string, Value>;
  /** Hashtable variables splatted into connector cmdlets (lower-case name → key spans), for completion. */
  splattedHashtables: Map<string, { entry: CmdletEntry; span: Span }>;
}

interface VariableFacts {
  plain: { value: Value; start: number; span: Span; raw: RawAssignment }[];
  memberSets: { key: string; keySpan: Span; value: Value; start: number; raw: RawAssignment }[];
  dynamic: boolean;
  hashtableSpan?: Span;
}

const PLAIN = /^(?:\[[^\]]*\]\s*)*\$([A-Za-z_][A-Za-z0-9_]*)$/;
const MEMBER = /^\$([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/;
const ELEMENT = /^\$([A-Za-z_][A-Za-z0-9_]*)\[\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\2\s*\]$/;
const ANY_VARIABLE = /\$([A-Za-z_][A-Za-z0-9_]*)/g;

function collectVariables(text: string, units: PlacedUnit[]): Map<string, VariableFacts> {
  const vars = new Map<string, VariableFacts>();
  const get = (name: string): VariableFacts => {
    let v = vars.get(name);
    if (!v) vars.set(name, (v = { plain: [], memberSets: [], dynamic: false }));
    return v;
  };
  for (const { start: base, facts } of units) {
    for (const name of facts.boundVariables) get(name).dynamic = true;
    for (const a of facts.assignments) addAssignment(text, base, a, get);
  }
  return vars;
}

/**
 * Adds a `value` read on first use: most assignments in a script never reach a connector command, and a
 * hostile one (a hashtable nested 100 000 deep) should cost nothing unless it does.
 */
function lazyValue<T extends object>(target: T, text: string, start: number, end: number): T & { value: Value } {
  let value: Value | undefined;
  return Object.defineProperty(target, 'value', {
    get: () => (value ??= listValue(text, start, end, false)),
    enumerable: true,
  }) as T & { value: Value };
}

function addAssignment(text: string, base: number, a: RawAssignment, get: (name: string) => VariableFacts): void {
  const left = a.left.trim();
  const valueStart = base + a.valueStart;
  const valueEnd = base + a.valueEnd;
  let m = PLAIN.exec(left);
  if (m && a.operator === '=') {
    get(m[1]!.toLowerCase()).plain.push(
      lazyValue({ start: base + a.start, span: { start: valueStart, end: valueEnd }, raw: a }, text, valueStart, valueEnd),
    );
    return;
  }
  m = MEMBER.exec(left) ?? ELEMENT.exec(left);
  if (m && a.operator === '=') {
    const key = m[m.length - 1]!;
    const keyOffset = left.lastIndexOf(key);
    const keyStart = base + a.start + keyOffset;
    get(m[1]!.toLowerCase()).memberSets.push(
      lazyValue({ key, keySpan: { start: keyStart, end: keyStart + key.length }, start: base + a.start, raw: a }, text, valueStart, valueEnd),
    );
    return;
  }
  for (const v of left.matchAll(ANY_VARIABLE)) get(v[1]!.toLowerCase()).dynamic = true;
}

/** A variable's value at `offset`, when it has exactly one plain assignment before it and nothing dynamic. */
function staticValue(vars: Map<string, VariableFacts>, name: string, offset: number, depth = 0): Value | undefined {
  const v = vars.get(name);
  if (!v || v.dynamic || v.plain.length !== 1 || depth > 8) return undefined;
  const def = v.plain[0]!;
  if (def.start > offset) return undefined;
  let value = def.value;
  if (value.kind === 'variable') return staticValue(vars, value.name, def.start, depth + 1);
  if (value.kind === 'hashtable') {
    const later = v.memberSets.filter((s) => s.start > def.start && s.start < offset);
    if (later.length > 0) {
      const entries: HashEntry[] = [...value.entries];
      for (const s of later) {
        const i = entries.findIndex((e) => e.key.toLowerCase() === s.key.toLowerCase());
        const entry = { key: s.key, keySpan: s.keySpan, value: s.value };
        if (i >= 0) entries[i] = entry;
        else entries.push(entry);
      }
      value = { ...value, entries };
    }
  } else if (v.memberSets.length > 0) {
    return undefined;
  }
  return value;
}

/** Replaces variable references by their static values (spans moved to the reference), else unknown. */
function resolve(value: Value, vars: Map<string, VariableFacts>, at: number, text: string): Value {
  switch (value.kind) {
    case 'variable': {
      const found = staticValue(vars, value.name, at);
      if (!found || found.kind === 'hashtable') {
        return { kind: 'unknown', text: text.slice(value.span.start, value.span.end), span: value.span };
      }
      return relocate(resolve(found, vars, at, text), value.span, `$${value.name}`);
    }
    case 'array':
      return { ...value, items: value.items.map((i) => resolve(i, vars, at, text)) };
    case 'hashtable':
      return { ...value, entries: value.entries.map((e) => ({ ...e, value: resolve(e.value, vars, at, text) })) };
    default:
      return value;
  }
}

function relocate(value: Value, span: Span, via: string): Value {
  const own = { start: span.start, end: span.end };
  if (value.kind === 'array') return { ...value, span: own, via, items: value.items.map((i) => relocate(i, span, via)) };
  if (value.kind === 'hashtable') return { ...value, span: own, entries: value.entries.map((e) => ({ key: e.key, keySpan: { ...e.keySpan }, value: relocate(e.value, span, via) })) };
  if (value.kind === 'variable') return { ...value, span: own };
  return { ...value, span: own, via };
}

interface Element {
  kind: 'param' | 'arg' | 'splat';
  token: ArgToken;
  name?: string;
  colonValue?: Value;
  value?: Value;
}

/** Reads an argument starting at token `i`: a word plus any `, word` continuation. */
function takeArgument(text: string, tokens: ArgToken[], i: number, first?: { start: number }): { value: Value; next: number } {
  const start = first?.start ?? tokens[i]!.start;
  let j = i + 1;
  let end = tokens[i]!.end;
  while (j + 1 < tokens.length && tokens[j]!.kind === 'comma' && tokens[j + 1]!.kind === 'word') {
    end = tokens[j + 1]!.end;
    j += 2;
  }
  if (j < tokens.length && tokens[j]!.kind === 'comma') j++; // dangling comma
  const value = j === i + 1 ? primaryValue(text, start, end, true) : listValue(text, start, end, true);
  return { value, next: j };
}

function elementsOf(text: string, tokens: ArgToken[], entry: CmdletEntry | undefined): { elements: Element[]; prompts: Span[] } {
  const elements: Element[] = [];
  const prompts: Span[] = [];
  const words = tokens.filter((t) => {
    if (t.kind === 'prompt') prompts.push({ start: t.start, end: t.end });
    return t.kind !== 'prompt';
  });
  let i = 0;
  while (i < words.length) {
    const t = words[i]!;
    if (t.kind === 'comma') {
      i++;
      continue;
    }
    const word = text.slice(t.start, t.end);
    if (isParameterWord(word)) {
      const { name, valueOffset } = splitParameterWord(word);
      const el: Element = { kind: 'param', token: t, name };
      i++;
      if (valueOffset >= 0 && t.start + valueOffset < t.end) {
        const synthetic: ArgToken[] = [{ kind: 'word', start: t.start + valueOffset, end: t.end }, ...words.slice(i)];
        const taken = takeArgument(text, synthetic, 0);
        el.colonValue = taken.value;
        i += taken.next - 1;
      } else if (valueOffset >= 0) {
        if (i < words.length && words[i]!.kind === 'word') {
          const taken = takeArgument(text, words, i);
          el.colonValue = taken.value;
          i = taken.next;
        }
      } else {
        const match = entry ? matchParameter(entry, name) : undefined;
        const isSwitch = match && (match.kind === 'exact' || match.kind === 'prefix') && match.spec.type === 'switch';
        const nextWord = i < words.length && words[i]!.kind === 'word' ? text.slice(words[i]!.start, words[i]!.end) : undefined;
        if (!isSwitch && nextWord !== undefined && !isParameterWord(nextWord)) {
          const taken = takeArgument(text, words, i);
          el.value = taken.value;
          i = taken.next;
        }
      }
      elements.push(el);
      continue;
    }
    if (/^@[A-Za-z_][A-Za-z0-9_]*$/.test(word)) {
      elements.push({ kind: 'splat', token: t, name: word.slice(1).toLowerCase() });
      i++;
      continue;
    }
    const taken = takeArgument(text, words, i);
    elements.push({ kind: 'arg', token: t, value: taken.value });
    i = taken.next;
  }
  return { elements, prompts };
}

function paramUse(entry: CmdletEntry, written: string, source: ParameterUse['source'], nameSpan: Span | undefined, value: Value | undefined, colon: boolean): ParameterUse {
  const m = matchParameter(entry, written);
  const spec = m.kind === 'exact' || m.kind === 'prefix' ? m.spec : undefined;
  if (spec || m.kind !== 'none') return { written, spec, source, nameSpan, value, colon };
  // a misspelt name stays an error, but the rules read it as the parameter it is closest to, so that
  // correcting the typo does not reveal a security finding that was hidden until then
  const near = closest(written, entry.allParameters.map((p) => p.name));
  const assumed = near ? entry.byLowerName.get(near.toLowerCase()) : undefined;
  return { written, spec, assumed, source, nameSpan, value, colon };
}

/** Identity-like value of a command (its -Identity, -Name, or first positional), for pipeline binding. */
export function identityOf(cmd: ConnectorCommand): Value | undefined {
  const find = (n: string) => cmd.parameters.find((p) => p.spec?.name === n)?.value;
  return find('Identity') ?? find('Name');
}

function bindCommand(text: string, base: number, raw: RawCommand, entry: CmdletEntry, vars: Map<string, VariableFacts>, splatted: ScriptModel['splattedHashtables']): ConnectorCommand {
  const abs = (t: ArgToken): ArgToken => ({ kind: t.kind, start: t.start + base, end: t.end + base });
  const tokens = raw.tokens.map(abs);
  const { elements, prompts } = elementsOf(text, tokens, entry);
  const at = base + raw.nameStart;
  const cmd: ConnectorCommand = {
    entry,
    written: raw.name,
    nameSpan: { start: base + raw.nameStart, end: base + raw.nameEnd },
    span: { start: base + raw.nameStart, end: base + raw.end },
    parameters: [],
    extraPositional: [],
    opaqueSplat: false,
    pipelineUnknown: raw.upstream === -2,
    prompts,
  };
  const positional: Value[] = [];
  for (const el of elements) {
    if (el.kind === 'param') {
      const value = el.colonValue ?? el.value;
      cmd.parameters.push(paramUse(entry, el.name!, 'named', { start: el.token.start, end: el.token.start + 1 + el.name!.length }, value && resolve(value, vars, at, text), el.colonValue !== undefined));
    } else if (el.kind === 'splat') {
      const table = staticValue(vars, el.name!, at);
      if (table?.kind === 'hashtable') {
        splatted.set(el.name!, { entry, span: table.span });
        if (table.partial) cmd.opaqueSplat = true;
        for (const e of table.entries) {
          // copies: the same hashtable may be splatted into several commands, each shifted on its own
          cmd.parameters.push(paramUse(entry, e.key, 'splat', { ...e.keySpan }, resolve(structuredClone(e.value), vars, at, text), false));
        }
      } else {
        cmd.opaqueSplat = true;
      }
    } else if (el.value) {
      positional.push(resolve(el.value, vars, at, text));
    }
  }
  const positionalSpecs = entry.spec.parameters.filter((p) => p.position !== undefined).sort((a, b) => a.position! - b.position!);
  for (const value of positional) {
    const spec = positionalSpecs.find((p) => !cmd.parameters.some((u) => u.spec?.name === p.name));
    if (spec) cmd.parameters.push({ written: spec.name, spec, source: 'positional', value, colon: false });
    else cmd.extraPositional.push(value);
  }
  return cmd;
}

/** A bound command kept between versions, with the local findings computed for it (per target role). */
export interface BindCacheEntry {
  base: number;
  fingerprint: string;
  cmd: ConnectorCommand;
  splats: string[];
  findings: Map<string, ScriptFinding[]>;
  /** What the command received from the pipeline when `findings` were computed (see pipelineInput). */
  pipelineInput?: string;
}
export type BindCache = WeakMap<RawCommand, BindCacheEntry>;

/** The cache entry of a bound command, where its local findings are kept. */
export const cacheEntryOf = new WeakMap<ConnectorCommand, BindCacheEntry>();

const ids = new WeakMap<object, number>();
let nextId = 1;
const idOf = (o: object): number => {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
};

/** The variable names a command's text refers to (`$name`, `@name`), lower-case, in order, repeats kept. */
function referencedNames(text: string, start: number, end: number): string[] {
  const slice = text.slice(start, end);
  if (!slice.includes('$') && !slice.includes('@')) return [];
  return [...slice.matchAll(/[$@]([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!.toLowerCase());
}

/**
 * The names each command refers to, kept with its facts: a command whose unit is unchanged is the same object in
 * the next version, and its text (up to its end inside the unit) the same, so the script is not searched again
 * on every keystroke. A command whose arguments run past its own node's end (recovered from a syntax error) reads
 * text outside it, so its names are searched each time.
 */
const namesOfCommand = new WeakMap<RawCommand, string[]>();

/** What a command's binding depends on outside itself: the definitions of the variables it names, relative to it. */
function fingerprint(text: string, raw: RawCommand, start: number, end: number, vars: Map<string, VariableFacts>): string {
  let names = namesOfCommand.get(raw);
  if (!names) {
    names = referencedNames(text, start, end);
    if (raw.end <= raw.nodeEnd) namesOfCommand.set(raw, names);
  }
  let out = '';
  for (const name of names) {
    const v = vars.get(name);
    if (!v) {
      out += `${name}:-;`;
      continue;
    }
    out += `${name}:${v.dynamic ? 'd' : ''}${v.plain.map((p) => `${idOf(p.raw)}@${p.start - start}`).join(',')}|${v.memberSets.map((p) => `${idOf(p.raw)}@${p.start - start}`).join(',')};`;
  }
  return out;
}

/** The pipeline-derived part of a command, which its local findings read but its fingerprint does not cover. */
function pipelineInput(cmd: ConnectorCommand): string {
  const piped = cmd.parameters.filter((p) => p.source === 'pipeline');
  if (piped.length === 0) return String(cmd.pipelineUnknown); // most commands: no JSON to write
  return JSON.stringify([cmd.pipelineUnknown, piped.map((p) => p.value)]);
}

/** The script model; `cache` (kept by the caller between versions) lets unchanged commands be reused. */
export function buildScriptModel(text: string, units: PlacedUnit[], cache?: BindCache): ScriptModel {
  const vars = collectVariables(text, units);
  const functions = new Set(units.flatMap((u) => u.facts.functions));
  const model: ScriptModel = { text, commands: [], unknownCmdlets: [], variables: new Map(), splattedHashtables: new Map() };
  const recovered: Span[] = [];
  for (const { start: base, facts } of units) {
    const local: (ConnectorCommand | undefined)[] = [];
    for (const raw of facts.commands) {
      const nameStart = base + raw.nameStart;
      if (recovered.some((r) => nameStart >= r.start && nameStart < r.end)) {
        local.push(undefined);
        continue;
      }
      if (raw.end > raw.nodeEnd) recovered.push({ start: base + raw.nodeEnd, end: base + raw.end });
      const entry = findCmdlet(raw.name);
      if (!entry) {
        local.push(undefined);
        if (!functions.has(raw.name.toLowerCase())) model.unknownCmdlets.push({ written: raw.name, nameSpan: { start: nameStart, end: base + raw.nameEnd } });
        continue;
      }
      const fp = cache ? fingerprint(text, raw, nameStart, base + raw.end, vars) : '';
      const hit = cache?.get(raw);
      let cmd: ConnectorCommand;
      if (hit && hit.fingerprint === fp) {
        const delta = nameStart - hit.cmd.nameSpan.start;
        if (delta !== 0) {
          shiftCommand(hit.cmd, delta);
          shiftFindings(hit.findings, delta);
        }
        hit.base = base;
        cmd = hit.cmd;
        cmd.pipelineFrom = undefined;
        // pipeline input depends on the upstream command, outside this one: derived again below
        cmd.parameters = cmd.parameters.filter((p) => p.source !== 'pipeline');
        cmd.pipelineUnknown = raw.upstream === -2;
        for (const name of hit.splats) {
          const table = staticValue(vars, name, nameStart);
          if (table?.kind === 'hashtable') model.splattedHashtables.set(name, { entry, span: table.span });
        }
      } else {
        cmd = bindCommand(text, base, raw, entry, vars, model.splattedHashtables);
        const splats = raw.tokens.map((t) => text.slice(base + t.start, base + t.end)).filter((w) => /^@[A-Za-z_][A-Za-z0-9_]*$/.test(w)).map((w) => w.slice(1).toLowerCase());
        const created: BindCacheEntry = { base, fingerprint: fp, cmd, splats, findings: new Map() };
        cache?.set(raw, created);
        cacheEntryOf.set(cmd, created);
      }
      if (raw.upstream >= 0) {
        const up = local[raw.upstream];
        if (up) cmd.pipelineFrom = up;
        else cmd.pipelineUnknown = true;
      }
      if ((cmd.pipelineFrom || cmd.pipelineUnknown) && !cmd.parameters.some((p) => p.spec?.name === 'Identity')) {
        const identity = entry.byLowerName.get('identity');
        if (identity) {
          const upstream = cmd.pipelineFrom ? identityOf(cmd.pipelineFrom) : undefined;
          const value = upstream ? (structuredClone(upstream) as Value) : undefined;
          cmd.parameters.push({ written: 'Identity', spec: identity, source: 'pipeline', value: value ?? { kind: 'unknown', text: '(pipeline)', span: { ...cmd.nameSpan } }, colon: false });
        }
      }
      if (cache) {
        const input = pipelineInput(cmd);
        if (hit && hit.cmd === cmd && input !== hit.pipelineInput) hit.findings.clear();
        cache.get(raw)!.pipelineInput = input;
      }
      local.push(cmd);
      model.commands.push(cmd);
    }
  }
  for (const [name] of vars) {
    const v = staticValue(vars, name, Number.MAX_SAFE_INTEGER);
    if (v) model.variables.set(name, v);
  }
  return model;
}

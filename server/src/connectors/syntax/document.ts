// One open PowerShell document: its syntax tree, kept up to date incrementally with tree.edit() and a
// re-parse that reuses the old tree, and the per-unit facts cache keyed by each unit's text.
import type { Node, Parser, Tree } from 'web-tree-sitter';
import type { LoadedGrammar } from './grammar';
import { newParser } from './grammar';
import { extractUnits, type UnitFacts, type UnitSpan } from './extract';
import { buildScriptModel, type BindCache, type PlacedUnit, type ScriptModel } from './script';

export interface TextChange {
  /** Offset of the change start (same before and after the change). */
  start: number;
  /** Length of the replaced text in the old document. */
  oldLength: number;
  /** Inserted text. */
  text: string;
  startPosition: { row: number; column: number };
  oldEndPosition: { row: number; column: number };
}

/** The document that built a model, so analysis can reach the document's caches. */
export const modelOwners = new WeakMap<ScriptModel, ConnectorDocument>();

/** Above this many dirty units, captures are collected once over the whole tree instead of per unit. */
const BULK_THRESHOLD = 64;

function endPosition(start: { row: number; column: number }, inserted: string): { row: number; column: number } {
  const lines = inserted.split(/\r\n|\r|\n/);
  if (lines.length === 1) return { row: start.row, column: start.column + inserted.length };
  return { row: start.row + lines.length - 1, column: lines[lines.length - 1]!.length };
}

function topLevelUnits(root: Node): Node[] {
  if (root.type !== 'program') return [root]; // the whole text is one ERROR
  const out: Node[] = [];
  for (const child of root.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'statement_list') {
      for (const s of child.namedChildren) if (s && s.type !== 'comment') out.push(s);
    } else out.push(child);
  }
  return out;
}

/** True when only blanks separate `offset` from the end of its line, a `;` or a comment. */
function atStatementEnd(text: string, offset: number): boolean {
  let j = offset;
  while (text[j] === ' ' || text[j] === '\t') j++;
  const c = text[j];
  return c === undefined || c === '\n' || c === '\r' || c === ';' || c === '#';
}

export class ConnectorDocument {
  private parser: Parser;
  private tree: Tree | null;
  private text: string;
  private cache = new Map<string, UnitFacts>();
  private placed: PlacedUnit[] = [];
  private script?: ScriptModel;
  /** Facts of re-parsed regions after grammar gaps, by region text (unit offsets relative to the region). */
  private regionCache = new Map<string, { offset: number; end: number; facts: UnitFacts }[]>();
  private regionNext = new Map<string, { offset: number; end: number; facts: UnitFacts }[]>();
  /** Bound commands and their findings, reused across versions (see script.ts). */
  readonly bindCache: BindCache = new WeakMap();

  constructor(grammar: LoadedGrammar, text: string) {
    this.parser = newParser(grammar);
    this.text = text;
    this.tree = this.safeParse(text, null);
    this.refreshUnits();
  }

  get currentText(): string {
    return this.text;
  }

  get syntaxTree(): Tree | null {
    return this.tree;
  }

  private safeParse(text: string, old: Tree | null): Tree | null {
    try {
      return this.parser.parse(text, old);
    } catch {
      return null;
    }
  }

  /** Applies one change: edits the old tree, re-parses incrementally and refreshes only changed units. */
  applyChange(change: TextChange, newText: string): void {
    const old = this.tree;
    if (old) {
      old.edit({
        startIndex: change.start,
        oldEndIndex: change.start + change.oldLength,
        newEndIndex: change.start + change.text.length,
        startPosition: change.startPosition,
        oldEndPosition: change.oldEndPosition,
        newEndPosition: endPosition(change.startPosition, change.text),
      });
    }
    this.text = newText;
    this.tree = this.safeParse(newText, old);
    old?.delete();
    this.refreshUnits();
  }

  /** Replaces the whole text (full sync). */
  replaceAll(newText: string): void {
    this.tree?.delete();
    this.text = newText;
    this.tree = this.safeParse(newText, null);
    this.refreshUnits();
  }

  private refreshUnits(): void {
    this.script = undefined;
    if (!this.tree) {
      this.placed = [];
      this.cache.clear();
      return;
    }
    const nodes = topLevelUnits(this.tree.rootNode);
    const next = new Map<string, UnitFacts>();
    const placed: PlacedUnit[] = [];
    const dirty: { index: number; span: UnitSpan; key: string }[] = [];
    for (const node of nodes) {
      const start = node.startIndex;
      const end = node.endIndex;
      const key = this.text.slice(start, end);
      const cached = this.cache.get(key);
      if (cached && cached.cacheable) {
        // identical units (repeated blocks) must not share command objects: the bind cache is keyed by them
        const facts = next.has(key) ? { ...cached, commands: cached.commands.map((c) => ({ ...c })) } : cached;
        next.set(key, next.get(key) ?? cached);
        placed.push({ start, facts });
      } else {
        dirty.push({ index: placed.length, span: { node, start, end }, key });
        placed.push({ start, facts: { commands: [], assignments: [], boundVariables: [], functions: [], cacheable: false, gaps: [] } });
      }
    }
    const store = (d: (typeof dirty)[number], facts: UnitFacts) => {
      placed[d.index] = { start: d.span.start, facts };
      if (facts.cacheable && !next.has(d.key)) next.set(d.key, facts);
    };
    if (dirty.length > BULK_THRESHOLD) {
      const facts = extractUnits(this.text, this.tree.rootNode, dirty.map((d) => d.span));
      dirty.forEach((d, i) => store(d, facts[i]!));
    } else {
      for (const d of dirty) store(d, extractUnits(this.text, d.span.node, [d.span])[0]!);
    }
    this.cache = next;
    this.regionNext = new Map();
    this.placed = this.resumeAfterGaps(placed, placed.map((_p, i) => nodes[i]!.endIndex), 0);
    this.regionCache = this.regionNext;
  }

  /**
   * After a command whose arguments were recovered past a grammar gap (see extract.ts), the grammar may have
   * folded the following statements into an expression; the text from the command's logical end to the end
   * of the unit holding it is parsed again on its own, and its units replace that unit.
   */
  private resumeAfterGaps(placed: PlacedUnit[], ends: number[], depth: number): PlacedUnit[] {
    if (depth > 8 || !placed.some((p) => p.facts.gaps.length > 0 || p.facts.commands.some((c) => c.gap))) return placed;
    const out: PlacedUnit[] = [];
    let resume = -1;
    for (let i = 0; i < placed.length; i++) {
      const p = placed[i]!;
      const end = ends[i]!;
      for (;;) {
        if (resume >= p.start && resume < end) {
          const own = p.facts.commands.filter((c) => p.start + c.nameStart < resume);
          if (own.length > 0) out.push({ start: p.start, facts: { ...p.facts, commands: own, cacheable: false, gaps: [] } });
          // an ERROR can end inside a statement (the next unit starts mid-line): take the rest of that line too
          let regionEnd = end;
          while (i + 1 < placed.length && !atStatementEnd(this.text, regionEnd)) regionEnd = ends[++i]!;
          out.push(...this.parseRegion(resume, regionEnd, depth));
          resume = -1;
          break;
        }
        let next = resume;
        for (const c of p.facts.commands) if (c.gap) next = Math.max(next, p.start + c.end);
        for (const g of p.facts.gaps) next = Math.max(next, p.start + g);
        if (next !== resume && next >= p.start && next < end) {
          resume = next; // the gap ends inside this same unit: split it there
          continue;
        }
        out.push(p);
        resume = next;
        break;
      }
    }
    return out;
  }

  private parseRegion(start: number, end: number, depth: number): PlacedUnit[] {
    const sub = this.text.slice(start, end);
    let parts = this.regionNext.get(sub) ? undefined : this.regionCache.get(sub);
    if (this.regionNext.has(sub)) {
      // the same region text twice in one version: fresh command objects (the bind cache is keyed by them)
      parts = this.regionNext.get(sub)!.map((p) => ({ ...p, facts: { ...p.facts, commands: p.facts.commands.map((c) => ({ ...c })) } }));
    }
    if (!parts) {
      parts = this.extractRegion(sub);
      if (!parts) return [];
    }
    if (!this.regionNext.has(sub)) this.regionNext.set(sub, parts);
    const placed = parts.map((p) => ({ start: start + p.offset, facts: p.facts }));
    return this.resumeAfterGaps(placed, parts.map((p) => start + p.end), depth + 1);
  }

  private extractRegion(sub: string): { offset: number; end: number; facts: UnitFacts }[] | undefined {
    let tree: Tree | null = null;
    try {
      tree = this.parser.parse(sub);
      if (!tree) return undefined;
      const nodes = topLevelUnits(tree.rootNode);
      const spans: UnitSpan[] = nodes.map((node) => ({ node, start: node.startIndex, end: node.endIndex }));
      const facts = extractUnits(sub, tree.rootNode, spans);
      return facts.map((f, i) => ({ offset: spans[i]!.start, end: spans[i]!.end, facts: f }));
    } catch {
      return undefined;
    } finally {
      tree?.delete();
    }
  }

  /** The assembled script model (computed once per version). */
  model(): ScriptModel {
    this.script ??= buildScriptModel(this.text, this.placed, this.bindCache);
    modelOwners.set(this.script, this);
    return this.script;
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = null;
    this.parser.delete();
    this.cache.clear();
  }
}

// Facts about one top-level statement ("unit") of a script, read from its syntax tree: connector commands
// with their scanned arguments, assignments, parameters and function names. Offsets are relative to the
// unit's start so that an unchanged unit's facts can be reused after edits elsewhere (see document.ts).
import type { Node } from 'web-tree-sitter';
import { walkInteresting, type Found } from './walk';
import { CATALOG_NOUNS, findCmdlet, isOtherKnownCmdlet } from '../catalogue/catalog';
import { scanArguments, type ArgToken, type ScanResult } from './scan';

export interface RawCommand {
  name: string;
  nameStart: number;
  nameEnd: number;
  tokens: ArgToken[];
  /** End of the last argument. */
  end: number;
  /** End of the tree's command node; less than `end` when the arguments were recovered past a grammar error. */
  nodeEnd: number;
  /**
   * The tree and the argument scan disagree about where the command ends (a grammar gap): the text after `end`
   * up to the end of the unit is parsed again (see document.ts).
   */
  gap: boolean;
  /** Index (in this unit's `commands`) of the upstream pipeline stage; -1 when there is none; -2 when it is not a modelled command. */
  upstream: number;
  known: boolean;
}

/**
 * A command whose name spans `nameNode` inside `node` (the same node for a name left alone in an ERROR node),
 * offsets made relative to `base`. `gap`: its arguments were read past its node, or its node holds text after them.
 */
function commandFact(text: string, name: string, nameNode: Node, node: Node, scan: ScanResult, base: number, upstream: number): RawCommand {
  const end = Math.max(scan.end, nameNode.endIndex);
  return {
    name,
    nameStart: nameNode.startIndex - base,
    nameEnd: nameNode.endIndex - base,
    tokens: scan.tokens.map((t) => ({ kind: t.kind, start: t.start - base, end: t.end - base })),
    end: end - base,
    nodeEnd: node.endIndex - base,
    gap: scan.end > node.endIndex || /[^\s`]/.test(text.slice(end, node.endIndex)),
    upstream,
    known: findCmdlet(name) !== undefined,
  };
}

export interface RawAssignment {
  /** Left side as written, e.g. `$p`, `$p.Key`, `$p['Key']`, `[string]$x`. */
  left: string;
  operator: string;
  start: number;
  valueStart: number;
  valueEnd: number;
}

export interface UnitFacts {
  commands: RawCommand[];
  assignments: RawAssignment[];
  /** Variables bound from outside the script's static view (param blocks, foreach variables), lower-case. */
  boundVariables: string[];
  /** Function names defined in the unit, lower-case. */
  functions: string[];
  /** False when facts depend on text outside the unit (argument recovery past a grammar error). */
  cacheable: boolean;
  /** Ends (relative to the unit) of ordinary commands read past a grammar gap: analysis resumes there. */
  gaps: number[];
}

/** Cmdlet names worth modelling: catalogue cmdlets, and unknown ones with a catalogue noun (typos, invented verbs). */
export function isConnectorName(name: string): boolean {
  if (findCmdlet(name)) return true;
  const dash = name.indexOf('-');
  if (dash <= 0 || isOtherKnownCmdlet(name)) return false;
  return CATALOG_NOUNS.has(name.slice(dash + 1).toLowerCase());
}

const RECOVERY_WINDOW = 4096;
/** Longer command names are not cmdlet names (and are not copied out of the tree). */
const MAX_NAME = 128;
/** How far the arguments of an ordinary (non-connector) command are read when looking for a grammar gap. */
const ORDINARY_WINDOW = 1024;

export interface UnitSpan {
  node: Node;
  start: number;
  end: number;
}

/**
 * Extracts facts for several units at once. `captureRoot` is searched once (the whole tree on a first parse,
 * or one unit); each capture is assigned to the unit containing it.
 */
export function extractUnits(text: string, captureRoot: Node, units: UnitSpan[]): UnitFacts[] {
  const facts: UnitFacts[] = units.map(() => ({ commands: [], assignments: [], boundVariables: [], functions: [], cacheable: true, gaps: [] }));
  if (units.length === 0) return facts;
  const commandIndexById = new Map<number, { unit: number; index: number }>();
  const starts = units.map((u) => u.start);
  const unitOf = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return offset >= units[lo]!.start && offset < Math.max(units[lo]!.end, units[lo]!.start + 1) ? lo : -1;
  };
  walkInteresting(captureRoot, new Set(units.map((x) => x.node.id)), (found: Found) => {
    const node = found.node;
    const u = unitOf(node.startIndex);
    if (u < 0) return;
    const unit = units[u]!;
    const f = facts[u]!;
    const base = unit.start;
    switch (found.kind) {
      case 'command': {
        const nameNode = node.childForFieldName('command_name');
        // `& { … }` names its command with an expression as long as the rest of the script: not a cmdlet
        if (!nameNode || nameNode.type !== 'command_name' || nameNode.endIndex - nameNode.startIndex > MAX_NAME) break;
        const name = nameNode.text;
        const recovering = found.insideError || /^[ \t]*,/.test(text.slice(node.endIndex, node.endIndex + 40));
        if (!isConnectorName(name)) {
          if (recovering || node.hasError) noteGap(text, f, unit, nameNode.endIndex, node.endIndex);
          break;
        }
        let upstream = -1;
        const prev = found.previous;
        if (prev) {
          const known = prev.type === 'command' ? commandIndexById.get(prev.id) : undefined;
          upstream = known && known.unit === u ? known.index : -2;
        }
        const limit = recovering ? node.endIndex + RECOVERY_WINDOW : node.endIndex;
        const scan = scanArguments(text, nameNode.endIndex, limit);
        if (scan.end > unit.end) f.cacheable = false;
        commandIndexById.set(node.id, { unit: u, index: f.commands.length });
        f.commands.push(commandFact(text, name, nameNode, node, scan, base, upstream));
        break;
      }
      case 'orphan': {
        // A command name left directly inside an ERROR node (e.g. while a parameter is half typed).
        if (node.endIndex - node.startIndex > MAX_NAME) break;
        const name = node.text;
        if (!isConnectorName(name)) {
          noteGap(text, f, unit, node.endIndex, node.endIndex);
          break;
        }
        const scan = scanArguments(text, node.endIndex, node.endIndex + RECOVERY_WINDOW);
        if (scan.end > unit.end) f.cacheable = false;
        f.commands.push(commandFact(text, name, node, node, scan, base, -1));
        break;
      }
      case 'assign': {
        const left = node.namedChild(0);
        const op = node.namedChildren.find((c) => c?.type === 'assignement_operator');
        const value = node.childForFieldName('value');
        if (!left || !op || !value) break;
        f.assignments.push({
          left: left.text,
          operator: op.text,
          start: node.startIndex - base,
          valueStart: value.startIndex - base,
          valueEnd: value.endIndex - base,
        });
        break;
      }
      case 'param':
      case 'foreach':
        f.boundVariables.push(node.text.slice(1).toLowerCase());
        break;
      case 'function':
        f.functions.push(node.text.toLowerCase());
        break;
      default:
        break;
    }
  });
  return facts;
}

/**
 * Ordinary PowerShell the grammar cannot read (`Format-Table Name, Bindings`: a space after a comma) folds the
 * statements after it into an ERROR node. Its arguments are scanned like a connector command's, and the text
 * after them is parsed again (see document.ts), so later connector commands are still analysed.
 */
function noteGap(text: string, f: UnitFacts, unit: UnitSpan, argsFrom: number, nodeEnd: number): void {
  const limit = argsFrom + ORDINARY_WINDOW; // bounded: nested broken commands must not each scan the rest of the text
  const scan = scanArguments(text, argsFrom, limit);
  if (scan.end >= limit || scan.end >= unit.end) return;
  if (scan.end > nodeEnd || /[^\s`]/.test(text.slice(scan.end, nodeEnd))) f.gaps.push(scan.end - unit.start);
}

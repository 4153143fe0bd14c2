// Moves every offset held by a cached command (and its findings) by `delta`, in place, so that an unchanged
// command after an edit is reused instead of re-read. Walks the known shapes only; no span object is shared
// between commands or within one (script.ts copies spans it would otherwise share).
import type { ScriptFinding } from '../catalogue/codes';
import type { ConnectorCommand, Span, Value } from './model';

function span(s: Span | undefined, d: number): void {
  if (s) {
    s.start += d;
    s.end += d;
  }
}

export function shiftValue(v: Value | undefined, d: number): void {
  if (!v) return;
  span(v.span, d);
  if (v.kind === 'array') for (const i of v.items) shiftValue(i, d);
  else if (v.kind === 'hashtable') {
    for (const e of v.entries) {
      span(e.keySpan, d);
      shiftValue(e.value, d);
    }
  }
}

export function shiftCommand(cmd: ConnectorCommand, d: number): void {
  if (d === 0) return;
  span(cmd.nameSpan, d);
  span(cmd.span, d);
  for (const p of cmd.parameters) {
    span(p.nameSpan, d);
    shiftValue(p.value, d);
  }
  for (const v of cmd.extraPositional) shiftValue(v, d);
  for (const p of cmd.prompts) span(p, d);
}

export function shiftFindings(findings: Map<string, ScriptFinding[]>, d: number): void {
  if (d === 0) return;
  for (const list of findings.values()) {
    for (const f of list) {
      f.start += d;
      f.end += d;
      for (const fx of f.fixes ?? []) for (const e of fx.edits) span(e, d);
    }
  }
}

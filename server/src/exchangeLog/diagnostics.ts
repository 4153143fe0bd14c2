// Diagnostics of an open protocol log: line problems from the parser plus session findings, capped.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Settings } from '../settings';
import { findingMessage } from './analyze';
import { EXLOG_CODES } from './codes';
import type { ExDocumentModel } from './documentModel';

export const EXLOG_DIAGNOSTIC_SOURCE = 'exchange-protocol-log';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

interface Located {
  line: number;
  start: number;
  make: () => Diagnostic;
}

const range = (line: number, start: number, end: number): Diagnostic['range'] => ({ start: { line, character: start }, end: { line, character: Math.max(end, start) } });

export function exchangeLogDiagnostics(model: ExDocumentModel, settings: Settings): Diagnostic[] {
  const found: Located[] = [];
  for (const { line, problem: p } of model.problems) {
    found.push({ line, start: p.start, make: () => ({ range: range(line, p.start, p.end), severity: SEVERITY[p.severity], code: p.code, source: EXLOG_DIAGNOSTIC_SOURCE, message: p.message }) });
  }
  for (const f of model.findings) {
    const info = EXLOG_CODES[f.key];
    found.push({
      line: f.line,
      start: f.start,
      make: () => ({ range: range(f.line, f.start, f.end), severity: SEVERITY[info.severity], code: info.code, source: EXLOG_DIAGNOSTIC_SOURCE, message: findingMessage(f, model.relayConnectors) }),
    });
  }
  found.sort((a, b) => a.line - b.line || a.start - b.start);
  const cap = settings.maxDiagnostics;
  const out = found.slice(0, cap).map((f) => f.make());
  if (found.length > cap) {
    const last = found[cap - 1]!;
    out.push({
      range: range(last.line, 0, 0),
      severity: DiagnosticSeverity.Information,
      code: EXLOG_CODES.capReached.code,
      source: EXLOG_DIAGNOSTIC_SOURCE,
      message: `Showing the first ${cap} of ${found.length} problems in this file. Raise iisSmtp.maxDiagnostics to see more, or use "node dist/cli.js check" for the full list.`,
    });
  }
  return out;
}

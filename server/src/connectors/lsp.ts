// Conversions between the connector findings (offsets) and LSP types.
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Severity } from './codes';
import type { Span } from './model';

export const DIAGNOSTIC_SOURCE = 'IIS SMTP connectors';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Anything with `positionAt`, so the same code serves TextDocument and plain-text analysis. */
export type Positions = Pick<TextDocument, 'positionAt' | 'offsetAt'>;

export function toRange(doc: Positions, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(Math.max(span.start, span.end)) };
}

export function toDiagnostic(doc: Positions, f: Finding): Diagnostic {
  return { range: toRange(doc, f), severity: SEVERITY[f.severity], code: f.code, source: DIAGNOSTIC_SOURCE, message: f.message };
}

export function toDiagnostics(doc: Positions, findings: Finding[], max: number): Diagnostic[] {
  const out = findings.slice(0, max).map((f) => toDiagnostic(doc, f));
  if (findings.length > max) {
    out.push({
      range: toRange(doc, findings[max]!),
      severity: DiagnosticSeverity.Information,
      code: 'CONNECTOR000',
      source: DIAGNOSTIC_SOURCE,
      message: `${findings.length - max} more connector findings are not shown (iisSmtp.maxDiagnostics is ${max}).`,
    });
  }
  return out;
}

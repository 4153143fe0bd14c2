// The LSP edge of the diagnostic vocabulary: findings (common/finding.ts) become LSP diagnostics here and
// nowhere else, when a language service answers the host.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { Finding, Severity } from './common/finding';

export const LSP_SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** One finding of the document `uri` as an LSP diagnostic labelled with the language's `source`. */
export function toLspDiagnostic(f: Finding, uri: string, source: string): Diagnostic {
  const d: Diagnostic = { range: f.range, severity: LSP_SEVERITY[f.severity], code: f.code, source, message: f.message };
  if (f.related?.length) d.relatedInformation = f.related.map((r) => ({ location: { uri, range: r.range }, message: r.message }));
  return d;
}

export function toLspDiagnostics(findings: readonly Finding[], uri: string, source: string): Diagnostic[] {
  return findings.map((f) => toLspDiagnostic(f, uri, source));
}

// Findings → LSP diagnostics (positions, severity, code, related information, cap).
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CODES } from './codes';
import type { Finding } from './findings';
import type { MetabaseModel } from './model';
import { ruleFindings } from './rules';
import { structuralFindings } from './structure';

export const SOURCE = 'IIS SMTP metabase';

export function allFindings(model: MetabaseModel): Finding[] {
  // A value set on the service can be reported once per virtual server that inherits it; keep one.
  const seen = new Set<string>();
  return [...structuralFindings(model), ...ruleFindings(model)].filter((f) => {
    const id = `${f.code}\u0000${f.start}\u0000${f.end}\u0000${f.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

export function toDiagnostics(findings: readonly Finding[], doc: TextDocument, maxDiagnostics: number): Diagnostic[] {
  const sorted = [...findings].sort((a, b) => (a.severity ?? CODES[a.code].severity) - (b.severity ?? CODES[b.code].severity) || a.start - b.start);
  const kept = sorted.slice(0, maxDiagnostics).sort((a, b) => a.start - b.start);
  const out: Diagnostic[] = kept.map((f) => {
    const related: DiagnosticRelatedInformation[] | undefined = f.related?.map((r) => ({
      location: { uri: doc.uri, range: { start: doc.positionAt(r.start), end: doc.positionAt(r.end) } },
      message: r.message,
    }));
    const d: Diagnostic = {
      range: { start: doc.positionAt(f.start), end: doc.positionAt(Math.max(f.end, f.start)) },
      severity: f.severity ?? CODES[f.code].severity,
      code: CODES[f.code].code,
      source: SOURCE,
      message: f.message,
    };
    if (related && related.length > 0) d.relatedInformation = related;
    return d;
  });
  if (findings.length > maxDiagnostics) {
    out.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information,
      source: SOURCE,
      message: `${findings.length - maxDiagnostics} more problems are not shown (iisSmtp.maxDiagnostics = ${maxDiagnostics}); errors and warnings are shown first.`,
    });
  }
  return out;
}

export function metabaseDiagnostics(model: MetabaseModel, doc: TextDocument, maxDiagnostics: number): Diagnostic[] {
  return toDiagnostics(allFindings(model), doc, maxDiagnostics);
}

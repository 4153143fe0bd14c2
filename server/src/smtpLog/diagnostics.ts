// Diagnostics of an open SMTP log: line problems from the parser plus session findings, capped.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Settings } from '../settings';
import { SMTPLOG_CODES } from './codes';
import { lineText, type LogDocumentModel } from './documentModel';
import { AcceptedDomainInference, publicRelayFindings, sessionFindings, type Finding } from './sessionRules';
import type { LineProblem } from './types';

export const DIAGNOSTIC_SOURCE = 'iis-smtp-log';

const SEVERITY: Record<LineProblem['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

interface Located {
  line: number;
  make: () => Diagnostic;
}

export function logDiagnostics(model: LogDocumentModel, doc: TextDocument, settings: Settings): Diagnostic[] {
  const found: Located[] = [];
  model.entries.forEach((e, line) => {
    if (e.kind === 'blank' || !e.problems) return;
    for (const p of e.problems) found.push({ line, make: () => fromProblem(p, line, doc) });
  });
  const { sessions } = model.sessions();
  const explicit = settings.acceptedDomains;
  let accepted = explicit;
  if (accepted.length === 0) {
    const inference = new AcceptedDomainInference();
    for (const s of sessions) inference.add(s);
    accepted = inference.result();
  }
  for (const s of sessions) {
    for (const f of sessionFindings(s, explicit)) found.push({ line: f.line, make: () => fromFinding(f, doc) });
    for (const f of publicRelayFindings(s, accepted)) found.push({ line: f.line, make: () => fromFinding(f, doc) });
  }
  found.sort((a, b) => a.line - b.line);
  const cap = settings.maxDiagnostics;
  const diagnostics = found.slice(0, cap).map((f) => f.make());
  if (found.length > cap) {
    diagnostics.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information,
      code: SMTPLOG_CODES.capReached.code,
      source: DIAGNOSTIC_SOURCE,
      message: `Showing the first ${cap} of ${found.length} problems in this file. Raise iisSmtp.maxDiagnostics to see more, or use "node dist/cli.js check" for the full list.`,
    });
  }
  return diagnostics;
}

function lineRange(doc: TextDocument, line: number, start: number, end: number): Diagnostic['range'] {
  const length = lineText(doc, line).length;
  const s = Math.max(0, Math.min(start, length));
  const e = Math.max(s, Math.min(end, length));
  return { start: { line, character: s }, end: { line, character: e === s && length > s ? length : e } };
}

function fromProblem(p: LineProblem, line: number, doc: TextDocument): Diagnostic {
  return { range: lineRange(doc, line, p.start, p.end), severity: SEVERITY[p.severity], code: p.code, source: DIAGNOSTIC_SOURCE, message: p.message };
}

function fromFinding(f: Finding, doc: TextDocument): Diagnostic {
  const text = lineText(doc, f.line);
  let start = 0;
  let end = text.length;
  if (f.needle) {
    const at = text.toLowerCase().indexOf(f.needle.toLowerCase());
    if (at >= 0) {
      start = at;
      end = at + f.needle.length;
    }
  }
  const diagnostic: Diagnostic = {
    range: lineRange(doc, f.line, start, end),
    severity: SEVERITY[f.info.severity],
    code: f.info.code,
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
  };
  if (f.related?.length) {
    diagnostic.relatedInformation = f.related.map((r) => ({
      location: { uri: doc.uri, range: lineRange(doc, r.line, 0, Number.MAX_SAFE_INTEGER) },
      message: r.message,
    }));
  }
  return diagnostic;
}

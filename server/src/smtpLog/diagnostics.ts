// Diagnostics of an open SMTP log: line problems from the parser plus session findings, capped.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Settings } from '../settings';
import { SMTPLOG_CODES } from './codes';
import { lineText, type LogDocumentModel } from './documentModel';
import { AcceptedDomainInference, publicRelayFindings, sessionFindings, type Finding } from './sessionRules';
import type { LineProblem, Session } from './types';

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

/**
 * Findings are cached on each session: after an edit only regrouped sessions (new objects) are
 * evaluated again, and all are when the accepted domains (configured or inferred) change.
 */
interface SessionCache {
  /** The rules key the findings were computed under. */
  key: string;
  findings: Finding[];
  senderDomains: string[] | undefined;
}
const CACHE = Symbol('findings');
type CachedSession = Session & { [CACHE]?: SessionCache };

function cacheOf(s: Session): SessionCache {
  const c = s as CachedSession;
  return (c[CACHE] ??= { key: '\u0000', findings: [], senderDomains: undefined });
}

export function logDiagnostics(model: LogDocumentModel, doc: TextDocument, settings: Settings): Diagnostic[] {
  const found: Located[] = [];
  for (const e of model.withProblems) {
    const line = e.line;
    for (const p of e.problems ?? []) found.push({ line, make: () => fromProblem(p, line, doc) });
  }
  const { sessions } = model.sessions();
  const explicit = settings.acceptedDomains;
  let accepted = explicit;
  if (accepted.length === 0) {
    const domains = new Set<string>();
    for (const s of sessions) {
      const cache = cacheOf(s);
      if (!cache.senderDomains) {
        const one = new AcceptedDomainInference();
        one.add(s);
        cache.senderDomains = one.result();
      }
      for (const d of cache.senderDomains) domains.add(d);
    }
    accepted = [...domains].sort();
  }
  const key = `${explicit.join(',')}|${accepted.join(',')}`;
  for (const s of sessions) {
    const cache = cacheOf(s);
    if (cache.key !== key) {
      cache.key = key;
      cache.findings = sessionFindings(s, explicit).concat(publicRelayFindings(s, accepted));
    }
    for (const f of cache.findings) found.push({ line: f.line, make: () => fromFinding(f, doc) });
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

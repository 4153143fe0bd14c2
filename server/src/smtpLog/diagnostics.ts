// Findings of an open SMTP log: line problems from the parser plus session findings, capped.
import { capFindings, type Finding, type Range } from '../common/finding';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Settings } from '../settings';
import { SMTPLOG_CODES } from './codes';
import { lineText, type LogDocumentModel, type SessionIndex } from './documentModel';
import { inferAcceptedDomains, sessionDomainEvidence } from '../traffic/domains';
import { relayFindings, sessionFindings, type SessionFinding } from './sessionRules';
import type { LineProblem, Session } from './types';

interface Located {
  line: number;
  make: () => Finding;
}

/**
 * Findings are cached on each session: after an edit only regrouped sessions (new objects) are
 * evaluated again, and all are when the accepted domains (configured or inferred) change.
 */
interface SessionCache {
  /** The rules key the findings were computed under. */
  key: string;
  findings: SessionFinding[];
  /** The session's first line when the findings were computed (sessions move as a whole on edits above). */
  firstLine: number;
  senderDomains: string[] | undefined;
}
const CACHE = Symbol('findings');
type CachedSession = Session & { [CACHE]?: SessionCache };

function cacheOf(s: Session): SessionCache {
  const c = s as CachedSession;
  return (c[CACHE] ??= { key: '\u0000', findings: [], firstLine: s.firstLine, senderDomains: undefined });
}

/**
 * Per document: how many sessions name each inferred accepted domain, and the sessions that have
 * findings. After an edit only the regrouped sessions are counted in or out.
 */
interface Aggregate {
  generation: number;
  explicitKey: string;
  acceptedKey: string;
  domainCounts: Map<string, number>;
  withFindings: Set<Session>;
}
const aggregates = new WeakMap<LogDocumentModel, Aggregate>();

function senderDomains(s: Session): string[] {
  const cache = cacheOf(s);
  // The session's accepted-domain evidence keys (traffic/domains.ts), counted per document.
  if (!cache.senderDomains) cache.senderDomains = sessionDomainEvidence(s);
  return cache.senderDomains;
}

function count(counts: Map<string, number>, s: Session, delta: number): void {
  for (const d of senderDomains(s)) {
    const n = (counts.get(d) ?? 0) + delta;
    if (n > 0) counts.set(d, n);
    else counts.delete(d);
  }
}

function sessionsWithFindings(model: LogDocumentModel, index: SessionIndex, explicit: readonly string[]): Iterable<Session> {
  const explicitKey = explicit.join(',');
  let agg = aggregates.get(model);
  const fresh = !agg || agg.explicitKey !== explicitKey || !(agg.generation === index.generation || (agg.generation === index.generation - 1 && index.change));
  if (fresh || !agg) {
    agg = { generation: index.generation, explicitKey, acceptedKey: '\u0000', domainCounts: new Map(), withFindings: new Set() };
    aggregates.set(model, agg);
    for (const s of index.sessions) count(agg.domainCounts, s, 1);
  } else if (agg.generation !== index.generation && index.change) {
    for (const s of index.change.removed) {
      count(agg.domainCounts, s, -1);
      agg.withFindings.delete(s);
    }
    for (const s of index.change.added) count(agg.domainCounts, s, 1);
  }
  const accepted = explicit.length > 0 ? explicit : inferAcceptedDomains(agg.domainCounts).inferred.map((d) => d.domain);
  const key = `${explicitKey}|${accepted.join(',')}`;
  const evaluate = (s: Session): void => {
    const cache = cacheOf(s);
    if (cache.key !== key) {
      cache.key = key;
      cache.findings = sessionFindings(s, explicit).concat(relayFindings(s, accepted));
      cache.firstLine = s.firstLine;
    }
    if (cache.findings.length > 0) agg!.withFindings.add(s);
    else agg!.withFindings.delete(s);
  };
  if (fresh || agg.acceptedKey !== key) {
    agg.withFindings.clear();
    for (const s of index.sessions) evaluate(s);
  } else if (agg.generation !== index.generation && index.change) {
    for (const s of index.change.added) evaluate(s);
  }
  agg.acceptedKey = key;
  agg.generation = index.generation;
  return agg.withFindings;
}

export function logFindings(model: LogDocumentModel, doc: TextDocument, settings: Settings): Finding[] {
  const found: Located[] = [];
  for (const e of model.withProblems) {
    const line = e.line;
    for (const p of e.problems ?? []) found.push({ line, make: () => fromProblem(p, line, doc) });
  }
  const index = model.sessions();
  for (const session of sessionsWithFindings(model, index, settings.acceptedDomains)) {
    const cache = cacheOf(session);
    const offset = session.firstLine - cache.firstLine;
    for (const f of cache.findings) {
      const moved = offset === 0 ? f : { ...f, line: f.line + offset, related: f.related?.map((r) => ({ ...r, line: r.line + offset })) };
      found.push({ line: moved.line, make: () => fromSessionFinding(moved, doc) });
    }
  }
  found.sort((a, b) => a.line - b.line);
  return capFindings(found, settings.maxDiagnostics, SMTPLOG_CODES.capReached, (f) => f.make());
}

function lineRange(doc: TextDocument, line: number, start: number, end: number): Range {
  const length = lineText(doc, line).length;
  const s = Math.max(0, Math.min(start, length));
  const e = Math.max(s, Math.min(end, length));
  return { start: { line, character: s }, end: { line, character: e === s && length > s ? length : e } };
}

function fromProblem(p: LineProblem, line: number, doc: TextDocument): Finding {
  return { code: p.code, severity: p.severity, message: p.message, range: lineRange(doc, line, p.start, p.end) };
}

function fromSessionFinding(f: SessionFinding, doc: TextDocument): Finding {
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
  const finding: Finding = { code: f.info.code, severity: f.info.severity, message: f.message, range: lineRange(doc, f.line, start, end) };
  if (f.related?.length) finding.related = f.related.map((r) => ({ range: lineRange(doc, r.line, 0, Number.MAX_SAFE_INTEGER), message: r.message }));
  return finding;
}

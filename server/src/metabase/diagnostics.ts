// Rule findings (offsets) → located Findings (positions, severity, code, related information), capped.
import { capFindings, keptByCap, SEVERITY_RANK, spanRange, type Finding, type Positions, type Severity } from '../common/finding';
import { CAP_REACHED, CODES } from './codes';
import type { SpanFinding } from './findings';
import type { MetabaseModel } from './model';
import { ruleFindings } from './rules';
import { structuralFindings } from './structure';

export function allFindings(model: MetabaseModel): SpanFinding[] {
  // A value set on the service can be reported once per virtual server that inherits it; keep one.
  const seen = new Set<string>();
  return [...structuralFindings(model), ...ruleFindings(model)].filter((f) => {
    const id = `${f.code}\u0000${f.start}\u0000${f.end}\u0000${f.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

const severityOf = (f: SpanFinding): Severity => f.severity ?? CODES[f.code].severity;

function locate(f: SpanFinding, doc: Positions): Finding {
  const finding: Finding = {
    code: CODES[f.code].code,
    severity: severityOf(f),
    message: f.message,
    range: spanRange(doc, f.start, f.end),
  };
  if (f.related?.length) finding.related = f.related.map((r) => ({ range: spanRange(doc, r.start, r.end), message: r.message }));
  return finding;
}

/** Text order; at one offset the more severe first. */
const byStart = (findings: readonly SpanFinding[]): SpanFinding[] => [...findings].sort((a, b) => a.start - b.start || SEVERITY_RANK[severityOf(a)] - SEVERITY_RANK[severityOf(b)]);

/** The findings in text order, capped with errors and warnings kept first. */
export function metabaseFindings(model: MetabaseModel, doc: Positions, maxDiagnostics: number): Finding[] {
  return capFindings(byStart(allFindings(model)), maxDiagnostics, CAP_REACHED, (f) => locate(f, doc), severityOf);
}

/** For `check`: the findings the cap keeps (errors and warnings first) without the cap note, and how many there were. */
export function metabaseCheckFindings(model: MetabaseModel, doc: Positions, maxDiagnostics: number): { findings: Finding[]; total: number } {
  const all = byStart(allFindings(model));
  return { findings: keptByCap(all, maxDiagnostics, severityOf).map((f) => locate(f, doc)), total: all.length };
}

// Script findings (offsets) located as Findings (common/finding.ts), and spans as ranges.
import { capFindings, spanRange, type Finding, type Positions, type Range } from '../../common/finding';
import { CAP_REACHED, type ScriptFinding } from '../catalogue/codes';
import type { Span } from '../syntax/model';

export function toRange(doc: Positions, span: Span): Range {
  return spanRange(doc, span.start, span.end);
}

export function locateFinding(doc: Positions, f: ScriptFinding): Finding {
  return { code: f.code, severity: f.severity, message: f.message, range: toRange(doc, f) };
}

/** The script's findings located, capped at `max` with the one cap note (errors kept first, as in a metabase). */
export function connectorFindings(doc: Positions, findings: readonly ScriptFinding[], max: number): Finding[] {
  return capFindings(findings, max, CAP_REACHED, (f) => locateFinding(doc, f), (f) => f.severity);
}

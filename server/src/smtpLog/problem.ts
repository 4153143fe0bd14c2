// Line problems: made by the parsers while reading a line, located as findings by the features.
import type { CodeInfo, Finding } from '../common/finding';
import type { LineProblem } from './types';

export function problem(info: CodeInfo, message: string, start: number, end: number): LineProblem {
  return { code: info.code, severity: info.severity, message, start, end };
}

/** A line problem as a finding on 0-based `line` (columns as the parser gave them). */
export function problemFinding(p: LineProblem, line: number): Finding {
  return { code: p.code, severity: p.severity, message: p.message, range: { start: { line, character: p.start }, end: { line, character: Math.max(p.end, p.start) } } };
}

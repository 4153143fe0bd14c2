import type { DiagnosticCodeInfo } from './codes';
import type { LineProblem } from './types';

export function problem(info: DiagnosticCodeInfo, message: string, start: number, end: number): LineProblem {
  return { code: info.code, severity: info.severity, message, start, end };
}

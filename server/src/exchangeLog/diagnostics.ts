// Findings of an open protocol log: line problems from the parser plus session findings, capped.
import { capFindings, type Finding } from '../common/finding';
import type { Settings } from '../settings';
import { problemFinding } from '../smtpLog/problem';
import { exFinding } from './analyze';
import { EXLOG_CODES } from './codes';
import type { ExDocumentModel } from './documentModel';

interface Located {
  line: number;
  start: number;
  make: () => Finding;
}

export function exchangeLogFindings(model: ExDocumentModel, settings: Settings): Finding[] {
  const found: Located[] = [];
  for (const { line, problem: p } of model.problems) found.push({ line, start: p.start, make: () => problemFinding(p, line) });
  for (const f of model.findings) found.push({ line: f.line, start: f.start, make: () => exFinding(f, model.relayConnectors) });
  found.sort((a, b) => a.line - b.line || a.start - b.start);
  return capFindings(found, settings.maxDiagnostics, EXLOG_CODES.capReached, (f) => f.make());
}

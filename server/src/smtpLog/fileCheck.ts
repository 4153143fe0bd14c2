// Diagnostics for a log file on disk, streamed: the CLI's `check` and anything else that must not load
// a whole file. Reports the same problems and findings as the editor.
import { scanLogFile } from './scan';
import { AcceptedDomainInference, mayBePublicRelay, publicRelayFindings, sessionFindings } from './sessionRules';
import type { LineProblem, LogFormat, Session } from './types';

export interface FileProblem {
  /** 0-based line and column. */
  line: number;
  column: number;
  severity: LineProblem['severity'];
  code: string;
  message: string;
}

export interface FileCheckResult {
  format: LogFormat;
  problems: FileProblem[];
  /** Problems found in all, including those beyond the cap. */
  total: number;
  lines: number;
  bytes: number;
  sessions: number;
}

/** Public sessions kept for the open-relay rule, which needs the accepted domains of the whole file. */
const MAX_PUBLIC_CANDIDATES = 10_000;

export async function checkLogFile(path: string, options: { acceptedDomains: readonly string[]; maxProblems: number }): Promise<FileCheckResult> {
  const problems: FileProblem[] = [];
  let total = 0;
  let sessions = 0;
  const add = (p: FileProblem): void => {
    total++;
    if (problems.length < options.maxProblems * 4) problems.push(p);
  };
  const inference = new AcceptedDomainInference();
  const candidates: Session[] = [];
  const explicit = options.acceptedDomains;
  const scan = await scanLogFile(path, {
    onEntry: (entry, line) => {
      if (entry.kind === 'blank' || !entry.problems) return;
      for (const p of entry.problems) add({ line, column: p.start, severity: p.severity, code: p.code, message: p.message });
    },
    onSession: (s) => {
      sessions++;
      if (explicit.length === 0) inference.add(s);
      for (const f of sessionFindings(s, explicit)) add({ line: f.line, column: 0, severity: f.info.severity, code: f.info.code, message: f.message });
      if (mayBePublicRelay(s) && candidates.length < MAX_PUBLIC_CANDIDATES) candidates.push(s);
    },
  });
  const accepted = explicit.length > 0 ? explicit : inference.result();
  for (const s of candidates) {
    for (const f of publicRelayFindings(s, accepted)) add({ line: f.line, column: 0, severity: f.info.severity, code: f.info.code, message: f.message });
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  problems.length = Math.min(problems.length, options.maxProblems);
  return { format: scan.format, problems, total, lines: scan.lines, bytes: scan.bytes, sessions };
}

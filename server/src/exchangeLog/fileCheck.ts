// `check` for an Exchange protocol log on disk, streamed: line problems and session findings, the same as the
// editor shows. Relay advice names the relay connectors of the whole file, so findings are worded at the end.
import type { FileProblem } from '../smtpLog/fileCheck';
import { findingMessage, type ExFinding } from './analyze';
import { EXLOG_CODES } from './codes';
import type { ExLogType } from './parser';
import { readFileLines } from './readLines';
import { ExScanner } from './scan';

export interface ExFileCheckResult {
  problems: FileProblem[];
  /** Problems found in all, including those beyond the cap. */
  total: number;
  lines: number;
  bytes: number;
  sessions: number;
}

export async function checkExchangeLogFile(path: string, options: { maxProblems: number; logType?: ExLogType }): Promise<ExFileCheckResult> {
  const problems: FileProblem[] = [];
  const findings: ExFinding[] = [];
  let total = 0;
  let sessions = 0;
  const room = (): boolean => problems.length + findings.length < options.maxProblems * 4;
  const scanner = new ExScanner(
    {
      onEntry: (entry, line) => {
        for (const p of entry.problems ?? []) {
          total++;
          if (room()) problems.push({ line, column: p.start, severity: p.severity, code: p.code, message: p.message });
        }
      },
      onSession: (_s, o) => {
        sessions++;
        for (const f of o.findings) {
          total++;
          if (room()) findings.push(f);
        }
      },
    },
    options.logType,
  );
  const read = await readFileLines(path, (text, line) => scanner.line(text, line));
  scanner.end();
  const relay = scanner.relayConnectors.list();
  for (const f of findings) {
    const info = EXLOG_CODES[f.key];
    problems.push({ line: f.line, column: f.start, severity: info.severity, code: info.code, message: findingMessage(f, relay) });
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  problems.length = Math.min(problems.length, options.maxProblems);
  return { problems, total, lines: read.lines, bytes: read.bytes, sessions };
}

// `check` for an Exchange protocol log on disk, streamed: line problems and session findings, the same as the
// editor shows. Relay advice names the relay connectors of the whole file, so findings are worded at the end.
import type { Finding } from '../common/finding';
import { problemFinding } from '../smtpLog/problem';
import { exFinding, type ExSessionFinding } from './analyze';
import type { ExLogType } from './parser';
import { readFileLines } from './readLines';
import { ExScanner } from './scan';

export interface ExFileCheckResult {
  problems: Finding[];
  /** Problems found in all, including those beyond the cap. */
  total: number;
  lines: number;
  bytes: number;
  sessions: number;
}

export async function checkExchangeLogFile(path: string, options: { maxProblems: number; logType?: ExLogType }): Promise<ExFileCheckResult> {
  const problems: Finding[] = [];
  const findings: ExSessionFinding[] = [];
  let total = 0;
  let sessions = 0;
  const room = (): boolean => problems.length + findings.length < options.maxProblems * 4;
  const scanner = new ExScanner(
    {
      onEntry: (entry, line) => {
        for (const p of entry.problems ?? []) {
          total++;
          if (room()) problems.push(problemFinding(p, line));
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
  const read = await readFileLines(path, (text, line, clean) => scanner.line(text, line, clean));
  scanner.end();
  const relay = scanner.relayConnectors.list();
  for (const f of findings) problems.push(exFinding(f, relay));
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  problems.length = Math.min(problems.length, options.maxProblems);
  return { problems, total, lines: read.lines, bytes: read.bytes, sessions };
}

// Diagnostics for a log file on disk, streamed: the CLI's `check` and anything else that must not load
// a whole file. Reports the same problems and findings as the editor. A large file can be checked in
// parts (by client address, so each part holds whole sessions) and the parts merged.
import type { Partition } from './fastReader';
import { scanLogFile } from './scan';
import { AcceptedDomainInference, firstDenialLine, mayBeInternetRelay, refusalFindings, relayFindings, sessionFindings } from './sessionRules';
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

export interface FileCheckOptions {
  acceptedDomains: readonly string[];
  maxProblems: number;
}

/** One part's findings, before the rules that need the whole file (structured-cloneable for workers). */
export interface FileCheckPart extends FileCheckResult {
  /** Sessions the open-relay rule must see once the accepted domains of the whole file are known. */
  candidates: Session[];
  /** Sessions with 550 recipients (relay denied or unknown user, once the accepted domains are known): the earliest only. */
  denied: Session[];
  /** 550 recipients of the sessions not kept (each is one finding either way, so the total stays exact). */
  droppedDenials: number;
  /** Accepted-domain evidence of this part (traffic/domains.ts), summed over parts (when none are configured). */
  inferred: [string, number][];
}

/** Public sessions kept for the open-relay rule, which needs the accepted domains of the whole file. */
const MAX_PUBLIC_CANDIDATES = 10_000;

/**
 * Keeps the `keep` sessions whose first refused recipient comes earliest (only the earliest lines are
 * printed), and returns how many refused recipients the others had.
 */
function keepEarliest(list: Session[], keep: number): number {
  list.sort((a, b) => firstDenialLine(a) - firstDenialLine(b));
  let dropped = 0;
  for (const s of list.splice(keep)) for (const m of s.messages) dropped += m.denied.length;
  return dropped;
}

/**
 * Checks the records of one partition of client addresses (all of them without `partition`). Lines that
 * are not records (directives, unreadable lines) are reported by partition 0 only.
 */
export async function checkLogFilePart(path: string, options: FileCheckOptions & { partition?: Partition }): Promise<FileCheckPart> {
  const problems: FileProblem[] = [];
  let total = 0;
  let sessions = 0;
  const add = (p: FileProblem): void => {
    total++;
    if (problems.length < options.maxProblems * 4) problems.push(p);
  };
  const inference = new AcceptedDomainInference();
  const candidates: Session[] = [];
  const denied: Session[] = [];
  let droppedDenials = 0;
  const explicit = options.acceptedDomains;
  const reportsNonRecords = !options.partition || options.partition.index === 0;
  const scan = await scanLogFile(
    path,
    {
      onEntry: (entry, line) => {
        if (entry.kind === 'blank' || !entry.problems || (entry.kind !== 'record' && !reportsNonRecords)) return;
        for (const p of entry.problems) add({ line, column: p.start, severity: p.severity, code: p.code, message: p.message });
      },
      onSession: (s) => {
        sessions++;
        for (const f of sessionFindings(s, explicit)) add({ line: f.line, column: 0, severity: f.info.severity, code: f.info.code, message: f.message });
        if (explicit.length > 0) {
          for (const f of relayFindings(s, explicit)) add({ line: f.line, column: 0, severity: f.info.severity, code: f.info.code, message: f.message });
          return;
        }
        // Findings that need the inferred accepted domains wait for the whole file.
        inference.add(s);
        if (mayBeInternetRelay(s) && candidates.length < MAX_PUBLIC_CANDIDATES) candidates.push(s);
        else if (firstDenialLine(s) >= 0) {
          denied.push(s);
          if (denied.length > 2 * options.maxProblems + 64) droppedDenials += keepEarliest(denied, options.maxProblems);
        }
      },
    },
    { partition: options.partition },
  );
  return { format: scan.format, problems, total, lines: scan.lines, bytes: scan.bytes, sessions, candidates, denied, droppedDenials, inferred: inference.entries() };
}

/** Merges the parts of one file and applies the rules that need all of it. */
export function mergeFileCheck(parts: readonly FileCheckPart[], options: FileCheckOptions): FileCheckResult {
  const explicit = options.acceptedDomains;
  const inference = new AcceptedDomainInference();
  for (const p of parts) inference.merge(p.inferred);
  const accepted = explicit.length > 0 ? explicit : inference.result();
  const problems = parts.flatMap((p) => p.problems);
  let total = parts.reduce((n, p) => n + p.total + p.droppedDenials, 0);
  const deferred = [...parts.flatMap((p) => p.candidates.map((s) => relayFindings(s, accepted))), ...parts.flatMap((p) => p.denied.map((s) => refusalFindings(s, accepted)))];
  for (const f of deferred.flat()) {
    total++;
    problems.push({ line: f.line, column: 0, severity: f.info.severity, code: f.info.code, message: f.message });
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  problems.length = Math.min(problems.length, options.maxProblems);
  const first = parts[0]!;
  return { format: first.format, problems, total, lines: first.lines, bytes: first.bytes, sessions: parts.reduce((n, p) => n + p.sessions, 0) };
}

export async function checkLogFile(path: string, options: FileCheckOptions): Promise<FileCheckResult> {
  return mergeFileCheck([await checkLogFilePart(path, options)], options);
}

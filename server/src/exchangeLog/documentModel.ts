// The editor's model of an open protocol log: per-line entry kinds and sessions, line problems and session
// findings. Rebuilt from the lines on each change (one linear pass); it keeps summaries, never the records.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lineText } from '../smtpLog/documentModel';
import { flatten } from '../smtpLog/intern';
import type { LineProblem } from '../smtpLog/types';
import type { ExSessionFinding, SessionOutcome } from './analyze';
import { STANDARD_LAYOUT, type ExLayout, type ExLogType } from './parser';
import { ExScanner } from './scan';

export interface SessionSummary {
  id: string;
  connector: string;
  remote: string;
  firstLine: number;
  lastLine: number;
  firstTime: number;
  lastTime: number;
  closed: boolean;
  outcome: SessionOutcome;
}

const KIND_BLANK = 0;
const KIND_DIRECTIVE = 1;
const KIND_RECORD = 2;
const KIND_BAD = 3;

export class ExDocumentModel {
  /** Entry kind of each line (0 blank, 1 directive, 2 record, 3 unreadable). */
  private kinds = new Uint8Array(0);
  /** Index into `sessions` of each line's session, -1 when none. */
  private lineSessions = new Int32Array(0);
  /** `#Fields` layouts and the line each starts at, in line order. */
  private layouts: { line: number; layout: ExLayout }[] = [];
  sessions: SessionSummary[] = [];
  problems: { line: number; problem: LineProblem }[] = [];
  findings: ExSessionFinding[] = [];
  relayConnectors: string[] = [];
  logType: ExLogType = 'unknown';
  /** Header lines (directives) as [first, last] blocks. */
  headers: [number, number][] = [];

  constructor(doc: TextDocument) {
    this.rebuild(doc);
  }

  rebuild(doc: TextDocument): void {
    const n = doc.lineCount;
    this.kinds = new Uint8Array(n);
    this.lineSessions = new Int32Array(n).fill(-1);
    this.layouts = [];
    this.sessions = [];
    this.problems = [];
    this.findings = [];
    this.headers = [];
    const scanner = new ExScanner({
      onEntry: (entry, line) => {
        if (entry.problems) for (const p of entry.problems) this.problems.push({ line, problem: p });
      },
      onSession: (s, o) => {
        const index = this.sessions.length;
        this.sessions.push({ id: flatten(s.id), connector: flatten(s.connector), remote: flatten(s.remote), firstLine: s.firstLine, lastLine: s.lastLine, firstTime: s.firstTime, lastTime: s.lastTime, closed: s.closed, outcome: o });
        for (const e of s.events) this.lineSessions[e.line] = index;
        this.findings.push(...o.findings);
      },
    });
    for (let line = 0; line < n; line++) {
      const before = scanner.parser.layout;
      const entry = scanner.line(lineText(doc, line), line);
      this.kinds[line] = entry.kind === 'record' ? KIND_RECORD : entry.kind === 'directive' ? KIND_DIRECTIVE : entry.kind === 'bad' ? KIND_BAD : KIND_BLANK;
      if (scanner.parser.layout !== before && scanner.parser.layout) this.layouts.push({ line, layout: scanner.parser.layout });
      if (entry.kind === 'directive') {
        const last = this.headers[this.headers.length - 1];
        if (last && last[1] === line - 1) last[1] = line;
        else this.headers.push([line, line]);
      }
    }
    scanner.end();
    this.logType = scanner.parser.logType;
    this.relayConnectors = scanner.relayConnectors.list();
    // Sessions are handed over when they end; list them by first line and re-point the lines at the new indexes.
    const order = this.sessions.map((_, i) => i).sort((a, b) => this.sessions[a]!.firstLine - this.sessions[b]!.firstLine || a - b);
    const moved = new Int32Array(order.length);
    order.forEach((from, to) => (moved[from] = to));
    this.sessions = order.map((i) => this.sessions[i]!);
    for (let i = 0; i < n; i++) if (this.lineSessions[i]! >= 0) this.lineSessions[i] = moved[this.lineSessions[i]!]!;
    this.findings.sort((a, b) => a.line - b.line || a.start - b.start);
  }

  isRecord(line: number): boolean {
    return this.kinds[line] === KIND_RECORD;
  }

  isDirective(line: number): boolean {
    return this.kinds[line] === KIND_DIRECTIVE;
  }

  layoutAt(line: number): ExLayout {
    let found = STANDARD_LAYOUT;
    for (const l of this.layouts) {
      if (l.line > line) break;
      found = l.layout;
    }
    return found;
  }

  sessionAt(line: number): SessionSummary | undefined {
    const i = this.lineSessions[line] ?? -1;
    return i >= 0 ? this.sessions[i] : undefined;
  }
}

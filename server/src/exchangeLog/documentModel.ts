// The editor's model of an open protocol log: per-line entry kinds, problems and sessions, and session
// findings. It keeps summaries, never the records. An edit re-reads only the lines it touched and regroups
// only the sessions (by session-id) those lines belong to, before or after the edit: a session's grouping
// depends on its own records alone, so every other session, and its findings, stays as it was. An edit that
// touches a directive (the #Fields or log type in force below it changes) re-reads the whole document.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { RangeChange } from '../languageService';
import { lineText } from '../smtpLog/documentModel';
import type { LineProblem } from '../smtpLog/types';
import { mayHoldControlChars } from './controlChars';
import { relayConnectorOf, RelayConnectorSet, type ExSessionFinding, type SessionOutcome } from './analyze';
import { ExLineParser, STANDARD_LAYOUT, type ExEntry, type ExLayout, type ExLogType } from './parser';
import { ExScanner } from './scan';
import { MAX_OPEN, type ExSession } from './sessions';

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
  /** The relay connector this session shows (relayConnectorOf), '' when none. */
  relayConnector: string;
}

const KIND_BLANK = 0;
const KIND_DIRECTIVE = 1;
const KIND_RECORD = 2;
const KIND_BAD = 3;

const kindOf = (entry: ExEntry): number => (entry.kind === 'record' ? KIND_RECORD : entry.kind === 'directive' ? KIND_DIRECTIVE : entry.kind === 'bad' ? KIND_BAD : KIND_BLANK);

/** The parser state a directive line leaves: the `#Fields` layout and log type in force below it. */
interface DirectiveState {
  line: number;
  layout: ExLayout | undefined;
  logType: ExLogType;
}

/**
 * The values stay slices of the document's lines: the document keeps its text alive anyway (its lines are
 * slices of it too), so a flat copy would only cost time and memory.
 */
function summaryOf(s: ExSession, o: SessionOutcome): SessionSummary {
  return { id: s.id, connector: s.connector, remote: s.remote, firstLine: s.firstLine, lastLine: s.lastLine, firstTime: s.firstTime, lastTime: s.lastTime, closed: s.closed, outcome: o, relayConnector: relayConnectorOf(s.connector, o) };
}

/** Moves a kept session's line numbers at or after `from` by `delta`. */
function shiftSession(s: SessionSummary, from: number, delta: number): void {
  if (s.lastLine < from) return;
  if (s.firstLine >= from) s.firstLine += delta;
  s.lastLine += delta;
  for (const f of s.outcome.findings) if (f.line >= from) f.line += delta;
  for (const r of s.outcome.refusals) if (r.line >= from) r.line += delta;
}

const byFirstLine = (a: SessionSummary, b: SessionSummary): number => a.firstLine - b.firstLine;

export class ExDocumentModel {
  /** Entry kind of each line (0 blank, 1 directive, 2 record, 3 unreadable). */
  private kinds: number[] = [];
  /** The problems the parser found on each line. */
  private lineProblems: (LineProblem[] | undefined)[] = [];
  /** The session each record line belongs to. */
  private lineSessions: (SessionSummary | undefined)[] = [];
  /** One state per directive line, in line order. */
  private states: DirectiveState[] = [];
  private byId = new Map<string, SessionSummary[]>();
  /** Sessions ordered by their first line. */
  sessions: SessionSummary[] = [];
  logType: ExLogType = 'unknown';
  /** Header lines (directives) as [first, last] blocks. */
  headers: [number, number][] = [];
  /**
   * An upper bound of the sessions open at once in a fresh read of the text. Past MAX_OPEN the grouper hands
   * the oldest over unfinished, which ties sessions of different ids together: edits then re-read everything.
   */
  private openBound = 0;
  /** Set when the whole text was last read with the oldest sessions handed over: the scanner's list stands. */
  private cappedRelayConnectors: string[] | undefined;
  /** Line problems in line order, and session findings by line and column; kept up to date edit by edit. */
  problems: { line: number; problem: LineProblem }[] = [];
  findings: ExSessionFinding[] = [];
  private relayCache: string[] | undefined;

  constructor(doc: TextDocument) {
    this.rebuild(doc, true);
  }

  /** Reads the whole document (`opened`: as it was opened, not edited since). */
  rebuild(doc: TextDocument, opened = false): void {
    const n = doc.lineCount;
    this.kinds = new Array<number>(n).fill(KIND_BLANK);
    this.lineProblems = new Array<LineProblem[] | undefined>(n).fill(undefined);
    this.states = [];
    this.headers = [];
    this.relayCache = undefined;
    const found: SessionSummary[] = [];
    const serials: SessionSummary[] = [];
    const lineSerials = new Int32Array(n).fill(-1);
    const scanner = new ExScanner({
      onSession: (s, o) => {
        const summary = summaryOf(s, o);
        serials[s.serial] = summary;
        found.push(summary);
      },
    });
    // One look at the whole text spares each line its own search for control characters. Only on open: the
    // document holds its text whole then, where after edits it would join its lines into a copy.
    const clean = opened && !mayHoldControlChars(doc.getText());
    for (let line = 0; line < n; line++) {
      const entry = scanner.line(lineText(doc, line), line, clean);
      this.kinds[line] = kindOf(entry);
      if (entry.problems) this.lineProblems[line] = entry.problems;
      if (scanner.lastSession) lineSerials[line] = scanner.lastSession.serial;
      if (entry.kind === 'directive') {
        this.states.push({ line, layout: scanner.parser.layout, logType: scanner.parser.logType });
        const last = this.headers[this.headers.length - 1];
        if (last && last[1] === line - 1) last[1] = line;
        else this.headers.push([line, line]);
      }
    }
    scanner.end();
    this.logType = scanner.parser.logType;
    this.openBound = scanner.maxOpen;
    this.cappedRelayConnectors = scanner.maxOpen >= MAX_OPEN ? scanner.relayConnectors.list() : undefined;
    this.lineSessions = new Array<SessionSummary | undefined>(n);
    for (let line = 0; line < n; line++) this.lineSessions[line] = lineSerials[line]! >= 0 ? serials[lineSerials[line]!] : undefined;
    this.sessions = found.sort(byFirstLine);
    this.byId = new Map();
    for (const s of this.sessions) this.addById(s);
    this.problems = [];
    for (let line = 0; line < n; line++) for (const problem of this.lineProblems[line] ?? []) this.problems.push({ line, problem });
    this.findings = [];
    for (const s of this.sessions) for (const f of s.outcome.findings) this.findings.push(f);
    this.findings.sort(byPlace);
  }

  /** Applies one incremental change (`change.range` in pre-change coordinates; `doc` is post-change). */
  update(doc: TextDocument, change: RangeChange): void {
    const oldCount = this.kinds.length;
    const delta = doc.lineCount - oldCount;
    // Old lines [first, lastOld] become new lines [first, lastNew]; one line either side is re-read too,
    // since a CR/LF pair split or joined by the edit changes its neighbours.
    const first = Math.max(0, change.range.start.line - 1);
    const lastOld = Math.min(oldCount - 1, change.range.end.line + 1);
    const lastNew = Math.min(doc.lineCount - 1, lastOld + delta);
    const touched = lastOld - first + 1 + (lastNew - first + 1);
    // Each line read differently can open or keep open at most two sessions more at any point.
    if (this.cappedRelayConnectors || this.openBound + 2 * touched >= MAX_OPEN) return this.rebuild(doc);
    const dirty = new Set<string>();
    for (let i = first; i <= lastOld; i++) {
      if (this.kinds[i] === KIND_DIRECTIVE) return this.rebuild(doc);
      const s = this.lineSessions[i];
      if (s) dirty.add(s.id);
    }
    const before = this.stateBefore(first);
    const parser = new ExLineParser(before.logType);
    parser.layout = before.layout;
    const kinds: number[] = [];
    const problems: (LineProblem[] | undefined)[] = [];
    const regroup: number[] = [];
    for (let i = first; i <= lastNew; i++) {
      const entry = parser.parse(lineText(doc, i));
      if (entry.kind === 'directive') return this.rebuild(doc);
      kinds.push(kindOf(entry));
      problems.push(entry.problems);
      if (entry.kind === 'record' && entry.sessionId !== '') dirty.add(entry.sessionId);
    }
    this.openBound += 2 * touched;
    this.relayCache = undefined;

    // The sessions of the dirty ids go; their lines outside the edit are read again, in new coordinates.
    const removed = new Set<SessionSummary>();
    for (const id of dirty) {
      for (const s of this.byId.get(id) ?? []) {
        removed.add(s);
        for (let i = s.firstLine; i <= s.lastLine; i++) {
          if (this.lineSessions[i] !== s) continue;
          this.lineSessions[i] = undefined;
          if (i < first) regroup.push(i);
          else if (i > lastOld) regroup.push(i + delta);
        }
      }
      this.byId.delete(id);
    }
    const count = lastOld - first + 1;
    const sessions = new Array<SessionSummary | undefined>(lastNew - first + 1).fill(undefined);
    if (kinds.length < 10000) {
      this.kinds.splice(first, count, ...kinds);
      this.lineProblems.splice(first, count, ...problems);
      this.lineSessions.splice(first, count, ...sessions);
    } else {
      this.kinds = this.kinds.slice(0, first).concat(kinds, this.kinds.slice(lastOld + 1));
      this.lineProblems = this.lineProblems.slice(0, first).concat(problems, this.lineProblems.slice(lastOld + 1));
      this.lineSessions = this.lineSessions.slice(0, first).concat(sessions, this.lineSessions.slice(lastOld + 1));
    }
    const kept = this.sessions.filter((s) => !removed.has(s));
    if (delta !== 0) {
      const from = lastOld + 1;
      for (const s of kept) shiftSession(s, from, delta);
      for (const st of this.states) if (st.line >= from) st.line += delta;
      for (const h of this.headers) {
        if (h[0] >= from) h[0] += delta;
        if (h[1] >= from) h[1] += delta;
      }
      // A kept session with lines on both sides of the edit keeps its place: its first line did not move.
    }
    this.problems = this.updatedProblems(first, lastOld, lastNew, delta);
    for (let i = first; i <= lastNew; i++) if (this.kinds[i] === KIND_RECORD) regroup.push(i);
    regroup.sort((a, b) => a - b);

    const added: SessionSummary[] = [];
    const serials: SessionSummary[] = [];
    const lineSerials: [number, number][] = [];
    const scanner = new ExScanner({
      onSession: (s, o) => {
        const summary = summaryOf(s, o);
        serials[s.serial] = summary;
        added.push(summary);
      },
    });
    for (const line of regroup) {
      const state = line >= first && line <= lastNew ? before : this.stateBefore(line);
      scanner.parser.layout = state.layout;
      scanner.parser.logType = state.logType;
      scanner.line(lineText(doc, line), line);
      if (scanner.lastSession) lineSerials.push([line, scanner.lastSession.serial]);
    }
    scanner.end();
    for (const [line, serial] of lineSerials) this.lineSessions[line] = serials[serial];
    added.sort(byFirstLine);
    for (const s of added) this.addById(s);
    this.sessions = merge(kept, added, byFirstLine);
    // Kept findings moved with their sessions, in order; those of the regrouped sessions are replaced.
    const gone = new Set<ExSessionFinding>();
    for (const s of removed) for (const f of s.outcome.findings) gone.add(f);
    const fresh: ExSessionFinding[] = [];
    for (const s of added) for (const f of s.outcome.findings) fresh.push(f);
    this.findings = merge(
      gone.size > 0 ? this.findings.filter((f) => !gone.has(f)) : this.findings,
      fresh.sort(byPlace),
      byPlace,
    );
  }

  /** The problem list after old lines [first, lastOld] became new lines [first, lastNew]. */
  private updatedProblems(first: number, lastOld: number, lastNew: number, delta: number): { line: number; problem: LineProblem }[] {
    const old = this.problems;
    const out: { line: number; problem: LineProblem }[] = [];
    let i = 0;
    while (i < old.length && old[i]!.line < first) out.push(old[i++]!);
    while (i < old.length && old[i]!.line <= lastOld) i++;
    for (let line = first; line <= lastNew; line++) for (const problem of this.lineProblems[line] ?? []) out.push({ line, problem });
    for (; i < old.length; i++) {
      const p = old[i]!;
      out.push(delta === 0 ? p : { line: p.line + delta, problem: p.problem });
    }
    return out;
  }

  /** The parser state in force on a line that is not a directive: the one the last directive above left. */
  private stateBefore(line: number): DirectiveState {
    let low = 0;
    let high = this.states.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.states[mid]!.line < line) low = mid + 1;
      else high = mid;
    }
    return low > 0 ? this.states[low - 1]! : { line: -1, layout: undefined, logType: 'unknown' };
  }

  private addById(s: SessionSummary): void {
    const list = this.byId.get(s.id);
    if (list) list.push(s);
    else this.byId.set(s.id, [s]);
  }

  /** Non-default receive connectors that granted relay in this log (see RelayConnectorSet). */
  get relayConnectors(): string[] {
    if (this.cappedRelayConnectors) return this.cappedRelayConnectors;
    if (this.relayCache) return this.relayCache;
    const names = new Set<string>();
    const set = new RelayConnectorSet();
    for (const s of this.sessions) {
      if (s.relayConnector === '' || names.has(s.relayConnector)) continue;
      names.add(s.relayConnector);
      set.add(s.connector, s.outcome);
    }
    let list = set.list();
    if (list.length < names.size) {
      // The set is full: it keeps the first names in the order a read of the file hands sessions over (those
      // closed at their disconnect line, then those left open in the order they opened).
      const order = this.sessions.filter((s) => s.relayConnector !== '').sort((a, b) => (a.closed ? a.lastLine : Infinity) - (b.closed ? b.lastLine : Infinity) || a.firstLine - b.firstLine);
      const inOrder = new RelayConnectorSet();
      for (const s of order) inOrder.add(s.connector, s.outcome);
      list = inOrder.list();
    }
    return (this.relayCache = list);
  }

  isRecord(line: number): boolean {
    return this.kinds[line] === KIND_RECORD;
  }

  isDirective(line: number): boolean {
    return this.kinds[line] === KIND_DIRECTIVE;
  }

  layoutAt(line: number): ExLayout {
    return this.stateBefore(line + 1).layout ?? STANDARD_LAYOUT;
  }

  sessionAt(line: number): SessionSummary | undefined {
    return this.lineSessions[line];
  }
}

const byPlace = (a: ExSessionFinding, b: ExSessionFinding): number => a.line - b.line || a.start - b.start;

/** Merges two sorted lists (stable: on a tie, `a` first). */
function merge<T>(a: T[], b: T[], order: (x: T, y: T) => number): T[] {
  if (b.length === 0) return a;
  const out: T[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = order(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

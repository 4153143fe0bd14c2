// The editor's model of an open SMTP log: one entry per line, kept up to date edit by edit.
// An edit re-parses only the lines it touched (plus the rest of a header block when a directive
// changed); sessions are then regrouped from the cached records, lazily, when a feature asks.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { RangeChange } from '../languageService';
import { LineTextDocument } from '../lineDocument';
import { detectFormat, leadingLines } from './detectFormat';
import { forEachLine } from './lineBreaks';
import { StringPool } from './intern';
import { TextLineReader } from './fastReader';
import { BLANK, LogLineParser, type LineEntry } from './lineParser';
import { buildSessions, SessionBuilder, shiftSessionLines } from './sessions';
import type { FieldLayout, LogFormat, LogRecord, Session } from './types';

export interface SessionIndex {
  /** Sessions ordered by their first line. */
  sessions: Session[];
  /** Increases each time the sessions are regrouped. */
  generation: number;
  /** What changed since the previous generation; absent after a full regrouping. */
  change?: { added: Session[]; removed: Session[] };
}

/** A character a Latin-1 byte cannot hold (V8 answers at once for the one-byte strings logs decode to). */
const BEYOND_LATIN1 = /[^\u0000-\u00ff]/;

/** How many leading lines decide the format; an edit inside them re-checks it. */
const FORMAT_LINES = 128;

export class LogDocumentModel {
  format: LogFormat;
  entries: LineEntry[] = [];
  /**
   * The session each record line was grouped into, beside `entries` (a property added to every record
   * would give each its own out-of-object property store: megabytes on a large log).
   */
  private lineSessions: (Session | undefined)[] = [];
  private readonly assignSession = (r: LogRecord, s: Session): void => {
    this.lineSessions[r.line] = s;
  };
  /** The entries that carry problems, so diagnostics need not walk every line. */
  readonly withProblems = new Set<Exclude<LineEntry, { kind: 'blank' }>>();
  /** The #Date lines (few), so the date in force below a record need not be searched for line by line. */
  private readonly dateLines = new Set<Extract<LineEntry, { kind: 'directive' }>>();
  readonly pool = new StringPool();
  private sessionIndex: SessionIndex | undefined;
  /** Client addresses whose sessions an edit may have changed since the index was built. */
  private dirtyClients = new Set<string>();
  /** The first and last line any edit touched since the sessions were last grouped. */
  private dirtyFrom = Number.MAX_SAFE_INTEGER;
  private dirtyTo = -1;
  /**
   * For each session, where the grouping let it go (see SessionBuilder): the line of its last record when
   * that record closed it (a QUIT), or half a line before the record that timed it out or replaced it. A
   * record of its client before that point could still join it.
   */
  private released = new WeakMap<Session, number>();
  private readonly release = (s: Session, at: number): void => {
    this.released.set(s, s.lastLine === at ? at : at - 0.5);
  };
  private sessionsStale = true;

  constructor(doc: TextDocument) {
    this.format = detectFormat(leadingLines(doc.getText(), FORMAT_LINES));
    this.parseAll(doc);
  }

  private parseAll(doc: TextDocument): void {
    const parser = new LogLineParser(this.format, this.pool);
    this.withProblems.clear();
    this.dateLines.clear();
    const text = doc.getText();
    const entries: LineEntry[] = new Array(doc.lineCount);
    let line = 0;
    // A W3C log in Latin-1 (all of them, in practice) is read as bytes, as `check` reads a file: faster, and the
    // same entries, since any line with a problem goes to the parser.
    const add = (entry: LineEntry, at: number): void => {
      entries[at] = entry;
      this.track(entry);
    };
    const reader = this.format === 'w3c' && !BEYOND_LATIN1.test(text) ? new TextLineReader(text, parser, add, this.pool) : undefined;
    const onLine = (start: number, end: number): boolean | void => {
      if (line >= entries.length) return false;
      entries[line] = BLANK;
      if (!reader?.read(start, end, line)) {
        const entry = parser.parse(text, line, start, end);
        if (entry.kind !== 'blank') add(entry, line);
      }
      line++;
    };
    // The editor's document has its lines already: their offsets need no second search for line breaks.
    if (doc instanceof LineTextDocument) doc.forEachLineSpan(onLine);
    else forEachLine(text, onLine, true);
    // The splitter and the document agree on line counts (a unit test pins it); never leave holes anyway.
    for (; line < entries.length; line++) entries[line] = BLANK;
    this.entries = entries;
    this.lineSessions = [];
    this.sessionsStale = true;
  }

  /** Applies one incremental change (`change.range` in pre-change coordinates; `doc` is post-change). */
  update(doc: TextDocument, change: RangeChange): void {
    const oldCount = this.entries.length;
    const delta = doc.lineCount - oldCount;
    if (change.range.start.line < FORMAT_LINES) {
      const lines: string[] = [];
      for (let i = 0; i < Math.min(doc.lineCount, FORMAT_LINES); i++) lines.push(lineText(doc, i).slice(0, 4096));
      const format = detectFormat(lines);
      if (format !== this.format) {
        this.format = format;
        this.parseAll(doc);
        return;
      }
    }
    // Old lines [first, lastOld] become new lines [first, lastNew]; one line either side is re-read
    // too, since a CR/LF pair split or joined by the edit changes its neighbours.
    const first = Math.max(0, change.range.start.line - 1);
    const lastOld = Math.min(oldCount - 1, change.range.end.line + 1);
    const lastNew = Math.min(doc.lineCount - 1, lastOld + delta);
    let directiveTouched = false;
    for (let i = first; i <= lastOld; i++) if (this.entries[i]?.kind === 'directive') directiveTouched = true;

    const parser = new LogLineParser(this.format, this.pool);
    parser.state = this.stateBefore(first);
    const fresh: LineEntry[] = [];
    for (let i = first; i <= lastNew; i++) {
      const entry = parser.parse(lineText(doc, i), i);
      if (entry.kind === 'directive') directiveTouched = true;
      fresh.push(entry);
      this.track(entry);
    }
    this.dirtyFrom = Math.min(this.dirtyFrom, first);
    if (this.dirtyTo > lastOld) this.dirtyTo += delta;
    this.dirtyTo = Math.max(this.dirtyTo, lastNew);
    for (let i = first; i <= lastOld; i++) {
      this.markDirty(this.entries[i]);
      this.untrack(this.entries[i]);
    }
    for (const e of fresh) this.markDirty(e);
    const unassigned = new Array<Session | undefined>(fresh.length).fill(undefined);
    if (this.lineSessions.length < this.entries.length) this.lineSessions.length = this.entries.length;
    if (fresh.length < 10000) {
      this.entries.splice(first, lastOld - first + 1, ...fresh);
      this.lineSessions.splice(first, lastOld - first + 1, ...unassigned);
    } else {
      this.entries = this.entries.slice(0, first).concat(fresh, this.entries.slice(lastOld + 1));
      this.lineSessions = this.lineSessions.slice(0, first).concat(unassigned, this.lineSessions.slice(lastOld + 1));
    }
    let next = lastNew + 1;
    if (directiveTouched) {
      // The layout or #Date in force may have changed: re-read until a #Fields line restates the layout
      // with the block date it had (a #Fields line takes its date from the #Date in force above it).
      for (; next < this.entries.length; next++) {
        const old = this.entries[next]!;
        if (old.kind === 'directive' && old.layout && Object.is(old.layout.blockDate, parser.blockDate)) break;
        this.untrack(old);
        const entry = parser.parse(lineText(doc, next), next);
        this.entries[next] = entry;
        this.track(entry);
      }
      // A changed layout can change any record below it: regroup everything.
      this.sessionsStale = true;
    }
    if (delta !== 0) {
      for (let i = next; i < this.entries.length; i++) {
        const e = this.entries[i]!;
        if (e.kind === 'blank') continue;
        e.line = i;
        if (e.kind === 'directive' && e.layout) e.layout.line = i;
      }
      if (this.sessionIndex && !this.sessionsStale) {
        const from = lastOld + 1;
        for (const session of this.sessionIndex.sessions) {
          // A session the edit cuts through is regrouped; the others move as a whole (or not at all).
          if (session.firstLine < from && session.lastLine >= from) this.dirtyClients.add(session.clientIp);
          else shiftSessionLines(session, from, delta);
          const released = this.released.get(session);
          if (released !== undefined && released > from - 1 && released < Number.MAX_SAFE_INTEGER - 1) this.released.set(session, released + delta);
        }
      }
    }
  }

  /** The #Fields layout and #Date in force just before `line`. */
  private stateBefore(line: number): LogLineParser['state'] {
    // Walk back to the nearest record or #Fields (usually the previous line). A #Date met on the way
    // is the one in force; otherwise the layout's own block date stands for it.
    for (let i = line - 1; i >= 0; i--) {
      const e = this.entries[i]!;
      if (e.kind === 'directive' && e.date !== undefined) {
        let layout: FieldLayout | undefined;
        for (let j = i - 1; j >= 0 && !layout; j--) {
          const d = this.entries[j]!;
          if ((d.kind === 'record' || d.kind === 'directive') && d.layout) layout = d.layout;
        }
        return { layout, directiveDate: e.date };
      }
      if (e.kind === 'directive' && e.layout) return { layout: e.layout, directiveDate: e.layout.blockDate };
      if (e.kind === 'record' && e.layout) {
        // A #Date between the record's #Fields line and here is in force for the next #Fields line, though
        // the record keeps its layout's block date.
        let dateLine: { line: number; date: number } | undefined;
        for (const d of this.dateLines) if (d.line > e.layout.line && d.line < line && (!dateLine || d.line > dateLine.line)) dateLine = { line: d.line, date: d.date! };
        return { layout: e.layout, directiveDate: dateLine ? dateLine.date : e.layout.blockDate };
      }
    }
    return { layout: undefined, directiveDate: NaN };
  }

  *records(from = 0, to = this.entries.length - 1): Generator<LogRecord> {
    for (let i = Math.max(0, from); i <= to && i < this.entries.length; i++) {
      const e = this.entries[i]!;
      if (e.kind === 'record') yield e;
    }
  }

  private track(e: LineEntry): void {
    if (e.kind !== 'blank' && e.problems) this.withProblems.add(e);
    if (e.kind === 'directive' && e.date !== undefined) this.dateLines.add(e);
  }

  private untrack(e: LineEntry | undefined): void {
    if (e && e.kind !== 'blank') this.withProblems.delete(e);
    if (e?.kind === 'directive') this.dateLines.delete(e);
  }

  private markDirty(e: LineEntry | undefined): void {
    if (e?.kind === 'record') this.dirtyClients.add(e.clientIp);
  }

  /**
   * Sessions of the document. After an edit only the sessions of the client addresses the edit touched
   * are regrouped, and only around the edit (see regroup); the rest are kept (with line numbers shifted).
   */
  sessions(): SessionIndex {
    const index = this.sessionIndex;
    if (index && !this.sessionsStale && this.dirtyClients.size === 0) return index;
    let sessions: Session[];
    let change: SessionIndex['change'];
    if (!index || this.sessionsStale) {
      this.released = new WeakMap();
      this.lineSessions = new Array<Session | undefined>(this.entries.length).fill(undefined);
      sessions = buildSessions(this.records(), this.assignSession, this.release);
    } else {
      change = this.regroup(index.sessions);
      const removed = new Set(change.removed);
      sessions = mergeByFirstLine(
        index.sessions.filter((s) => !removed.has(s)),
        change.added,
      );
    }
    this.dirtyClients = new Set();
    this.dirtyFrom = Number.MAX_SAFE_INTEGER;
    this.dirtyTo = -1;
    this.sessionsStale = false;
    this.sessionIndex = { sessions, generation: (index?.generation ?? 0) + 1, change };
    return this.sessionIndex;
  }

  /**
   * Regroups the records of the edited clients between two points where none of the client's sessions is
   * open: it starts where the client had no open session before the edit (sessions open across the edit, or
   * across one that is, are regrouped from their start) and stops at the first record after the edit that
   * starts a session with nothing else open, in the new grouping and in the old one alike. From there on
   * the client's records and grouping state are what they were, so its old sessions stand. An outbound
   * connection is so regrouped from its banner to its QUIT or the next banner, and a session left open to
   * the next session that times it out, not the client's whole day.
   */
  private regroup(old: readonly Session[]): { added: Session[]; removed: Session[] } {
    const released = (s: Session): number => this.released.get(s) ?? Number.MAX_SAFE_INTEGER;
    const clients = new Map<string, ClientRegroup>();
    for (const c of this.dirtyClients) clients.set(c, { old: [], restart: this.dirtyFrom, end: Number.MAX_SAFE_INTEGER, next: 0, maxReleased: -1 });
    for (const s of old) clients.get(s.clientIp)?.old.push(s);
    // Sessions inside a deleted range keep their old lines, so the order is restored here.
    for (const c of clients.values()) c.old.sort((a, b) => a.firstLine - b.firstLine);
    let from = Number.MAX_SAFE_INTEGER;
    for (const c of clients.values()) {
      // Walking back from the edit, a session open at the restart line moves it to the session's start.
      for (let i = c.old.length - 1; i >= 0; i--) {
        const s = c.old[i]!;
        if (s.firstLine < c.restart && released(s) >= c.restart) c.restart = s.firstLine;
      }
      from = Math.min(from, c.restart);
    }
    const added: Session[] = [];
    const builder = new SessionBuilder((s, at) => {
      added.push(s);
      this.release(s, at);
    }, this.assignSession);
    const entries = this.entries;
    let active = clients.size;
    for (let i = Math.max(0, from); i < entries.length && active > 0; i++) {
      const e = entries[i]!;
      if (e.kind !== 'record') continue;
      const c = clients.get(e.clientIp);
      if (!c || i < c.restart || c.end !== Number.MAX_SAFE_INTEGER) continue;
      builder.push(e);
      if (i <= this.dirtyTo) continue;
      while (c.next < c.old.length && c.old[c.next]!.firstLine < i) c.maxReleased = Math.max(c.maxReleased, released(c.old[c.next++]!));
      const old = c.old[c.next];
      // This record started a session with nothing else open, now and before the edit: the old grouping holds from here.
      if (c.maxReleased < i && old?.firstLine === i && this.lineSessions[i]?.firstLine === i && builder.openOnlySince(e.clientIp, i)) {
        c.end = i;
        this.lineSessions[i] = old;
        active--;
      }
    }
    builder.flush();
    const regrouped = added.filter((s) => s.firstLine < clients.get(s.clientIp)!.end);
    regrouped.sort((a, b) => a.firstLine - b.firstLine);
    const removed: Session[] = [];
    for (const c of clients.values()) for (const s of c.old) if (s.firstLine >= c.restart && s.firstLine < c.end) removed.push(s);
    return { added: regrouped, removed };
  }

  /** The session the record on `line` belongs to. */
  sessionAt(line: number): Session | undefined {
    this.sessions();
    const e = this.entries[line];
    return e?.kind === 'record' ? this.lineSessions[line] : undefined;
  }

  entry(line: number): LineEntry {
    return this.entries[line] ?? BLANK;
  }
}

/** One edited client's regrouping: its old sessions (by first line) and the lines it runs between. */
interface ClientRegroup {
  old: Session[];
  restart: number;
  /** The first record left as it was (MAX_SAFE_INTEGER: none, the regroup ran to the end). */
  end: number;
  /** Old sessions starting before the current line have been read up to `next`; the latest release among them. */
  next: number;
  maxReleased: number;
}

function mergeByFirstLine(a: Session[], b: Session[]): Session[] {
  const out: Session[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]!.firstLine <= b[j]!.firstLine ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/** The text of one line without its line break. */
export function lineText(doc: TextDocument, line: number): string {
  if (doc instanceof LineTextDocument) return doc.lineText(line);
  const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c !== 10 && c !== 13) break;
    end--;
  }
  return end === text.length ? text : text.slice(0, end);
}

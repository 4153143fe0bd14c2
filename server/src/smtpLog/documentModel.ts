// The editor's model of an open SMTP log: one entry per line, kept up to date edit by edit.
// An edit re-parses only the lines it touched (plus the rest of a header block when a directive
// changed); sessions are then regrouped from the cached records, lazily, when a feature asks.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { RangeChange } from '../languageService';
import { detectFormat, leadingLines } from './detectFormat';
import { StringPool } from './intern';
import { BLANK, LogLineParser, type LineEntry } from './lineParser';
import { buildSessions } from './sessions';
import type { FieldLayout, LogFormat, LogRecord, Session } from './types';

export interface SessionIndex {
  sessions: Session[];
  /** Session index for each line (-1 when the line belongs to none). */
  byLine: Int32Array;
}

/** How many leading lines decide the format; an edit inside them re-checks it. */
const FORMAT_LINES = 128;

export class LogDocumentModel {
  format: LogFormat;
  entries: LineEntry[] = [];
  readonly pool = new StringPool();
  private sessionIndex: SessionIndex | undefined;

  constructor(doc: TextDocument) {
    this.format = detectFormat(leadingLines(doc.getText(), FORMAT_LINES));
    this.parseAll(doc);
  }

  private parseAll(doc: TextDocument): void {
    const parser = new LogLineParser(this.format, this.pool);
    const text = doc.getText();
    const entries: LineEntry[] = new Array(doc.lineCount);
    let start = 0;
    let line = 0;
    const n = text.length;
    while (line < entries.length) {
      let end = start;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === 10 || c === 13) break;
        end++;
      }
      entries[line] = parser.parse(text.slice(start, end), line);
      line++;
      start = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
    }
    this.entries = entries;
    this.sessionIndex = undefined;
  }

  /** Applies one incremental change (`change.range` in pre-change coordinates; `doc` is post-change). */
  update(doc: TextDocument, change: RangeChange): void {
    this.sessionIndex = undefined;
    const oldCount = this.entries.length;
    const delta = doc.lineCount - oldCount;
    if (change.range.start.line < FORMAT_LINES) {
      const format = detectFormat(leadingLines(doc.getText(), FORMAT_LINES));
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
    }
    if (fresh.length < 10000) this.entries.splice(first, lastOld - first + 1, ...fresh);
    else this.entries = this.entries.slice(0, first).concat(fresh, this.entries.slice(lastOld + 1));
    let next = lastNew + 1;
    if (directiveTouched) {
      // The layout or #Date in force may have changed: re-read until a #Fields line restates it.
      for (; next < this.entries.length; next++) {
        const old = this.entries[next]!;
        if (old.kind === 'directive' && old.layout) break;
        this.entries[next] = parser.parse(lineText(doc, next), next);
      }
    }
    if (delta !== 0) {
      for (let i = next; i < this.entries.length; i++) {
        const e = this.entries[i]!;
        if (e.kind === 'record') e.line = i;
        else if (e.kind === 'directive' && e.layout) e.layout.line = i;
      }
    }
  }

  /** The #Fields layout and #Date in force just before `line`. */
  private stateBefore(line: number): LogLineParser['state'] {
    let layout: FieldLayout | undefined;
    let directiveDate = NaN;
    let dateFound = false;
    for (let i = line - 1; i >= 0 && (!layout || !dateFound); i--) {
      const e = this.entries[i]!;
      if (!layout && (e.kind === 'record' || e.kind === 'directive') && e.layout) layout = e.layout;
      if (!dateFound && e.kind === 'directive' && e.date !== undefined) {
        directiveDate = e.date;
        dateFound = true;
      }
    }
    return { layout, directiveDate };
  }

  *records(from = 0, to = this.entries.length - 1): Generator<LogRecord> {
    for (let i = Math.max(0, from); i <= to && i < this.entries.length; i++) {
      const e = this.entries[i]!;
      if (e.kind === 'record') yield e;
    }
  }

  sessions(): SessionIndex {
    if (this.sessionIndex) return this.sessionIndex;
    const sessions = buildSessions(this.records());
    const byLine = new Int32Array(this.entries.length).fill(-1);
    sessions.forEach((s, k) => {
      for (const line of s.lines) byLine[line] = k;
    });
    this.sessionIndex = { sessions, byLine };
    return this.sessionIndex;
  }

  entry(line: number): LineEntry {
    return this.entries[line] ?? BLANK;
  }
}

/** The text of one line without its line break. */
export function lineText(doc: TextDocument, line: number): string {
  const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c !== 10 && c !== 13) break;
    end--;
  }
  return end === text.length ? text : text.slice(0, end);
}

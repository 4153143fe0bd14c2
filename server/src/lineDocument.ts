// A text document kept as an array of lines. An edit replaces the lines it touches and never copies the
// whole text, which a string-based document must do on every edit (for a log of tens of megabytes that
// copy dominates the time from keystroke to diagnostics). It implements the same `TextDocument`
// interface, with the same clamping rules, so feature code cannot tell the two apart.
import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';

const LF = 10;

/** Splits text into line contents and the line break after each (CRLF, LF or CR; '' after the last). */
function splitLines(text: string, lines: string[], eols: string[]): void {
  let start = 0;
  const n = text.length;
  // The next CR and LF are each found by indexOf (native, fast) and reused until passed.
  let cr = text.indexOf('\r');
  let lf = text.indexOf('\n');
  for (;;) {
    if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
    if (lf >= 0 && lf < start) lf = text.indexOf('\n', start);
    if (cr < 0 && lf < 0) break;
    if (lf >= 0 && (cr < 0 || lf < cr)) {
      lines.push(text.slice(start, lf));
      eols.push('\n');
      start = lf + 1;
    } else if (text.charCodeAt(cr + 1) === LF) {
      lines.push(text.slice(start, cr));
      eols.push('\r\n');
      start = cr + 2;
    } else {
      lines.push(text.slice(start, cr));
      eols.push('\r');
      start = cr + 1;
    }
  }
  lines.push(text.slice(start, n));
  eols.push('');
}

export class LineTextDocument implements TextDocument {
  private lines: string[] = [];
  private eols: string[] = [];
  /** Offset of each line's start, valid for indexes below `validStarts`. */
  private starts: number[] = [];
  private validStarts = 0;
  private whole: string | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private _version: number,
    content: string,
  ) {
    this.reset(content);
  }

  get version(): number {
    return this._version;
  }

  get lineCount(): number {
    return this.lines.length;
  }

  private reset(content: string): void {
    this.lines = [];
    this.eols = [];
    splitLines(content, this.lines, this.eols);
    this.starts = new Array(this.lines.length);
    this.validStarts = 0;
    this.whole = content;
  }

  /**
   * Calls `onLine(start, end)` with each line's offsets in the whole text (line break excluded), as forEachLine
   * (smtpLog/lineBreaks.ts) would with `finalEmptyLine`, without searching the text again for line breaks.
   * `onLine` may return false to stop early.
   */
  forEachLineSpan(onLine: (start: number, end: number) => boolean | void): void {
    this.ensureStarts(this.lines.length - 1);
    const lines = this.lines;
    const starts = this.starts;
    for (let i = 0; i < lines.length; i++) {
      const start = starts[i]!;
      if (onLine(start, start + lines[i]!.length) === false) return;
    }
  }

  /** The text of one line, without its line break ('' outside the document). */
  lineText(line: number): string {
    return this.lines[line] ?? '';
  }

  private ensureStarts(upTo: number): void {
    const last = Math.min(upTo, this.lines.length - 1);
    if (last < this.validStarts) return;
    let i = this.validStarts;
    let offset = i === 0 ? 0 : this.starts[i - 1]! + this.lines[i - 1]!.length + this.eols[i - 1]!.length;
    for (; i <= last; i++) {
      this.starts[i] = offset;
      offset += this.lines[i]!.length + this.eols[i]!.length;
    }
    this.validStarts = last + 1;
  }

  private get length(): number {
    const last = this.lines.length - 1;
    this.ensureStarts(last);
    return this.starts[last]! + this.lines[last]!.length + this.eols[last]!.length;
  }

  getText(range?: Range): string {
    if (!range) {
      if (this.whole === undefined) {
        const parts: string[] = new Array(this.lines.length * 2);
        for (let i = 0; i < this.lines.length; i++) {
          parts[2 * i] = this.lines[i]!;
          parts[2 * i + 1] = this.eols[i]!;
        }
        this.whole = parts.join('');
      }
      return this.whole;
    }
    const start = this.offsetAt(range.start);
    const end = this.offsetAt(range.end);
    if (end <= start) return '';
    const first = this.positionAt(start).line;
    let out = '';
    for (let line = first; line < this.lines.length; line++) {
      this.ensureStarts(line);
      const lineStart = this.starts[line]!;
      if (lineStart >= end) break;
      const full = this.lines[line]! + this.eols[line]!;
      out += full.slice(Math.max(0, start - lineStart), Math.min(full.length, end - lineStart));
    }
    return out;
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lines.length) return this.length;
    if (position.line < 0) return 0;
    this.ensureStarts(position.line);
    const lineStart = this.starts[position.line]!;
    if (position.character <= 0) return lineStart;
    return lineStart + Math.min(position.character, this.lines[position.line]!.length);
  }

  positionAt(offset: number): Position {
    const lastLine = this.lines.length - 1;
    let clamped = Math.max(0, offset);
    // Line starts are computed only as far as the offset (an edit invalidates those below it; finding a
    // position near the edit then costs what lies before it, not the whole document).
    let end = this.validStarts > 0 ? this.lineEnd(this.validStarts - 1) : 0;
    while (this.validStarts <= lastLine && end <= clamped) {
      this.ensureStarts(Math.min(lastLine, this.validStarts + 1023));
      end = this.lineEnd(this.validStarts - 1);
    }
    clamped = Math.min(clamped, end);
    let low = 0;
    let high = this.validStarts;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.starts[mid]! > clamped) high = mid;
      else low = mid + 1;
    }
    const line = Math.max(0, low - 1);
    return { line, character: Math.min(clamped - this.starts[line]!, this.lines[line]!.length) };
  }

  /** Offset just past line `line` and its line break (its start must be known). */
  private lineEnd(line: number): number {
    return this.starts[line]! + this.lines[line]!.length + this.eols[line]!.length;
  }

  getLineRange(line: number): Range {
    if (line >= this.lines.length) {
      const last = this.lines.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.lines[last]!.length + this.eols[last]!.length } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { start: { line, character: 0 }, end: { line, character: this.lines[line]!.length } };
  }

  getEOLCharacters(line: number): string {
    return line >= 0 && line < this.lines.length ? this.eols[line]! : '';
  }

  /** Applies changes in order, as `TextDocument.update` does. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        this.reset(change.text);
        continue;
      }
      let { start, end } = change.range;
      if (start.line > end.line || (start.line === end.line && start.character > end.character)) [start, end] = [end, start];
      const from = this.positionAt(this.offsetAt(start));
      const to = this.positionAt(this.offsetAt(end));
      let first = from.line;
      let replaced = this.lines[first]!.slice(0, from.character) + change.text + this.lines[to.line]!.slice(to.character) + this.eols[to.line]!;
      // A lone CR ending the line above joins a leading LF into one CRLF: take that line in too.
      if (first > 0 && this.eols[first - 1] === '\r' && replaced.charCodeAt(0) === LF) {
        first--;
        replaced = `${this.lines[first]}\r${replaced}`;
      }
      const lines: string[] = [];
      const eols: string[] = [];
      splitLines(replaced, lines, eols);
      // The replaced text ended with the old line break (or nothing, at the end): no extra empty line.
      if (this.eols[to.line] !== '' && lines[lines.length - 1] === '' && eols[eols.length - 1] === '') {
        lines.pop();
        eols.pop();
      }
      const count = to.line - first + 1;
      if (lines.length < 10000) {
        this.lines.splice(first, count, ...lines);
        this.eols.splice(first, count, ...eols);
      } else {
        this.lines = this.lines.slice(0, first).concat(lines, this.lines.slice(to.line + 1));
        this.eols = this.eols.slice(0, first).concat(eols, this.eols.slice(to.line + 1));
      }
      this.starts.length = this.lines.length;
      this.validStarts = Math.min(this.validStarts, first);
      this.whole = undefined;
    }
    this._version = version;
  }
}

// Feeds the accumulator from the three kinds of input: text already in memory (an open document, optionally
// only the lines some ranges touch), files streamed from disk in byte chunks, and folders walked for *.log.
import type { PlanRange } from '../protocol/assessment';
import { detectFormat, leadingLines } from '../smtpLog/detectFormat';
import { LogLineParser } from '../smtpLog/lineParser';
import { SessionBuilder } from '../smtpLog/sessions';
import { AssessmentAccumulator } from './accumulator';
import { assessFilePart, type FileProgress } from './fileRanges';

export { expandPaths, type ExpandedPath } from '../common/files';
export type { FileProgress } from './fileRanges';

/**
 * The lines a selection covers. A selection that ends at column 0 of a line (what Shift+Down and
 * triple-click give) does not include that line.
 */
function lineSpan(r: PlanRange): readonly [number, number] {
  const [start, end] = r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character) ? [r.start, r.end] : [r.end, r.start];
  const last = end.line > start.line && end.character === 0 ? end.line - 1 : end.line;
  return [start.line, last];
}

/** Assesses text in memory. With ranges, only lines they touch are counted (directives are always read). */
export function assessText(acc: AssessmentAccumulator, name: string, text: string, ranges?: readonly PlanRange[]): void {
  const parser = new LogLineParser(detectFormat(leadingLines(text)));
  const file = acc.beginFile(name, parser.format, Buffer.byteLength(text, 'utf8'));
  const spans = (ranges ?? []).map(lineSpan).sort((a, b) => a[0] - b[0]);
  if (spans.length > 0) file.range = spans.map(([a, b]) => (a === b ? `line ${a + 1}` : `lines ${a + 1}-${b + 1}`)).join(', ');
  const inRange = (line: number): boolean => spans.length === 0 || spans.some(([a, b]) => line >= a && line <= b);
  const sessions = new SessionBuilder((s) => acc.addSession(s));
  let line = 0;
  let start = 0;
  const n = text.length;
  while (start <= n) {
    let end = start;
    while (end < n) {
      const c = text.charCodeAt(end);
      if (c === 10 || c === 13) break;
      end++;
    }
    const lineText = text.slice(start, end);
    const isDirective = lineText.charCodeAt(lineText.charCodeAt(0) === 0xfeff ? 1 : 0) === 35;
    if (isDirective || inRange(line)) {
      const entry = parser.parse(lineText, line);
      if (entry.kind === 'directive' && entry.layout) acc.addLayout(entry.layout.names);
      else if (entry.kind === 'record' && inRange(line)) {
        acc.addRecord(entry);
        sessions.push(entry);
      }
    }
    file.lines = line + 1;
    if (end >= n) break;
    start = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
    line++;
  }
  sessions.flush();
}

/**
 * Streams one file from disk into the accumulator. Errors are recorded on the file, never thrown. `releaseIdle` false:
 * its clock is already known to go back (fileRanges.ts assessFilePart).
 */
export async function assessFile(acc: AssessmentAccumulator, path: string, label: string, progress: FileProgress = {}, base = 0, total = 0, releaseIdle = true): Promise<boolean> {
  const part = await assessFilePart(path, label, undefined, progress, base, total, undefined, releaseIdle);
  acc.merge(part.acc);
  return !part.cancelled && !part.acc.files[0]?.error;
}

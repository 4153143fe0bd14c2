// Streams a log file from disk in fixed-size chunks of bytes: a file is never held whole in memory,
// whatever its size. Each chunk's complete lines are decoded to one string at once and handed over as
// offsets, so no per-line copy is made. Bytes decode as Latin-1 (IIS writes the system code page;
// Latin-1 maps every byte, so no input can fail to decode).
import { open } from 'node:fs/promises';
import { forEachLine } from './lineBreaks';
import { MAX_LINE_LENGTH } from './lineParser';

export interface ReadOptions {
  chunkSize?: number;
  /** Called after each chunk with bytes read so far and the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Polled after each chunk; reading stops when it returns true. */
  isCancelled?: () => boolean;
}

export interface ReadResult {
  bytes: number;
  lines: number;
  cancelled: boolean;
}

/** Receives the line `text[start, end)` (without its line break) and its 0-based number. */
export type LineSink = (text: string, line: number, start: number, end: number) => void;

const LF = 10;
const CR = 13;
/** Stands for a line too long to be a record; the parser reports it without reading it. */
const OVERLONG_MARKER = '\u0000'.repeat(MAX_LINE_LENGTH + 1);

export async function readLogLines(path: string, onLine: LineSink, options: ReadOptions = {}): Promise<ReadResult> {
  const handle = await open(path, 'r');
  try {
    const total = (await handle.stat()).size;
    const chunkSize = Math.max(1, options.chunkSize ?? 1 << 22);
    let buf = Buffer.allocUnsafe(chunkSize + MAX_LINE_LENGTH + 2);
    let carry = 0; // bytes of an unfinished line kept at the start of buf
    let skipping = false; // inside an overlong line: drop bytes until its line break
    let skipLf = false; // the previous data ended in CR: a LF that follows belongs to it
    let lineNo = 0;
    let read = 0;
    let atFileStart = true;
    for (;;) {
      if (options.isCancelled?.()) return { bytes: read, lines: lineNo, cancelled: true };
      if (buf.length < carry + chunkSize) {
        const bigger = Buffer.allocUnsafe(carry + chunkSize);
        buf.copy(bigger, 0, 0, carry);
        buf = bigger;
      }
      const { bytesRead } = await handle.read(buf, carry, chunkSize, null);
      read += bytesRead;
      const eof = bytesRead === 0;
      let pos = carry;
      const end = carry + bytesRead;
      if (skipLf && pos < end && buf[pos] === LF) pos++;
      skipLf = false;
      if (skipping) {
        const brk = firstBreak(buf, pos, end);
        if (brk < 0 && !eof) {
          carry = 0;
          options.onProgress?.(read, total);
          continue;
        }
        onLine(OVERLONG_MARKER, lineNo++, 0, OVERLONG_MARKER.length);
        skipping = false;
        if (brk < 0) return { bytes: read, lines: lineNo, cancelled: false };
        pos = brk + 1;
        if (buf[brk] === CR) {
          if (pos < end && buf[pos] === LF) pos++;
          else if (pos === end) skipLf = true;
        }
        // Bytes before the overlong line's break are gone; what follows starts a new line.
        buf.copy(buf, 0, pos, end);
        carry = 0;
        const rest = end - pos;
        pos = 0;
        if (rest === 0) {
          options.onProgress?.(read, total);
          continue;
        }
        // The rest (whole lines among it) goes through the normal path with the next read.
        carry = rest;
        options.onProgress?.(read, total);
        continue;
      }
      // Complete lines end at the last line break of the data; the rest waits for the next chunk.
      const begin = carry > 0 ? 0 : pos;
      let last = eof ? end : lastBreak(buf, begin, end);
      if (last >= 0 && !eof) last += 1;
      if (last > begin || (eof && end > begin)) {
        const cut = last < 0 ? begin : last;
        let text = buf.toString('latin1', begin, cut);
        if (atFileStart) {
          atFileStart = false;
          if (text.charCodeAt(0) === 0xef && text.charCodeAt(1) === 0xbb && text.charCodeAt(2) === 0xbf) text = text.slice(3);
        }
        lineNo = emitLines(text, lineNo, onLine);
        const rest = end - cut;
        if (!eof && rest === 0 && text.charCodeAt(text.length - 1) === CR) skipLf = true;
        if (eof) {
          options.onProgress?.(read, total);
          return { bytes: read, lines: lineNo, cancelled: false };
        }
        buf.copy(buf, 0, cut, end);
        carry = rest;
      } else if (eof) {
        options.onProgress?.(read, total);
        return { bytes: read, lines: lineNo, cancelled: false };
      } else {
        carry = end - begin;
        if (begin > 0) buf.copy(buf, 0, begin, end);
      }
      if (carry > MAX_LINE_LENGTH) {
        skipping = true;
        carry = 0;
      }
      options.onProgress?.(read, total);
    }
  } finally {
    await handle.close();
  }
}

function firstBreak(buf: Buffer, from: number, to: number): number {
  const lf = buf.indexOf(LF, from);
  const cr = buf.indexOf(CR, from);
  let brk = -1;
  if (lf >= 0 && lf < to) brk = lf;
  if (cr >= 0 && cr < to && (brk < 0 || cr < brk)) brk = cr;
  return brk;
}

function lastBreak(buf: Buffer, from: number, to: number): number {
  const lf = buf.lastIndexOf(LF, to - 1);
  const cr = buf.lastIndexOf(CR, to - 1);
  const brk = Math.max(lf, cr);
  return brk >= from ? brk : -1;
}

/** Calls the sink for each line of `text`; a final line break does not start another (empty) line. */
function emitLines(text: string, lineNo: number, onLine: LineSink): number {
  let line = lineNo;
  forEachLine(text, (start, end) => onLine(text, line++, start, end), false);
  return line;
}

// Streams a log file from disk line by line, in fixed-size chunks of bytes: a file is never held whole
// in memory, whatever its size. Bytes are decoded as Latin-1 (IIS writes the system code page; Latin-1
// maps every byte, so no input can fail to decode).
import { open } from 'node:fs/promises';
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

const LF = 10;
const CR = 13;

/** Calls `onLine(text, lineNumber)` for every line (CRLF, LF or lone CR line ends). */
export async function readLogLines(path: string, onLine: (text: string, line: number) => void, options: ReadOptions = {}): Promise<ReadResult> {
  const handle = await open(path, 'r');
  try {
    const total = (await handle.stat()).size;
    const chunkSize = options.chunkSize ?? 1 << 22;
    let buf = Buffer.allocUnsafe(chunkSize + MAX_LINE_LENGTH + 2);
    let carry = 0; // bytes of an unfinished line at the start of buf
    let overlong = 0; // length of an overlong line being skipped (its text is not kept)
    let lineNo = 0;
    let read = 0;
    let pendingCr = false; // previous chunk ended in CR: a LF starting this chunk belongs to it
    for (;;) {
      if (options.isCancelled?.()) return { bytes: read, lines: lineNo, cancelled: true };
      if (buf.length < carry + chunkSize) {
        const bigger = Buffer.allocUnsafe(carry + chunkSize);
        buf.copy(bigger, 0, 0, carry);
        buf = bigger;
      }
      const { bytesRead } = await handle.read(buf, carry, chunkSize, null);
      read += bytesRead;
      const end = carry + bytesRead;
      let pos = 0;
      if (pendingCr && carry === 0 && end > 0 && buf[0] === LF) pos = 1;
      pendingCr = false;
      let lineStart = pos;
      const eof = bytesRead === 0;
      while (pos < end) {
        let nl = buf.indexOf(LF, pos);
        if (nl < 0 || nl >= end) nl = -1;
        const cr = buf.indexOf(CR, pos);
        let brk: number;
        let width: number;
        if (cr >= 0 && cr < end && (nl < 0 || cr < nl)) {
          brk = cr;
          if (cr + 1 < end) width = buf[cr + 1] === LF ? 2 : 1;
          else if (eof) width = 1;
          else {
            // CR at the very end of the data read so far: the LF may follow in the next chunk.
            width = 1;
            pendingCr = true;
          }
        } else if (nl >= 0) {
          brk = nl;
          width = 1;
        } else break;
        emit(lineStart, brk);
        pos = brk + width;
        lineStart = pos;
      }
      if (eof) {
        if (lineStart < end || overlong > 0) emit(lineStart, end);
        options.onProgress?.(read, total);
        return { bytes: read, lines: lineNo, cancelled: false };
      }
      // Keep the unfinished line for the next chunk, unless it is already too long to be a record.
      const rest = end - lineStart;
      if (rest > MAX_LINE_LENGTH || overlong > 0) {
        if (overlong === 0) overlong = Math.min(rest, MAX_LINE_LENGTH + 1);
        overlong += rest;
        carry = 0;
      } else {
        buf.copy(buf, 0, lineStart, end);
        carry = rest;
      }
      options.onProgress?.(read, total);
    }

    function emit(s: number, e: number): void {
      if (overlong > 0) {
        // The text of a skipped line is replaced by a marker of the same (capped) length.
        onLine('\u0000'.repeat(MAX_LINE_LENGTH + 1), lineNo++);
        overlong = 0;
        return;
      }
      // A UTF-8 byte order mark (EF BB BF) reads as "ï»¿" in Latin-1.
      if (lineNo === 0 && e - s >= 3 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
      onLine(buf.toString('latin1', s, e), lineNo++);
    }
  } finally {
    await handle.close();
  }
}

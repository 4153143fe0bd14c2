// Streams a file's lines from disk in chunks (UTF-8; CRLF, LF or a lone CR end a line, as in the editor).
// Memory is bounded by the chunk size plus the longest line kept (longer ones are cut and flagged).
import { createReadStream } from 'node:fs';
import { forEachLine } from '../smtpLog/lineBreaks';

const CHUNK = 1 << 20;
/** A "line" this long has no line break in sight: hand it over cut, so memory stays bounded. */
const MAX_CARRY = 1 << 20;

export interface ReadLinesResult {
  lines: number;
  bytes: number;
}

export async function readFileLines(path: string, onLine: (text: string, line: number) => void, onProgress?: (bytes: number) => void): Promise<ReadLinesResult> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let carry = '';
  let line = 0;
  let bytes = 0;
  const emit = (text: string): void => void forEachLine(text, (start, end) => void onLine(text.slice(start, end), line++), false);
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    const text = carry + decoder.decode(chunk, { stream: true });
    // Only text up to the last LF is complete: a CR at the very end may be half of a CRLF.
    const lf = text.lastIndexOf('\n');
    if (lf < 0) {
      carry = text;
      if (carry.length > MAX_CARRY) {
        onLine(carry, line++);
        carry = '';
      }
    } else {
      emit(text.slice(0, lf + 1));
      carry = text.slice(lf + 1);
    }
    onProgress?.(bytes);
  }
  carry += decoder.decode();
  if (carry !== '') emit(carry);
  return { lines: line, bytes };
}

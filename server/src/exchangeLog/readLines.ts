// Streams a file's lines from disk in chunks (UTF-8; CRLF, LF or a lone CR end a line, as in the editor).
// Memory is bounded by the chunk size plus the longest line kept (longer ones are cut and flagged).
import { isAscii } from 'node:buffer';
import { openRegularFile } from '../common/safeRead';
import { forEachLine } from '../smtpLog/lineBreaks';
import { hasControlBytes } from './controlChars';

const CHUNK = 1 << 20;
/** A "line" this long has no line break in sight: hand it over cut, so memory stays bounded. */
const MAX_CARRY = 1 << 20;

export interface ReadLinesResult {
  lines: number;
  bytes: number;
}

/**
 * Calls `onLine` with each line; `clean` is true when the bytes the line came from hold no control character
 * (C0 but tab, CR and LF; DEL), so the parser need not look for one.
 */
export async function readFileLines(path: string, onLine: (text: string, line: number, clean: boolean) => void, onProgress?: (bytes: number) => void): Promise<ReadLinesResult> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let carry = '';
  let line = 0;
  let bytes = 0;
  /** The decoder may hold the first bytes of a character split across chunks. */
  let decoderUsed = false;
  /** The chunks the carried text came from had no control byte. */
  let carryClean = true;
  const emit = (text: string, clean: boolean): void => void forEachLine(text, (start, end) => void onLine(text.slice(start, end), line++, clean), false);
  // Regular files only, read up to the size seen at open (a device or a growing log never reads forever).
  const { handle, size } = await openRegularFile(path);
  const buffer = Buffer.allocUnsafe(CHUNK);
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK, size - bytes), bytes);
      if (bytesRead <= 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      bytes += bytesRead;
      // An ASCII chunk reads as Latin-1 (the same text, several times faster), unless the decoder holds the
      // start of a character from the chunk before: then the decoder ends it (and, ASCII ending the chunk,
      // holds nothing after).
      const ascii = isAscii(chunk);
      const decoded = ascii && !decoderUsed ? chunk.toString('latin1') : decoder.decode(chunk, { stream: true });
      decoderUsed = !ascii;
      // Decoding never makes a control character of other bytes (UTF-8 sequences decode to U+0080 and above).
      const chunkClean = !hasControlBytes(chunk);
      const clean: boolean = carryClean && chunkClean;
      const text = carry + decoded;
      // Only text up to the last LF is complete: a CR at the very end may be half of a CRLF.
      const lf = text.lastIndexOf('\n');
      if (lf < 0) {
        carry = text;
        carryClean = clean;
        if (carry.length > MAX_CARRY) {
          onLine(carry, line++, clean);
          carry = '';
          carryClean = true;
        }
      } else {
        emit(text.slice(0, lf + 1), clean);
        // What follows the last LF is this chunk's own text.
        carry = text.slice(lf + 1);
        carryClean = chunkClean;
      }
      onProgress?.(bytes);
    }
  } finally {
    await handle.close();
  }
  carry += decoder.decode();
  if (carry !== '') emit(carry, carryClean);
  return { lines: line, bytes };
}

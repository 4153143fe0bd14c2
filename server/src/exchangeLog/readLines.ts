// Streams a file's lines from disk in chunks (UTF-8; CRLF, LF or a lone CR end a line, as in the editor).
// Memory is bounded by the chunk size plus the longest line kept (longer ones are cut and flagged).
import { isAscii } from 'node:buffer';
import { openRegularFile } from '../common/safeRead';
import { forEachLine } from '../smtpLog/lineBreaks';

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

/** Control bytes (C0 but tab, LF and CR; DEL) by value. */
const CONTROL_BYTE = new Uint8Array(256);
for (let b = 0; b < 32; b++) if (b !== 9 && b !== 10 && b !== 13) CONTROL_BYTE[b] = 1;
CONTROL_BYTE[127] = 1;

/**
 * Whether `bytes` holds a control byte. Four bytes at a time: a word is looked at byte by byte only when one of
 * its bytes is below 0x20 or is 0x7f (in a log, the CR and LF ending each line), several times faster than a
 * regular expression over the decoded text.
 */
export function hasControlBytes(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n && (bytes.byteOffset + i) % 4 !== 0) if (CONTROL_BYTE[bytes[i++]!]) return true;
  const words = (n - i) >> 2;
  const view = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
  for (let k = 0; k < words; k++) {
    const w = view[k]!;
    const del = w ^ 0x7f7f7f7f;
    // Some byte below 0x20, or some byte equal to 0x7f (a zero byte of w ^ 0x7f7f7f7f).
    if ((((w - 0x20202020) & ~w) | ((del - 0x01010101) & ~del)) & 0x80808080) {
      const j = i + k * 4;
      if (CONTROL_BYTE[bytes[j]!]! | CONTROL_BYTE[bytes[j + 1]!]! | CONTROL_BYTE[bytes[j + 2]!]! | CONTROL_BYTE[bytes[j + 3]!]!) return true;
    }
  }
  for (i += words * 4; i < n; i++) if (CONTROL_BYTE[bytes[i]!]) return true;
  return false;
}

// Control characters in a protocol log (C0 but tab, CR and LF; DEL) make a line suspect (EXLOG binary data).
// Looking for them costs a regular expression pass over every line; a log is nearly always free of them, so
// the file reader checks each chunk's bytes, and the editor its whole text, four bytes at a time first.

// eslint-disable-next-line no-control-regex
export const CONTROL_CHAR = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

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
  // No word view for fewer than four bytes after the unaligned head (its offset might not be aligned either).
  if (words > 0) {
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
  }
  for (i += words * 4; i < n; i++) if (CONTROL_BYTE[bytes[i]!]) return true;
  return false;
}

/** Text copied to bytes this much at a time. */
const SCRATCH = 1 << 16;

/**
 * False when `text` certainly holds no control character: its characters written as Latin-1 bytes (a character
 * above U+00FF keeps its low byte, which can only raise a false alarm) hold no control byte.
 */
export function mayHoldControlChars(text: string): boolean {
  const buffer = Buffer.allocUnsafe(Math.min(SCRATCH, text.length));
  for (let at = 0; at < text.length; at += SCRATCH) {
    const n = buffer.write(text.slice(at, at + SCRATCH), 0, 'latin1');
    if (hasControlBytes(buffer.subarray(0, n))) return true;
  }
  return false;
}

// FNV-1a over a string's UTF-16 code units: a cheap, stable hash for order-independent ranking.
// (smtpLog/fastReader.ts keeps its own byte-level copies for speed; this is the one for strings.)

export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

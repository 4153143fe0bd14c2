// Tells the three text formats apart from a file's first lines. W3C files announce themselves with
// directives; IIS and NCSA files have none, so their record shapes are counted.
import type { LogFormat } from './types';

const W3C_DIRECTIVE = /^\ufeff?#(Software|Version|Date|Fields|Remark|Start-Date|End-Date):/i;
const NCSA_RECORD = /^\S+ \S+ \S+ \[[^\]]{10,40}\] "/;
const SAMPLE_LINES = 64;

export function detectFormat(lines: Iterable<string>): LogFormat {
  let ncsa = 0;
  let iis = 0;
  let other = 0;
  let seen = 0;
  for (const raw of lines) {
    const line = raw.length > 4096 ? raw.slice(0, 4096) : raw;
    if (line.trim() === '') continue;
    if (W3C_DIRECTIVE.test(line)) return 'w3c';
    if (NCSA_RECORD.test(line)) ncsa++;
    else if (countCommas(line) >= 14) iis++;
    else other++;
    if (++seen >= SAMPLE_LINES) break;
  }
  if (ncsa > iis && ncsa >= other) return 'ncsa';
  if (iis > ncsa && iis >= other) return 'iis';
  return 'w3c';
}

function countCommas(line: string): number {
  let n = 0;
  for (let i = line.indexOf(','); i >= 0 && n < 14; i = line.indexOf(',', i + 1)) n++;
  return n;
}

/** The first lines of a text, lazily (line breaks: CRLF, LF or lone CR). */
export function* leadingLines(text: string, max = SAMPLE_LINES * 2): Generator<string> {
  let start = 0;
  for (let k = 0; k < max && start < text.length; k++) {
    let end = start;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c === 10 || c === 13) break;
      end++;
    }
    yield text.slice(start, end);
    if (end >= text.length) return;
    start = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
  }
}

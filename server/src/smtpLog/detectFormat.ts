// Tells the three text formats apart from a file's first lines. W3C files announce themselves with
// directives; IIS and NCSA files have none, so their record shapes are counted.
import { forEachLine } from './lineBreaks';
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

/** The first lines of a text (line breaks: CRLF, LF or lone CR). */
export function leadingLines(text: string, max = SAMPLE_LINES * 2): string[] {
  const lines: string[] = [];
  forEachLine(text, (start, end) => (lines.push(text.slice(start, Math.min(end, start + 4096))), lines.length < max), false);
  return lines;
}

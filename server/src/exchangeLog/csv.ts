// One CSV record per line, as Exchange writes protocol logs (RFC 4180: a field holding a comma or quote is
// double-quoted and inner quotes are doubled). Linear in the line length; never throws.

export interface CsvLine {
  /** Decoded field values. */
  values: string[];
  /** Raw offsets of each field in the line (quotes included), end exclusive. */
  starts: number[];
  ends: number[];
  /** Offset of the first CSV error (a quote left open, or text after a closing quote); -1 when none. */
  errorAt: number;
}

const COMMA = 44;
const QUOTE = 34;

/**
 * Splits one line. With `into`, its arrays are emptied and reused (the streaming reader splits millions of
 * lines; the values are copied out before the next call).
 */
export function splitCsvLine(line: string, into?: CsvLine): CsvLine {
  const values: string[] = into ? ((into.values.length = 0), into.values) : [];
  const starts: number[] = into ? ((into.starts.length = 0), into.starts) : [];
  const ends: number[] = into ? ((into.ends.length = 0), into.ends) : [];
  let errorAt = -1;
  const n = line.length;
  let i = 0;
  for (;;) {
    const start = i;
    if (line.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = i + 1;
      i++;
      let closed = false;
      while (i < n) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          i = n;
          break;
        }
        if (line.charCodeAt(q + 1) === QUOTE) {
          value += line.slice(from, q + 1);
          i = q + 2;
          from = i;
          continue;
        }
        value += line.slice(from, q);
        i = q + 1;
        closed = true;
        break;
      }
      if (!closed) {
        if (errorAt < 0) errorAt = start;
        value += line.slice(from, n);
        i = n;
      }
      // Text between the closing quote and the next comma is kept, but the line is not valid CSV.
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? n : comma;
      if (end > i) {
        if (errorAt < 0) errorAt = i;
        value += line.slice(i, end);
      }
      values.push(value);
      starts.push(start);
      ends.push(end);
      i = end;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? n : comma;
      values.push(line.slice(start, end));
      starts.push(start);
      ends.push(end);
      i = end;
    }
    if (i >= n || line.charCodeAt(i) !== COMMA) break;
    i++;
  }
  if (into) {
    into.errorAt = errorAt;
    return into;
  }
  return { values, starts, ends, errorAt };
}

// One CSV record per line, as Exchange writes protocol logs (RFC 4180: a field holding a comma or quote is
// double-quoted and inner quotes are doubled). Linear in the line length; never throws.
//
// Two steps, so the streaming reader pays only for the fields it reads: `scanCsvLine` finds where each field
// is (no strings made), `csvValue` decodes one field when asked. `splitCsvLine` does both for every field.

export interface CsvFields {
  /** Number of fields (the arrays below may be longer when reused: only the first `count` entries count). */
  count: number;
  /** Raw offsets of each field in the line (quotes included), end exclusive. */
  starts: number[];
  ends: number[];
  /** Offset of the first CSV error (a quote left open, or text after a closing quote); -1 when none. */
  errorAt: number;
}

export interface CsvLine extends CsvFields {
  /** Decoded field values. */
  values: string[];
}

const COMMA = 44;
const QUOTE = 34;

/**
 * Reads the quoted field opening at `start`: where its closing quote ends (or the line, when it never closes)
 * and, with `decode`, its value (inner quotes undoubled). Shared by the scan and the decoding so both agree.
 */
function quoted(line: string, start: number, decode: boolean): { after: number; closed: boolean; value: string } {
  const n = line.length;
  let value = '';
  let from = start + 1;
  let i = start + 1;
  while (i < n) {
    const q = line.indexOf('"', i);
    if (q < 0) break;
    if (line.charCodeAt(q + 1) === QUOTE) {
      if (decode) value += line.slice(from, q + 1);
      i = q + 2;
      from = i;
      continue;
    }
    if (decode) value += line.slice(from, q);
    return { after: q + 1, closed: true, value };
  }
  if (decode) value += line.slice(from, n);
  return { after: n, closed: false, value };
}

/**
 * Finds the fields of one line. With `into`, its arrays are emptied and reused (the streaming reader scans
 * millions of lines).
 */
export function scanCsvLine(line: string, into?: CsvFields): CsvFields {
  const starts: number[] = into ? into.starts : [];
  const ends: number[] = into ? into.ends : [];
  let count = 0;
  let errorAt = -1;
  const n = line.length;
  let i = 0;
  for (;;) {
    const start = i;
    if (line.charCodeAt(i) === QUOTE) {
      const q = quoted(line, start, false);
      if (!q.closed && errorAt < 0) errorAt = start;
      i = q.after;
      // Text between the closing quote and the next comma is kept, but the line is not valid CSV.
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? n : comma;
      if (end > i && errorAt < 0) errorAt = i;
      starts[count] = start;
      ends[count++] = end;
      i = end;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? n : comma;
      starts[count] = start;
      ends[count++] = end;
      i = end;
    }
    if (i >= n || line.charCodeAt(i) !== COMMA) break;
    i++;
  }
  if (into) {
    into.count = count;
    into.errorAt = errorAt;
    return into;
  }
  return { count, starts, ends, errorAt };
}

/** The decoded value of field `i` of a scanned line ('' when the line has fewer fields). */
export function csvValue(line: string, fields: CsvFields, i: number): string {
  if (i >= fields.count) return '';
  const start = fields.starts[i]!;
  const end = fields.ends[i]!;
  if (line.charCodeAt(start) !== QUOTE) return line.slice(start, end);
  const q = quoted(line, start, true);
  return end > q.after ? q.value + line.slice(q.after, end) : q.value;
}

/** Splits one line into its decoded values and their offsets. */
export function splitCsvLine(line: string): CsvLine {
  const fields = scanCsvLine(line);
  const values: string[] = [];
  for (let i = 0; i < fields.count; i++) values.push(csvValue(line, fields, i));
  return { ...fields, values };
}

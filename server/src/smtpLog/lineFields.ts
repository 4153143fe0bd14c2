// Where each field sits on a record line, for hovers: the column under the cursor and its field name.
import type { LogFormat, FieldLayout } from './types';

export interface FieldSpan {
  /** W3C field name (the IIS and NCSA formats are mapped to the same names). */
  name: string;
  start: number;
  end: number;
}

/** The 15 fixed fields of the Microsoft IIS log format, in order. */
export const IIS_FORMAT_FIELDS = [
  'c-ip',
  'cs-username',
  'date',
  'time',
  's-sitename',
  's-computername',
  's-ip',
  'time-taken',
  'cs-bytes',
  'sc-bytes',
  'sc-status',
  'sc-win32-status',
  'cs-method',
  'cs-uri-stem',
  'cs-uri-query',
] as const;

export function fieldSpans(text: string, format: LogFormat, layout: FieldLayout | undefined): FieldSpan[] {
  if (format === 'w3c') return w3cSpans(text, layout);
  if (format === 'iis') return iisSpans(text);
  return ncsaSpans(text);
}

function w3cSpans(text: string, layout: FieldLayout | undefined): FieldSpan[] {
  const spans: FieldSpan[] = [];
  if (!layout) return spans;
  const re = /[^ ]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && spans.length < layout.names.length + 1) {
    spans.push({ name: layout.names[spans.length] ?? '(extra)', start: m.index, end: m.index + m[0].length });
  }
  return spans;
}

function iisSpans(text: string): FieldSpan[] {
  const spans: FieldSpan[] = [];
  let from = 0;
  for (let k = 0; k < 15; k++) {
    let end = k < 14 ? text.indexOf(',', from) : text.length;
    if (end < 0) break;
    if (k === 14) {
      while (end > from && (text[end - 1] === ' ' || text[end - 1] === ',')) end--;
    }
    let start = from;
    while (start < end && text[start] === ' ') start++;
    spans.push({ name: IIS_FORMAT_FIELDS[k]!, start, end });
    from = end + 1;
  }
  return spans;
}

function ncsaSpans(text: string): FieldSpan[] {
  const m = /^(\S+) (\S+) (\S+) \[([^\]]*)\] "(\S*)(?: ([^?" ]*)\??)?(.*) (\S+)" (\S+) (\S+)\s*$/.exec(text.length > 4096 ? '' : text);
  if (!m) return [];
  const names = ['c-ip', '(identity)', 'cs-username', 'date', 'cs-method', 'cs-uri-stem', 'cs-uri-query', 'cs-version', 'sc-status', 'sc-bytes'];
  const spans: FieldSpan[] = [];
  let from = 0;
  for (let g = 1; g <= 10; g++) {
    const value = m[g];
    if (value === undefined || value === '') continue;
    const at = text.indexOf(value, from);
    if (at < 0) continue;
    spans.push({ name: names[g - 1]!, start: at, end: at + value.length });
    from = at + value.length;
  }
  return spans;
}

// Reads one line of an IIS SMTP log into a directive, a record or a problem. Stateful only in what the
// format itself makes stateful: the W3C `#Fields` layout and `#Date` in force.
import { mailArgumentEnd } from './addresses';
import { directiveByName } from './catalog/directives';
import { SMTPLOG_CODES } from './codes';
import { StringPool } from './intern';
import { parseFieldsDirective } from './layout';
import { problem } from './problem';
import type { Direction, FieldLayout, LineProblem, LogFormat, LogRecord } from './types';
import { parseClock, parseCount, parseDirectiveDate, parseIsoDate, parseNcsaTimestamp, parseUsDate, utcDay } from './values';

export interface DirectiveEntry {
  kind: 'directive';
  /** 0-based line number (kept up to date by the editor model). */
  line: number;
  /** Directive name without `#`, as written (e.g. `Fields`). */
  name: string;
  /** Set on `#Fields` lines. */
  layout?: FieldLayout;
  /** Set on `#Date` lines: the UTC timestamp, NaN when unreadable. */
  date?: number;
  problems?: LineProblem[];
}
/** A record is its own line entry (one object per line keeps big logs small in memory). */
export type RecordEntry = LogRecord;
export interface InvalidEntry {
  kind: 'invalid';
  /** 0-based line number (kept up to date by the editor model). */
  line: number;
  problems: LineProblem[];
}
export interface BlankEntry {
  kind: 'blank';
}
export type LineEntry = DirectiveEntry | RecordEntry | InvalidEntry | BlankEntry;

export const BLANK: BlankEntry = Object.freeze({ kind: 'blank' }) as BlankEntry;

/** Longer lines are not parsed: IIS writes about 1 KB at most, so they are junk or concatenation accidents. */
export const MAX_LINE_LENGTH = 65536;
/** Longest query text kept on a record. IIS cuts queries at 1023 characters. */
export const MAX_QUERY = 2048;
export const MAX_TOKENS = 512;

/** Verbs whose argument the session model reads (addresses, HELO names, auth mechanisms). */
export const QUERY_VERBS: ReadonlySet<string> = new Set(['HELO', 'EHLO', 'MAIL', 'RCPT', 'AUTH', 'STARTTLS', 'TLS', 'MAIL FROM', 'RCPT TO']);
const CONTROL_CHARS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

/** Recent values remembered per text column. */
const RECENT = 4;

export const OUT_COMMAND = 'OutboundConnectionCommand';
export const OUT_RESPONSE = 'OutboundConnectionResponse';

/** Column positions of the current line's tokens (reused: no per-line allocation). */
const tokenStart = new Int32Array(MAX_TOKENS);
const tokenEnd = new Int32Array(MAX_TOKENS);

export interface ParserState {
  layout: FieldLayout | undefined;
  /** Timestamp of the latest `#Date` directive (NaN if none). */
  directiveDate: number;
}

export class LogLineParser {
  readonly pool: StringPool;
  state: ParserState = { layout: undefined, directiveDate: NaN };

  constructor(
    public format: LogFormat,
    pool?: StringPool,
  ) {
    this.pool = pool ?? new StringPool();
  }

  /** The block date a `#Fields` line parsed now would get: the UTC day of the `#Date` in force, NaN if none. */
  get blockDate(): number {
    return Number.isNaN(this.state.directiveDate) ? NaN : utcDay(this.state.directiveDate);
  }

  /**
   * Parses the line `text[start, end)` (the whole of `text` by default). Passing offsets into a larger
   * text (a document or a decoded chunk of a file) avoids copying each line.
   */
  parse(text: string, line: number, start = 0, end = text.length): LineEntry {
    const length = end - start;
    if (length === 0) return BLANK;
    if (length > MAX_LINE_LENGTH) {
      return {
        kind: 'invalid',
        line,
        problems: [problem(SMTPLOG_CODES.overlongLine, `Line of ${length} characters skipped: IIS writes about 1 KB per record at most, so this is not a log record (binary data or lines run together).`, 0, 200)],
      };
    }
    let first = start;
    while (first < end) {
      const c = text.charCodeAt(first);
      if (c !== 32 && c !== 9 && c !== 0xfeff) break;
      first++;
    }
    if (first === end) return BLANK;
    if (text.charCodeAt(first) !== 35 /* # */ && this.format === 'w3c') return this.w3cRecord(text, start, end, line);
    const own = start === 0 && end === text.length ? text : text.slice(start, end);
    let entry: LineEntry;
    const bom = own.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (own.charCodeAt(bom) === 35) entry = this.directive(own, bom, line);
    else if (this.format === 'iis') entry = this.iisRecord(own, line);
    else entry = this.ncsaRecord(own, line);
    if (CONTROL_CHARS.test(own)) addBinaryProblem(entry, own.length);
    return entry;
  }

  private directive(text: string, first: number, line: number): LineEntry {
    const colon = text.indexOf(':', first);
    const rawName = (colon < 0 ? text.slice(first + 1) : text.slice(first + 1, colon)).trim();
    const name = rawName.toLowerCase();
    const value = colon < 0 ? '' : text.slice(colon + 1);
    const valueStart = colon < 0 ? text.length : colon + 1 + (value.length - value.trimStart().length);
    const problems: LineProblem[] = [];
    const entry: DirectiveEntry = { kind: 'directive', line, name: this.pool.intern(rawName) };
    if (this.format !== 'w3c') {
      problems.push(problem(SMTPLOG_CODES.unknownDirective, `Directive lines belong to the W3C extended format, but this file is in ${this.format === 'iis' ? 'Microsoft IIS' : 'NCSA'} format.`, 0, text.length));
    } else if (!directiveByName(name) || colon < 0) {
      problems.push(
        problem(
          SMTPLOG_CODES.unknownDirective,
          colon < 0 ? `Directive "#${rawName}" has no ":"; W3C directives are written "#Name: value".` : `Unknown directive "#${rawName}". IIS SMTP writes #Software, #Version, #Date and #Fields.`,
          first,
          colon < 0 ? text.length : colon,
        ),
      );
    } else if (name === 'date') {
      const date = parseDirectiveDate(value);
      entry.date = date;
      this.state = { layout: this.state.layout, directiveDate: date };
      if (Number.isNaN(date)) problems.push(problem(SMTPLOG_CODES.badDirective, '#Date must be "yyyy-MM-dd HH:mm:ss" (UTC).', valueStart, text.length));
    } else if (name === 'fields') {
      entry.layout = parseFieldsDirective(value.trimStart(), valueStart, line, this.blockDate, problems);
      this.state = { layout: entry.layout, directiveDate: this.state.directiveDate };
    } else if (name === 'software' && !/Microsoft Internet Information Services/i.test(value)) {
      problems.push(problem(SMTPLOG_CODES.badDirective, '#Software does not name Microsoft Internet Information Services: this may not be an IIS SMTP log.', valueStart, text.length));
    } else if (name === 'version' && value.trim() !== '1.0') {
      problems.push(problem(SMTPLOG_CODES.badDirective, `#Version is "${value.trim().slice(0, 20)}"; IIS always writes 1.0.`, valueStart, text.length));
    }
    if (problems.length > 0) entry.problems = problems;
    return entry;
  }

  /**
   * The last few interned values per column (slot `column * RECENT + k`): consecutive records mostly repeat
   * them, and inbound and outbound records interleave, so a few are kept, not one.
   */
  private readonly recent: string[] = [];
  private readonly recentNext: number[] = [];
  private lastDate = '';
  private lastDay = NaN;
  private readonly upper = new Map<string, string>();

  /** The value of a text column, interned; '' for `-` or a missing column. */
  private columnText(text: string, column: number, count: number): string {
    if (column < 0 || column >= count || column >= MAX_TOKENS) return '';
    const s = tokenStart[column]!;
    const e = tokenEnd[column]!;
    if (e - s === 1 && text.charCodeAt(s) === 45) return '';
    const base = column * RECENT;
    const recent = this.recent;
    for (let k = base; k < base + RECENT; k++) {
      const known = recent[k];
      if (known !== undefined && known.length === e - s && text.startsWith(known, s)) return known;
    }
    const value = this.pool.intern(text.slice(s, e));
    const next = this.recentNext[column] ?? 0;
    recent[base + next] = value;
    this.recentNext[column] = (next + 1) % RECENT;
    return value;
  }

  /** A numeric column: -1 for `-` or missing; -2 (and a problem) for anything else that is not digits. */
  private columnNumber(text: string, column: number, count: number, lineStart: number, problems: LineProblem[], layout: FieldLayout, isStatus: boolean): number {
    if (column < 0 || column >= count || column >= MAX_TOKENS) return -1;
    const s = tokenStart[column]!;
    const e = tokenEnd[column]!;
    if (e - s === 1 && text.charCodeAt(s) === 45) return -1;
    let v = 0;
    if (e - s <= 15) {
      for (let i = s; i < e; i++) {
        const c = text.charCodeAt(i) - 48;
        if (c < 0 || c > 9) {
          v = -1;
          break;
        }
        v = v * 10 + c;
      }
    } else v = -1;
    if (v >= 0) return v;
    const shown = text.slice(s, Math.min(e, s + 40));
    problems.push(
      isStatus
        ? problem(SMTPLOG_CODES.badStatus, `sc-status "${shown}" is not a reply code.`, s - lineStart, e - lineStart)
        : problem(SMTPLOG_CODES.badNumber, `${layout.names[column] ?? 'field'} "${shown}" is not a number.`, s - lineStart, e - lineStart),
    );
    return -1;
  }

  private w3cRecord(text: string, start: number, end: number, line: number): LineEntry {
    const layout = this.state.layout;
    if (!layout) {
      const entry: LineEntry = { kind: 'invalid', line, problems: [problem(SMTPLOG_CODES.recordBeforeFields, 'Record before any #Fields directive: its columns are unknown. A W3C log starts with a header block ending in "#Fields: …".', 0, end - start)] };
      if (CONTROL_CHARS.test(text.slice(start, end))) addBinaryProblem(entry, end - start);
      return entry;
    }
    // Tokenise on runs of spaces (IIS writes single spaces; tolerate doubled or trailing ones), and note
    // control characters, in one pass that never reads past the line.
    let count = 0;
    let control = false;
    let tokenAt = -1;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 32) {
        if (tokenAt < 0) continue;
        if (count < MAX_TOKENS) {
          tokenStart[count] = tokenAt;
          tokenEnd[count] = i;
        }
        count++;
        tokenAt = -1;
      } else {
        if (tokenAt < 0) tokenAt = i;
        if (c < 32 ? c !== 9 && c !== 10 && c !== 13 : c === 127) control = true;
      }
    }
    if (tokenAt >= 0) {
      if (count < MAX_TOKENS) {
        tokenStart[count] = tokenAt;
        tokenEnd[count] = end;
      }
      count++;
    }
    const problems: LineProblem[] = [];
    const expected = layout.names.length;
    if (count !== expected) {
      const at = count > expected && expected > 0 && expected < MAX_TOKENS ? tokenStart[expected]! - start : 0;
      problems.push(
        problem(
          SMTPLOG_CODES.fieldCount,
          `Record has ${count} field${count === 1 ? '' : 's'} but the #Fields in force declares ${expected}. ` +
            (count < expected ? 'The line may be truncated (a crash or full disk while writing).' : 'Lines may have run together, or a value contains an unencoded space.'),
          at,
          end - start,
        ),
      );
    }
    const idx = layout.index;
    let day = layout.blockDate;
    if (idx.date >= 0 && idx.date < count && idx.date < MAX_TOKENS) {
      const s = tokenStart[idx.date]!;
      const e = tokenEnd[idx.date]!;
      if (this.lastDate.length === e - s && text.startsWith(this.lastDate, s)) day = this.lastDay;
      else {
        const raw = text.slice(s, e);
        day = parseIsoDate(raw);
        if (Number.isNaN(day)) problems.push(problem(SMTPLOG_CODES.badTimestamp, `"${raw.slice(0, 40)}" is not a date (yyyy-MM-dd).`, s - start, e - start));
        else {
          this.lastDate = raw;
          this.lastDay = day;
        }
      }
    }
    let time = day;
    if (idx.time >= 0 && idx.time < count && idx.time < MAX_TOKENS) {
      const s = tokenStart[idx.time]!;
      const e = tokenEnd[idx.time]!;
      const clock = e - s === 8 ? clockAt(text, s) : parseClock(text.slice(s, e));
      if (Number.isNaN(clock)) problems.push(problem(SMTPLOG_CODES.badTimestamp, `"${text.slice(s, Math.min(e, s + 40))}" is not a time (HH:mm:ss).`, s - start, e - start));
      time = Number.isNaN(day) || Number.isNaN(clock) ? NaN : day + clock;
    }
    const method = this.columnText(text, idx.method, count);
    let verb = '';
    if (method !== '') {
      verb = this.upper.get(method) ?? '';
      if (verb === '') {
        verb = this.pool.intern(method.toUpperCase());
        if (this.upper.size < 10_000) this.upper.set(method, verb);
      }
    }
    const record: LogRecord = {
      kind: 'record',
      line,
      format: 'w3c',
      time,
      localTime: false,
      clientIp: this.columnText(text, idx.clientIp, count),
      username: this.columnText(text, idx.username, count),
      serverIp: this.columnText(text, idx.serverIp, count),
      siteName: this.columnText(text, idx.siteName, count),
      serverPort: this.columnNumber(text, idx.serverPort, count, start, problems, layout, false),
      method,
      verb,
      query: '',
      status: this.columnNumber(text, idx.status, count, start, problems, layout, true),
      win32Status: this.columnNumber(text, idx.win32Status, count, start, problems, layout, false),
      bytesSent: this.columnNumber(text, idx.bytesSent, count, start, problems, layout, false),
      bytesReceived: this.columnNumber(text, idx.bytesReceived, count, start, problems, layout, false),
      timeTaken: this.columnNumber(text, idx.timeTaken, count, start, problems, layout, false),
      direction: 'in',
      layout,
    };
    const q = idx.uriQuery;
    const hasQuery = q >= 0 && q < count && q < MAX_TOKENS;
    const qs = hasQuery ? tokenStart[q]! : 0;
    const qe = hasQuery ? tokenEnd[q]! : 0;
    record.direction = directionAt(record, text, qs, qe, idx.username >= 0, idx.serverPort >= 0);
    if (hasQuery && (record.direction !== 'in' || QUERY_VERBS.has(verb)) && !(qe - qs === 1 && text.charCodeAt(qs) === 45)) {
      const kept = verb === 'MAIL' ? mailArgumentEnd(text, qs, qe) : qe;
      record.query = this.pool.intern(text.slice(qs, Math.min(kept, qs + MAX_QUERY)));
    }
    if (control) problems.push(binaryProblem(end - start));
    if (problems.length > 0) record.problems = problems;
    return record;
  }

  /** Microsoft IIS log format: 14 comma-terminated fields, then the parameters (which may hold commas). */
  private iisRecord(text: string, line: number): LineEntry {
    const cuts: number[] = [];
    let from = 0;
    for (let k = 0; k < 14; k++) {
      const c = text.indexOf(',', from);
      if (c < 0) break;
      cuts.push(c);
      from = c + 1;
    }
    if (cuts.length < 14) {
      return { kind: 'invalid', line, problems: [problem(SMTPLOG_CODES.unreadableLine, `Not a Microsoft IIS format record: it has ${cuts.length} of the 14 commas that separate the fixed fields.`, 0, text.length)] };
    }
    const fieldSpan = (k: number): [number, number] => {
      let s = k === 0 ? 0 : cuts[k - 1]! + 1;
      let e = cuts[k]!;
      while (s < e && text.charCodeAt(s) === 32) s++;
      while (e > s && text.charCodeAt(e - 1) === 32) e--;
      return [s, e];
    };
    const field = (k: number): string => {
      const [s, e] = fieldSpan(k);
      return text.slice(s, e);
    };
    const problems: LineProblem[] = [];
    const day = parseUsDate(field(2));
    if (Number.isNaN(day)) problems.push(problem(SMTPLOG_CODES.badTimestamp, `"${field(2).slice(0, 40)}" is not a date (M/D/YYYY).`, ...fieldSpan(2)));
    const clock = parseClock(field(3));
    if (Number.isNaN(clock)) problems.push(problem(SMTPLOG_CODES.badTimestamp, `"${field(3).slice(0, 40)}" is not a time (H:mm:ss).`, ...fieldSpan(3)));
    const number = (k: number, isStatus: boolean, name: string): number => {
      const t = field(k);
      if (t === '-') return -1;
      const v = parseCount(t);
      if (v < 0)
        problems.push(
          isStatus ? problem(SMTPLOG_CODES.badStatus, `Status "${t.slice(0, 40)}" is not a reply code.`, ...fieldSpan(k)) : problem(SMTPLOG_CODES.badNumber, `${name} "${t.slice(0, 40)}" is not a number.`, ...fieldSpan(k)),
        );
      return v;
    };
    const str = (k: number): string => {
      const t = field(k);
      return t === '-' || t === '' ? '' : this.pool.intern(t);
    };
    // Parameters: everything after the 14th comma, without leading spaces and the record's final comma.
    let qs = cuts[13]! + 1;
    let qe = text.length;
    while (qe > qs && (text.charCodeAt(qe - 1) === 32 || text.charCodeAt(qe - 1) === 13)) qe--;
    if (qe > qs && text.charCodeAt(qe - 1) === 44) qe--;
    while (qs < qe && text.charCodeAt(qs) === 32) qs++;
    const rawQuery = text.slice(qs, qe);
    const method = str(12);
    const record: LogRecord = {
      kind: 'record',
      line,
      format: 'iis',
      time: Number.isNaN(day) || Number.isNaN(clock) ? NaN : day + clock,
      localTime: true,
      clientIp: str(0),
      username: str(1),
      serverIp: str(6),
      siteName: str(4),
      serverPort: -1,
      method,
      verb: method === '' ? '' : this.pool.intern(method.toUpperCase().split(' ')[0]!),
      query: '',
      status: number(10, true, 'status'),
      win32Status: number(11, false, 'Win32 status'),
      timeTaken: number(7, false, 'time taken'),
      bytesReceived: number(8, false, 'bytes received'),
      bytesSent: number(9, false, 'bytes sent'),
      direction: 'in',
    };
    record.direction = directionOf(record, rawQuery, true, false);
    record.query = this.keepQuery(record, rawQuery === '-' ? '' : rawQuery);
    if (problems.length > 0) record.problems = problems;
    return record;
  }

  /**
   * NCSA common format: `c-ip - user [date] "VERB stem?query SMTP" status bytes`. The quoted request may
   * itself contain quotes, so the record is anchored on its end rather than on balanced quotes.
   */
  private ncsaRecord(text: string, line: number): LineEntry {
    const bad = (why: string): LineEntry => ({ kind: 'invalid', line, problems: [problem(SMTPLOG_CODES.unreadableLine, `Not an NCSA format record: ${why}.`, 0, text.length)] });
    const sp1 = text.indexOf(' ');
    const sp2 = sp1 < 0 ? -1 : text.indexOf(' ', sp1 + 1);
    const open = sp2 < 0 ? -1 : text.indexOf(' [', sp2);
    const close = open < 0 ? -1 : text.indexOf('] "', open);
    if (sp1 < 0 || sp2 < 0 || open < 0 || close < 0) return bad('expected `address - user [date] "request" status bytes`');
    const tail = /" (\S+) (\S+)\s*$/.exec(text.slice(close + 3 - 1));
    if (!tail) return bad('no `" status bytes` at the end of the line');
    const requestEnd = close + 2 + tail.index;
    let request = text.slice(close + 3, requestEnd);
    const version = request.lastIndexOf(' ');
    if (version > 0) request = request.slice(0, version);
    const problems: LineProblem[] = [];
    const time = parseNcsaTimestamp(text.slice(open + 2, close));
    if (Number.isNaN(time)) problems.push(problem(SMTPLOG_CODES.badTimestamp, 'The [date] is not dd/Mon/yyyy:HH:mm:ss ±zzzz.', open + 1, close + 1));
    const statusText = tail[1]!;
    const status = parseCount(statusText);
    const statusAt = requestEnd + 2;
    if (status < 0) problems.push(problem(SMTPLOG_CODES.badStatus, `Status "${statusText.slice(0, 40)}" is not a reply code.`, statusAt, statusAt + statusText.length));
    const bytes = tail[2] === '-' ? -1 : parseCount(tail[2]!);
    const sp = request.indexOf(' ');
    const method = sp < 0 ? request : request.slice(0, sp);
    const target = sp < 0 ? '' : request.slice(sp + 1);
    const q = target.indexOf('?');
    const rawQuery = q < 0 ? '' : target.slice(q + 1);
    const str = (s: string): string => (s === '-' || s === '' ? '' : this.pool.intern(s));
    const record: LogRecord = {
      kind: 'record',
      line,
      format: 'ncsa',
      time,
      localTime: false,
      clientIp: str(text.slice(0, sp1)),
      username: str(text.slice(sp2 + 1, open)),
      serverIp: '',
      siteName: '',
      serverPort: -1,
      method: str(method),
      verb: method === '-' || method === '' ? '' : this.pool.intern(method.toUpperCase()),
      query: '',
      status,
      win32Status: -1,
      bytesSent: bytes,
      bytesReceived: -1,
      timeTaken: -1,
      direction: 'in',
    };
    record.direction = directionOf(record, rawQuery, true, false);
    record.query = this.keepQuery(record, rawQuery === '-' ? '' : rawQuery);
    if (problems.length > 0) record.problems = problems;
    return record;
  }

  private keepQuery(record: LogRecord, raw: string): string {
    if (raw === '' || raw === '-') return '';
    if (record.direction === 'in' && !QUERY_VERBS.has(record.verb)) return '';
    const end = record.verb === 'MAIL' ? mailArgumentEnd(raw, 0, raw.length) : raw.length;
    return this.pool.intern(end > MAX_QUERY ? raw.slice(0, MAX_QUERY) : end < raw.length ? raw.slice(0, end) : raw);
  }
}

function binaryProblem(length: number): LineProblem {
  return problem(SMTPLOG_CODES.binaryData, 'Line contains binary or control characters (NUL, escape…): junk from a scanner, or a damaged file. Values on it may be wrong.', 0, length);
}

function addBinaryProblem(entry: LineEntry, length: number): void {
  if (entry.kind === 'invalid') entry.problems.push(binaryProblem(length));
  else if (entry.kind !== 'blank') (entry.problems ??= []).push(binaryProblem(length));
}

/** `HH:mm:ss` at `s` → ms since midnight, or NaN. */
function clockAt(text: string, s: number): number {
  if (text.charCodeAt(s + 2) !== 58 || text.charCodeAt(s + 5) !== 58) return NaN;
  const d = (k: number): number => {
    const c = text.charCodeAt(s + k) - 48;
    return c >= 0 && c <= 9 ? c : NaN;
  };
  const h = d(0) * 10 + d(1);
  const m = d(3) * 10 + d(4);
  const sec = d(6) * 10 + d(7);
  if (!(h <= 23 && m <= 59 && sec <= 60)) return NaN;
  return ((h * 60 + m) * 60 + sec) * 1000;
}

/** {@link directionOf} for a query given as offsets into `text`. */
function directionAt(record: LogRecord, text: string, qs: number, qe: number, hasUsername: boolean, hasPort: boolean): Direction {
  if (record.username === OUT_COMMAND) return 'out-command';
  if (record.username === OUT_RESPONSE) return 'out-response';
  if (hasPort && record.serverPort > 0) return record.method === '' ? 'out-response' : 'out-command';
  if (!hasUsername && !hasPort) return directionOf(record, text.slice(qs, Math.min(qe, qs + 8)), false, false);
  return 'in';
}

/** Inbound or outbound, by the decisive signs the reference lists (§2.5), strongest first. */
function directionOf(record: LogRecord, rawQuery: string, hasUsername: boolean, hasPort: boolean): Direction {
  if (record.username === OUT_COMMAND) return 'out-command';
  if (record.username === OUT_RESPONSE) return 'out-response';
  if (hasPort && record.serverPort > 0) return record.method === '' ? 'out-response' : 'out-command';
  if (!hasUsername && !hasPort) {
    if (record.method === '' && /^\d{3}/.test(rawQuery)) return 'out-response';
    if ((record.verb === 'MAIL' || record.verb === 'RCPT') && rawQuery !== '' && rawQuery.charCodeAt(0) !== 43) return 'out-command';
  }
  return 'in';
}

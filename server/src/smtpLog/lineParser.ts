// Reads one line of an IIS SMTP log into a directive, a record or a problem. Stateful only in what the
// format itself makes stateful: the W3C `#Fields` layout and `#Date` in force.
import { directiveByName } from './catalog/directives';
import { SMTPLOG_CODES } from './codes';
import { StringPool } from './intern';
import { parseFieldsDirective } from './layout';
import { problem } from './problem';
import type { Direction, FieldLayout, LineProblem, LogFormat, LogRecord } from './types';
import { parseClock, parseCount, parseDirectiveDate, parseIsoDate, parseNcsaTimestamp, parseUsDate, utcDay } from './values';

export interface DirectiveEntry {
  kind: 'directive';
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
const MAX_QUERY = 2048;
const MAX_TOKENS = 512;

/** Verbs whose argument the session model reads (addresses, HELO names, auth mechanisms). */
const QUERY_VERBS = new Set(['HELO', 'EHLO', 'MAIL', 'RCPT', 'AUTH', 'STARTTLS', 'TLS', 'MAIL FROM', 'RCPT TO']);
const CONTROL_CHARS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

const OUT_COMMAND = 'OutboundConnectionCommand';
const OUT_RESPONSE = 'OutboundConnectionResponse';

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

  parse(text: string, line: number): LineEntry {
    const length = text.length;
    if (length === 0) return BLANK;
    if (length > MAX_LINE_LENGTH) {
      return {
        kind: 'invalid',
        problems: [problem(SMTPLOG_CODES.overlongLine, `Line of ${length} characters skipped: IIS writes about 1 KB per record at most, so this is not a log record (binary data or lines run together).`, 0, 200)],
      };
    }
    let blank = true;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 0xfeff) {
        blank = false;
        break;
      }
    }
    if (blank) return BLANK;
    let entry: LineEntry;
    const first = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (text.charCodeAt(first) === 35 /* # */) entry = this.directive(text, first, line);
    else if (this.format === 'w3c') entry = this.w3cRecord(text, line);
    else if (this.format === 'iis') entry = this.iisRecord(text, line);
    else entry = this.ncsaRecord(text, line);
    if (CONTROL_CHARS.test(text)) {
      const p = problem(SMTPLOG_CODES.binaryData, 'Line contains binary or control characters (NUL, escape…): junk from a scanner, or a damaged file. Values on it may be wrong.', 0, length);
      if (entry.kind === 'invalid') entry.problems.push(p);
      else if (entry.kind !== 'blank') (entry.problems ??= []).push(p);
    }
    return entry;
  }

  private directive(text: string, first: number, line: number): LineEntry {
    const colon = text.indexOf(':', first);
    const rawName = (colon < 0 ? text.slice(first + 1) : text.slice(first + 1, colon)).trim();
    const name = rawName.toLowerCase();
    const value = colon < 0 ? '' : text.slice(colon + 1);
    const valueStart = colon < 0 ? text.length : colon + 1 + (value.length - value.trimStart().length);
    const problems: LineProblem[] = [];
    const entry: DirectiveEntry = { kind: 'directive', name: this.pool.intern(rawName) };
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
      entry.layout = parseFieldsDirective(value.trimStart(), valueStart, line, Number.isNaN(this.state.directiveDate) ? NaN : utcDay(this.state.directiveDate), problems);
      this.state = { layout: entry.layout, directiveDate: this.state.directiveDate };
    } else if (name === 'software' && !/Microsoft Internet Information Services/i.test(value)) {
      problems.push(problem(SMTPLOG_CODES.badDirective, '#Software does not name Microsoft Internet Information Services: this may not be an IIS SMTP log.', valueStart, text.length));
    } else if (name === 'version' && value.trim() !== '1.0') {
      problems.push(problem(SMTPLOG_CODES.badDirective, `#Version is "${value.trim().slice(0, 20)}"; IIS always writes 1.0.`, valueStart, text.length));
    }
    if (problems.length > 0) entry.problems = problems;
    return entry;
  }

  private w3cRecord(text: string, line: number): LineEntry {
    const layout = this.state.layout;
    if (!layout) {
      return { kind: 'invalid', problems: [problem(SMTPLOG_CODES.recordBeforeFields, 'Record before any #Fields directive: its columns are unknown. A W3C log starts with a header block ending in "#Fields: …".', 0, text.length)] };
    }
    // Tokenise on runs of spaces (IIS writes single spaces; tolerate doubled or trailing ones).
    let count = 0;
    let i = 0;
    const n = text.length;
    while (i < n) {
      while (i < n && text.charCodeAt(i) === 32) i++;
      if (i >= n) break;
      const s = i;
      while (i < n && text.charCodeAt(i) !== 32) i++;
      if (count < MAX_TOKENS) {
        tokenStart[count] = s;
        tokenEnd[count] = i;
      }
      count++;
    }
    const problems: LineProblem[] = [];
    const expected = layout.names.length;
    if (count !== expected) {
      const start = count > expected && expected > 0 && expected < MAX_TOKENS ? tokenStart[expected]! : 0;
      problems.push(
        problem(
          SMTPLOG_CODES.fieldCount,
          `Record has ${count} field${count === 1 ? '' : 's'} but #Fields (line ${layout.line + 1}) declares ${expected}. ` +
            (count < expected ? 'The line may be truncated (a crash or full disk while writing).' : 'Lines may have run together, or a value contains an unencoded space.'),
          start,
          text.length,
        ),
      );
    }
    const idx = layout.index;
    const tok = (column: number): string => (column >= 0 && column < count && column < MAX_TOKENS ? text.slice(tokenStart[column]!, tokenEnd[column]!) : '');
    const span = (column: number): [number, number] => [tokenStart[column]!, tokenEnd[column]!];

    let day = layout.blockDate;
    if (idx.date >= 0 && idx.date < count) {
      const d = parseIsoDate(tok(idx.date));
      if (Number.isNaN(d)) problems.push(problem(SMTPLOG_CODES.badTimestamp, `"${tok(idx.date).slice(0, 40)}" is not a date (yyyy-MM-dd).`, ...span(idx.date)));
      day = d;
    }
    let time = day;
    if (idx.time >= 0 && idx.time < count) {
      const clock = parseClock(tok(idx.time));
      if (Number.isNaN(clock)) problems.push(problem(SMTPLOG_CODES.badTimestamp, `"${tok(idx.time).slice(0, 40)}" is not a time (HH:mm:ss).`, ...span(idx.time)));
      time = Number.isNaN(day) || Number.isNaN(clock) ? NaN : day + clock;
    }

    const number = (column: number, isStatus: boolean): number => {
      if (column < 0 || column >= count) return -1;
      const t = tok(column);
      if (t === '-') return -1;
      const v = parseCount(t);
      if (v < 0) {
        const name = layout.names[column] ?? 'field';
        problems.push(
          isStatus
            ? problem(SMTPLOG_CODES.badStatus, `sc-status "${t.slice(0, 40)}" is not a reply code.`, ...span(column))
            : problem(SMTPLOG_CODES.badNumber, `${name} "${t.slice(0, 40)}" is not a number.`, ...span(column)),
        );
      }
      return v;
    };
    const text_ = (column: number): string => {
      const t = tok(column);
      return t === '-' || t === '' ? '' : this.pool.intern(t);
    };

    const method = text_(idx.method);
    const username = text_(idx.username);
    const serverPort = number(idx.serverPort, false);
    const record: LogRecord = {
      kind: 'record',
      line,
      format: 'w3c',
      time,
      localTime: false,
      clientIp: text_(idx.clientIp),
      username,
      serverIp: text_(idx.serverIp),
      siteName: text_(idx.siteName),
      serverPort,
      method,
      verb: method === '' ? '' : this.pool.intern(method.toUpperCase()),
      query: '',
      status: number(idx.status, true),
      win32Status: number(idx.win32Status, false),
      bytesSent: number(idx.bytesSent, false),
      bytesReceived: number(idx.bytesReceived, false),
      timeTaken: number(idx.timeTaken, false),
      direction: 'in',
      layout,
    };
    const rawQuery = tok(idx.uriQuery);
    record.direction = directionOf(record, rawQuery, idx.username >= 0, idx.serverPort >= 0);
    record.query = this.keepQuery(record, rawQuery);
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
      return { kind: 'invalid', problems: [problem(SMTPLOG_CODES.unreadableLine, `Not a Microsoft IIS format record: it has ${cuts.length} of the 14 commas that separate the fixed fields.`, 0, text.length)] };
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
    const bad = (why: string): LineEntry => ({ kind: 'invalid', problems: [problem(SMTPLOG_CODES.unreadableLine, `Not an NCSA format record: ${why}.`, 0, text.length)] });
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
    return this.pool.intern(raw.length > MAX_QUERY ? raw.slice(0, MAX_QUERY) : raw);
  }
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

// Reads Exchange protocol log lines one at a time: directives set the log type and the `#Fields` in force,
// records are split as CSV and their fields picked by name. Total: any text yields an entry.
import { problem } from '../smtpLog/problem';
import type { LineProblem } from '../smtpLog/types';
import { directiveInfo, EX_EVENTS, STANDARD_FIELDS, type ExFieldName } from './catalog';
import { EXLOG_CODES } from './codes';
import { CONTROL_CHAR } from './controlChars';
import { csvValue, scanCsvLine, type CsvFields } from './csv';

export type ExLogType = 'receive' | 'send' | 'unknown';

export interface ExLayout {
  names: readonly string[];
  /** Column of each standard field, -1 when absent. */
  index: Record<ExFieldName, number>;
}

export interface ExDirective {
  kind: 'directive';
  name: string;
  value: string;
  problems?: LineProblem[];
}

export interface ExRecord {
  kind: 'record';
  /** Set by the session grouper: the line the record was read from. */
  line?: number;
  /** ms since the epoch, NaN when unreadable. */
  time: number;
  connector: string;
  sessionId: string;
  /** NaN when unreadable. */
  seq: number;
  local: string;
  remote: string;
  event: string;
  data: string;
  context: string;
  /** Columns of the data field on the line (for diagnostics), end exclusive. */
  dataStart: number;
  dataEnd: number;
  problems?: LineProblem[];
}

export interface ExOther {
  kind: 'blank' | 'bad';
  problems?: LineProblem[];
}

export type ExEntry = ExDirective | ExRecord | ExOther;

/** Exchange writes lines of a few hundred characters; certificates and banners stay well under this. */
export const MAX_LINE = 16_384;

export function layoutOf(names: readonly string[]): ExLayout {
  const lower = names.map((n) => n.trim().toLowerCase());
  const index = {} as Record<ExFieldName, number>;
  for (const f of STANDARD_FIELDS) index[f] = lower.indexOf(f);
  return { names: lower, index };
}

export const STANDARD_LAYOUT = layoutOf(STANDARD_FIELDS);

const EVENTS = new Set(EX_EVENTS.map((e) => e.symbol));

export function logTypeOf(value: string): ExLogType {
  if (/SMTP Receive Protocol Log/i.test(value)) return 'receive';
  if (/SMTP Send Protocol Log/i.test(value)) return 'send';
  return 'unknown';
}

export class ExLineParser {
  layout: ExLayout | undefined;
  logType: ExLogType = 'unknown';

  constructor(logType: ExLogType = 'unknown') {
    this.logType = logType;
  }

  /** The layout records are read with: the `#Fields` in force, else the standard order. */
  get effectiveLayout(): ExLayout {
    return this.layout ?? STANDARD_LAYOUT;
  }

  /** `clean`: the caller knows the line holds no control character (it checked the bytes it was read from). */
  parse(raw: string, clean = false): ExEntry {
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    const shift = raw.length - text.length;
    if (text.trim() === '') return { kind: 'blank' };
    if (text.length > MAX_LINE) {
      return { kind: 'bad', problems: [problem(EXLOG_CODES.overlongLine, `Line of ${text.length} characters; Exchange writes far shorter lines. Not read.`, 0, Math.min(raw.length, 200))] };
    }
    if (text.charCodeAt(0) === 35) return this.directive(text, shift);
    return this.record(text, shift, clean);
  }

  private directive(text: string, shift: number): ExDirective {
    const colon = text.indexOf(':');
    const name = (colon < 0 ? text.slice(1) : text.slice(1, colon)).trim();
    const value = colon < 0 ? '' : text.slice(colon + 1).trim();
    const entry: ExDirective = { kind: 'directive', name, value };
    if (!directiveInfo(name)) {
      entry.problems = [problem(EXLOG_CODES.unknownDirective, `Unknown directive #${name.slice(0, 40)}: Exchange writes #Software, #Version, #Log-type, #Date and #Fields.`, shift, shift + text.length)];
      return entry;
    }
    const key = name.toLowerCase();
    if (key === 'log-type') {
      this.logType = logTypeOf(value);
      if (this.logType === 'unknown') entry.problems = [problem(EXLOG_CODES.notProtocolLog, `Log type ${JSON.stringify(value.slice(0, 60))} is not an SMTP Receive or Send Protocol Log: sessions are not analysed.`, shift, shift + text.length)];
    }
    else if (key === 'fields') this.layout = layoutOf(value.split(','));
    return entry;
  }

  private readonly csv: CsvFields = { count: 0, starts: [], ends: [], errorAt: -1 };

  private record(text: string, shift: number, clean: boolean): ExEntry {
    const csv = scanCsvLine(text, this.csv);
    const { starts, ends } = csv;
    const count = csv.count;
    let problems: LineProblem[] | undefined;
    if (csv.errorAt >= 0) (problems ??= []).push(problem(EXLOG_CODES.malformedCsv, 'Unbalanced quotes: a quoted field must end with a quote followed by a comma or the end of the line (inner quotes doubled).', shift + csv.errorAt, shift + text.length));
    if (!this.layout) (problems ??= []).push(problem(EXLOG_CODES.recordBeforeFields, 'Record before any #Fields directive: read with the standard Exchange field order.', shift, shift + Math.min(text.length, 30)));
    const layout = this.effectiveLayout;
    const ix = layout.index;
    if (count !== layout.names.length && csv.errorAt < 0) (problems ??= []).push(problem(EXLOG_CODES.fieldCount, `${count} fields where #Fields declares ${layout.names.length}.`, shift, shift + text.length));
    if (!clean && CONTROL_CHAR.test(text)) (problems ??= []).push(problem(EXLOG_CODES.binaryData, 'Line contains control or binary characters.', shift, shift + text.length));
    let time = NaN;
    const dt = ix['date-time'];
    if (dt >= 0) {
      time = dt < count && !isQuoted(text, starts[dt]!) ? this.time(text, starts[dt]!, ends[dt]!) : NaN;
      if (Number.isNaN(time)) {
        // The slow way for what the fast one refused: a quoted time is decoded first.
        const timeText = csvValue(text, csv, dt);
        time = this.time(timeText, 0, timeText.length);
        if (Number.isNaN(time)) (problems ??= []).push(problem(EXLOG_CODES.badTimestamp, `date-time ${JSON.stringify(timeText.slice(0, 40))} is not an ISO UTC time (yyyy-mm-ddThh:mm:ss.fffZ).`, ...this.place(dt, text.length, shift)));
      }
    }
    const sid = ix['session-id'];
    const sessionText = sid >= 0 ? csvValue(text, csv, sid) : '';
    const sessionCase = hexCase(sessionText);
    const sq = ix['sequence-number'];
    const seq = sq < 0 ? NaN : sq < count && !isQuoted(text, starts[sq]!) ? digits(text, starts[sq]!, ends[sq]!) : digitsOf(csvValue(text, csv, sq));
    if (sid >= 0 && sessionCase < 0) (problems ??= []).push(problem(EXLOG_CODES.badSession, `session-id ${JSON.stringify(sessionText.slice(0, 40))} is not hexadecimal.`, ...this.place(sid, text.length, shift)));
    else if (sq >= 0 && Number.isNaN(seq)) (problems ??= []).push(problem(EXLOG_CODES.badSession, `sequence-number ${JSON.stringify(csvValue(text, csv, sq).slice(0, 20))} is not a number.`, ...this.place(sq, text.length, shift)));
    const event = ix.event >= 0 ? csvValue(text, csv, ix.event) : '';
    if (ix.event >= 0 && !isEvent(event)) (problems ??= []).push(problem(EXLOG_CODES.unknownEvent, `Event ${JSON.stringify(event.slice(0, 20))} is not one of + - > < *.`, ...this.place(ix.event, text.length, shift)));
    const data = ix.data >= 0 ? csvValue(text, csv, ix.data) : '';
    const record: ExRecord = {
      kind: 'record',
      line: -1,
      time,
      connector: ix['connector-id'] >= 0 ? csvValue(text, csv, ix['connector-id']) : '',
      sessionId: sessionCase < 0 ? '' : sessionCase > 0 ? sessionText.toUpperCase() : sessionText,
      seq,
      local: ix['local-endpoint'] >= 0 ? csvValue(text, csv, ix['local-endpoint']) : '',
      remote: ix['remote-endpoint'] >= 0 ? csvValue(text, csv, ix['remote-endpoint']) : '',
      event,
      data,
      context: ix.context >= 0 ? csvValue(text, csv, ix.context) : '',
      dataStart: ix.data >= 0 ? shift + (ix.data < count ? starts[ix.data]! : 0) : shift,
      // Information lines often carry their text in the context: an empty data field points at the rest of the line.
      dataEnd: ix.data >= 0 && data !== '' ? shift + (ix.data < count ? ends[ix.data]! : text.length) : shift + text.length,
    };
    if (problems) record.problems = problems;
    return record;
  }

  /** Where field `i` is on the line, for a problem: [start, end] (the whole line when the field is missing). */
  private place(i: number, length: number, shift: number): [number, number] {
    const csv = this.csv;
    return i < csv.count ? [shift + csv.starts[i]!, shift + csv.ends[i]!] : [shift, shift + length];
  }

  /** The last second read, in ms since the epoch. */
  private lastSecondMs = NaN;
  /** The 19 characters of that second as read (-1 until a time is read). */
  private readonly secondCodes = new Int32Array(19).fill(-1);

  /** Whether `text` at `start` begins with the 19 characters of the last second read (checked from its end, which changes first). */
  private sameSecond(text: string, start: number): boolean {
    const codes = this.secondCodes;
    for (let i = 18; i >= 0; i--) if (text.charCodeAt(start + i) !== codes[i]) return false;
    return true;
  }

  /**
   * ms of the ISO UTC time `text[start, end)` (`yyyy-mm-ddThh:mm:ss.fffffffZ`, 0 to 7 fraction digits), NaN
   * when it is not one. Consecutive lines share their second, so the date part is parsed once per second.
   */
  private time(text: string, start: number, end: number): number {
    const length = end - start;
    if (length !== 20 && (length < 22 || length > 28)) return NaN;
    if (text.charCodeAt(end - 1) !== 90) return NaN; // Z
    // Consecutive lines share their second: the same 19 characters as the last time read are that second.
    if (!this.sameSecond(text, start)) {
      // Another second (the shape fixes the separators, so other characters are other digits): parsed once.
      for (let i = 0; i < 19; i++) {
        const c = text.charCodeAt(start + i);
        const want = TIME_SHAPE.charCodeAt(i);
        if (want !== DIGIT ? c !== want : c < 48 || c > 57) return NaN;
      }
      this.lastSecondMs = Date.parse(`${text.slice(start, start + 19)}Z`);
      for (let i = 0; i < 19; i++) this.secondCodes[i] = text.charCodeAt(start + i);
    }
    let ms = 0;
    if (length > 20) {
      if (text.charCodeAt(start + 19) !== 46) return NaN; // .
      // `.f` to `.fffffff`: the first three digits are milliseconds.
      for (let i = start + 20, place = 100; i < end - 1; i++, place /= 10) {
        const c = text.charCodeAt(i);
        if (c < 48 || c > 57) return NaN;
        if (place >= 1) ms += (c - 48) * place;
      }
    }
    return this.lastSecondMs + ms;
  }
}

/** `#` stands for a digit; the rest must match exactly. */
const TIME_SHAPE = '####-##-##T##:##:##';
const DIGIT = 35;

/** One of the event symbols (`+ - > < *`). */
const isEvent = (value: string): boolean => value.length === 1 && EVENTS.has(value);

const isQuoted = (text: string, start: number): boolean => text.charCodeAt(start) === 34;

/** 1 to 9 decimal digits as a number, NaN otherwise. */
function digits(text: string, start: number, end: number): number {
  if (end <= start || end - start > 9) return NaN;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return NaN;
    n = n * 10 + (c - 48);
  }
  return n;
}

const digitsOf = (text: string): number => digits(text, 0, text.length);

/** 1 to 32 hexadecimal digits: 0 when upper case throughout, 1 when some are lower case, -1 when not hex. */
function hexCase(text: string): number {
  if (text.length < 1 || text.length > 32) return -1;
  let lower = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 70)) continue;
    if (c >= 97 && c <= 102) lower = 1;
    else return -1;
  }
  return lower;
}

/** The IP of an `ip:port` endpoint (`[v6]:port`, bare v6, or v4:port); '' when empty. */
export function endpointAddress(endpoint: string): string {
  const e = endpoint.trim();
  if (e === '') return '';
  if (e.startsWith('[')) {
    const close = e.indexOf(']');
    return close < 0 ? e.slice(1) : e.slice(1, close);
  }
  const colon = e.lastIndexOf(':');
  if (colon < 0) return e;
  // IPv4:port has one colon; a bare IPv6 has several (its port, if any, cannot be told apart).
  return e.indexOf(':') === colon ? e.slice(0, colon) : e;
}

// Reads Exchange protocol log lines one at a time: directives set the log type and the `#Fields` in force,
// records are split as CSV and their fields picked by name. Total: any text yields an entry.
import { problem } from '../smtpLog/problem';
import type { LineProblem } from '../smtpLog/types';
import { directiveInfo, EX_EVENTS, STANDARD_FIELDS, type ExFieldName } from './catalog';
import { EXLOG_CODES } from './codes';
import { splitCsvLine, type CsvLine } from './csv';

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

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/;
const SESSION_ID = /^[0-9A-Fa-f]{1,32}$/;
const SEQUENCE = /^\d{1,9}$/;
const EVENTS = new Set(EX_EVENTS.map((e) => e.symbol));
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

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

  parse(raw: string): ExEntry {
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    const shift = raw.length - text.length;
    if (text.trim() === '') return { kind: 'blank' };
    if (text.length > MAX_LINE) {
      return { kind: 'bad', problems: [problem(EXLOG_CODES.overlongLine, `Line of ${text.length} characters; Exchange writes far shorter lines. Not read.`, 0, Math.min(raw.length, 200))] };
    }
    if (text.charCodeAt(0) === 35) return this.directive(text, shift);
    return this.record(text, shift);
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

  private readonly csv: CsvLine = { values: [], starts: [], ends: [], errorAt: -1 };

  private record(text: string, shift: number): ExEntry {
    const csv = splitCsvLine(text, this.csv);
    const { values, starts, ends } = csv;
    let problems: LineProblem[] | undefined;
    const report = (p: LineProblem): void => void (problems ??= []).push(p);
    const startOf = (i: number): number => shift + (starts[i] ?? 0);
    const endOf = (i: number): number => shift + (ends[i] ?? text.length);
    if (csv.errorAt >= 0) report(problem(EXLOG_CODES.malformedCsv, 'Unbalanced quotes: a quoted field must end with a quote followed by a comma or the end of the line (inner quotes doubled).', shift + csv.errorAt, shift + text.length));
    if (!this.layout) report(problem(EXLOG_CODES.recordBeforeFields, 'Record before any #Fields directive: read with the standard Exchange field order.', shift, shift + Math.min(text.length, 30)));
    const layout = this.effectiveLayout;
    const ix = layout.index;
    if (values.length !== layout.names.length && csv.errorAt < 0) report(problem(EXLOG_CODES.fieldCount, `${values.length} fields where #Fields declares ${layout.names.length}.`, shift, shift + text.length));
    if (CONTROL.test(text)) report(problem(EXLOG_CODES.binaryData, 'Line contains control or binary characters.', shift, shift + text.length));
    const timeText = ix['date-time'] >= 0 ? values[ix['date-time']] ?? '' : '';
    const time = this.time(timeText);
    if (Number.isNaN(time) && ix['date-time'] >= 0) report(problem(EXLOG_CODES.badTimestamp, `date-time ${JSON.stringify(timeText.slice(0, 40))} is not an ISO UTC time (yyyy-mm-ddThh:mm:ss.fffZ).`, startOf(ix['date-time']), endOf(ix['date-time'])));
    const sessionText = ix['session-id'] >= 0 ? values[ix['session-id']] ?? '' : '';
    const sessionOk = SESSION_ID.test(sessionText);
    const seqText = ix['sequence-number'] >= 0 ? values[ix['sequence-number']] ?? '' : '';
    const seq = SEQUENCE.test(seqText) ? Number(seqText) : NaN;
    if (ix['session-id'] >= 0 && !sessionOk) report(problem(EXLOG_CODES.badSession, `session-id ${JSON.stringify(sessionText.slice(0, 40))} is not hexadecimal.`, startOf(ix['session-id']), endOf(ix['session-id'])));
    else if (ix['sequence-number'] >= 0 && Number.isNaN(seq)) report(problem(EXLOG_CODES.badSession, `sequence-number ${JSON.stringify(seqText.slice(0, 20))} is not a number.`, startOf(ix['sequence-number']), endOf(ix['sequence-number'])));
    const event = ix.event >= 0 ? values[ix.event] ?? '' : '';
    if (ix.event >= 0 && !EVENTS.has(event)) report(problem(EXLOG_CODES.unknownEvent, `Event ${JSON.stringify(event.slice(0, 20))} is not one of + - > < *.`, startOf(ix.event), endOf(ix.event)));
    const data = ix.data >= 0 ? values[ix.data] ?? '' : '';
    const record: ExRecord = {
      kind: 'record',
      line: -1,
      time,
      connector: ix['connector-id'] >= 0 ? values[ix['connector-id']] ?? '' : '',
      sessionId: sessionOk ? sessionText.toUpperCase() : '',
      seq,
      local: ix['local-endpoint'] >= 0 ? values[ix['local-endpoint']] ?? '' : '',
      remote: ix['remote-endpoint'] >= 0 ? values[ix['remote-endpoint']] ?? '' : '',
      event,
      data,
      context: ix.context >= 0 ? values[ix.context] ?? '' : '',
      dataStart: ix.data >= 0 ? startOf(ix.data) : shift,
      // Information lines often carry their text in the context: an empty data field points at the rest of the line.
      dataEnd: ix.data >= 0 && data !== '' ? endOf(ix.data) : shift + text.length,
    };
    if (problems) record.problems = problems;
    return record;
  }

  private lastSecond = '';
  private lastSecondMs = NaN;

  /** ms of an ISO UTC time; consecutive lines share their second, so the date part is parsed once per second. */
  private time(text: string): number {
    if (!TIME.test(text)) return NaN;
    const second = text.slice(0, 19);
    if (second !== this.lastSecond) {
      this.lastSecond = second;
      this.lastSecondMs = Date.parse(`${second}Z`);
    }
    if (text.length === 20) return this.lastSecondMs;
    // `.f` to `.fffffff`: the first three digits are milliseconds.
    return this.lastSecondMs + Number(text.slice(20, -1).padEnd(3, '0').slice(0, 3));
  }
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

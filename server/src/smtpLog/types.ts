// The parsed shape of IIS SMTP log lines and sessions, shared by the editor model, the streaming
// file reader, the diagnostics and the assessment engine.
import type { Severity } from '../common/finding';

/** The three text formats IIS SMTP writes (ODBC goes to a database, never a file). */
export type LogFormat = 'w3c' | 'iis' | 'ncsa';

/**
 * Which side of the conversation a record describes:
 * `in` — a client talking to this server; `out-command` / `out-response` — this server delivering onward.
 */
export type Direction = 'in' | 'out-command' | 'out-response';

/** A problem found while reading one line (columns only, kept on the record); located as a Finding by the features. */
export interface LineProblem {
  code: string;
  severity: Severity;
  message: string;
  /** Character columns on the line; `end` exclusive. */
  start: number;
  end: number;
}

/** The column layout that a `#Fields` directive sets for the records after it (W3C only). */
export interface FieldLayout {
  /** Field names as written, lower-cased. */
  names: readonly string[];
  /** Column index of each known field, -1 when the field is not logged. */
  index: {
    date: number;
    time: number;
    clientIp: number;
    username: number;
    siteName: number;
    computerName: number;
    serverIp: number;
    serverPort: number;
    method: number;
    uriStem: number;
    uriQuery: number;
    status: number;
    win32Status: number;
    bytesSent: number;
    bytesReceived: number;
    timeTaken: number;
    version: number;
  };
  /** UTC midnight (ms) of the `#Date` directive of this block, for files without a `date` column; NaN if unknown. */
  blockDate: number;
  /** Line of the `#Fields` directive. */
  line: number;
}

/**
 * One log record (one SMTP command or reply). Strings are interned (flat copies, shared between
 * records), so records never keep a large document or file buffer alive.
 */
export interface LogRecord {
  kind: 'record';
  /** Problems found on the record's line, if any. */
  problems?: LineProblem[];
  /** 0-based line number in the document or file. */
  line: number;
  format: LogFormat;
  /** UTC milliseconds (W3C); for IIS/NCSA formats the local wall-clock time read as if it were UTC. NaN if unknown. */
  time: number;
  /** True when `time` is local wall-clock time (IIS and NCSA formats). */
  localTime: boolean;
  /** c-ip: the client (inbound) or the remote server (outbound). '' when not logged. */
  clientIp: string;
  /** cs-username: the HELO/EHLO name inbound ('' before HELO), or the Outbound* marker. */
  username: string;
  serverIp: string;
  siteName: string;
  /** s-port; -1 when not logged. Always 0 on inbound records. */
  serverPort: number;
  /** cs-method as written ('' for `-` or not logged). */
  method: string;
  /** cs-method upper-cased, for comparisons. */
  verb: string;
  /**
   * cs-uri-query exactly as logged (still `+`-encoded), kept only for records the session model needs
   * (HELO/EHLO/MAIL/RCPT/AUTH/STARTTLS, outbound replies and commands); '' otherwise or for `-`.
   */
  query: string;
  /** sc-status; -1 when not logged or unparsable. */
  status: number;
  /** sc-win32-status; on QUIT/240 records the session length in ms. -1 when not logged. */
  win32Status: number;
  /** sc-bytes (reply bytes to the client); -1 when not logged. */
  bytesSent: number;
  /** cs-bytes (DATA: message size); -1 when not logged. */
  bytesReceived: number;
  timeTaken: number;
  direction: Direction;
  /** The W3C layout in force (undefined for IIS/NCSA). */
  layout?: FieldLayout;
}

export type AuthKind = 'none' | 'login' | 'plain' | 'ntlm' | 'gssapi' | 'other';

/** One envelope inside a session: MAIL, its RCPTs and the DATA outcome. */
export interface SessionMessage {
  /** Sender address, lower-cased ('' for the null sender `<>`). */
  from: string;
  mailStatus: number;
  mailLine: number;
  accepted: string[];
  /** Recipients refused with 550 (relay denied on IIS). */
  denied: { address: string; line: number; status: number }[];
  /** Other refused recipients (4xx, other 5xx). */
  refused: { address: string; line: number; status: number }[];
  /** DATA/BDAT final status; -1 when no DATA record. */
  dataStatus: number;
  dataLine: number;
  /** cs-bytes of DATA (message size) or -1. */
  size: number;
  time: number;
}

export interface Session {
  direction: 'in' | 'out';
  clientIp: string;
  serverIp: string;
  /** HELO/EHLO name ('' when none was given); for outbound sessions the EHLO name we sent. */
  helo: string;
  usedEhlo: boolean;
  firstLine: number;
  lastLine: number;
  /** Number of records in the session (sessions from one address can interleave with others). */
  recordCount: number;
  startTime: number;
  endTime: number;
  auth: AuthKind;
  /** Status of the final AUTH reply (235 success), -1 when no AUTH. */
  authStatus: number;
  authLine: number;
  /** STARTTLS answered 220. */
  tls: boolean;
  /** AUTH was attempted before any successful STARTTLS (credentials crossed the wire in clear). */
  authInClear: boolean;
  messages: SessionMessage[];
  /** The QUIT/240 record was seen (the session ended in this log). */
  closed: boolean;
  /** sc-win32-status of the 240 record (session length in ms), -1 if unknown. */
  durationMs: number;
  /** Count of 500 replies (unrecognised input: scanners, HTTP probes). */
  unrecognized: number;
  /** Outbound only: reply codes the remote server sent (first line of each reply). */
  remoteReplies: number[];
}

// W3C extended log fields as the IIS SMTP service (SMTPSVC) writes them, with their meaning in an SMTP log,
// the IIS dialog checkbox and LogExtFileFlags bit that switch them on, and their weight for a relay assessment.
import { closestName } from '../../common/editDistance';

/** How a field's value is shaped, so parsers and hovers know what to expect. */
export type FieldValueKind = 'date' | 'time' | 'ip' | 'text' | 'int' | 'method' | 'status' | 'port' | 'version';

/** Whether a relay assessment (who sends what through this server) needs the field. */
export type RelayRequirement = 'essential' | 'useful' | 'no';

/** What the SMTP service actually puts in the column. */
export type SmtpUsage =
  | 'meaningful' // carries per-record information
  | 'constant' // always the same value in an SMTP log (e.g. `SMTP`)
  | 'always-empty' // offered by the dialog for Web/FTP, always `-` in SMTP logs
  | 'not-written'; // HTTP-only, SMTPSVC does not produce it

export interface FieldInfo {
  /** Name exactly as it appears on a `#Fields:` line. */
  readonly name: string;
  readonly summary: string;
  /** Markdown, a few sentences. */
  readonly detail: string;
  /** What the value means on a record of a client talking to this server. */
  readonly inbound: string;
  /** What the value means on an `OutboundConnectionCommand`/`OutboundConnectionResponse` record. */
  readonly outbound: string;
  /** Checkbox label in the IIS Manager "Extended Logging Properties" dialog (Advanced tab). */
  readonly uiLabel: string;
  /** `LogExtFileFlags` (MD_LOGEXT_FIELD_MASK) bit that enables the field. */
  readonly flagBit: number;
  /** Name of that bit in the metabase / ADSI (`LogExtFile…`). */
  readonly flagName: string;
  readonly required: RelayRequirement;
  readonly kind: FieldValueKind;
  readonly smtpUsage: SmtpUsage;
}

/** The 21 fields SMTPSVC can write, in the order it writes them, followed by HTTP-only `sc-substatus`. */
export const FIELDS = [
  {
    name: 'date',
    summary: 'Date the command finished: UTC `yyyy-MM-dd` in W3C logs; server local time `M/D/YYYY` in the IIS format.',
    detail:
      'W3C extended: the calendar day in **UTC**, `yyyy-MM-dd`, not server local time; when this column is not logged, the ' +
      'only date source is the `#Date` directive of the header block, which is why tools such as Log Parser ' +
      'offer to take the date from it. Microsoft IIS format: **local time** of the server, `M/D/YYYY` (old documentation ' +
      'shows `M/D/YY`). NCSA: local time with its UTC offset, `[dd/Mon/yyyy:HH:mm:ss ±zzzz]`.',
    inbound: 'Day on which the client command completed (UTC in W3C, local time in the IIS and NCSA formats).',
    outbound: 'Day on which the command was sent or the remote reply arrived (UTC in W3C, local time in the IIS and NCSA formats).',
    uiLabel: 'Date (date)',
    flagBit: 0x00000001,
    flagName: 'LogExtFileDate',
    required: 'useful',
    kind: 'date',
    smtpUsage: 'meaningful',
  },
  {
    name: 'time',
    summary: 'Time of day the command finished: UTC `HH:mm:ss` in W3C logs; server local time `H:mm:ss` in the IIS format.',
    detail:
      'Whole seconds; **UTC** in W3C extended logs, **local time** in the IIS and NCSA formats. Together with `c-ip` it is the only thing that orders records into sessions, ' +
      'because SMTP logs carry no session identifier.',
    inbound: 'Time at which the client command completed (UTC in W3C, local time in the IIS and NCSA formats).',
    outbound: 'Time at which the command was sent or the remote reply arrived (UTC in W3C, local time in the IIS and NCSA formats).',
    uiLabel: 'Time (time)',
    flagBit: 0x00000002,
    flagName: 'LogExtFileTime',
    required: 'useful',
    kind: 'time',
    smtpUsage: 'meaningful',
  },
  {
    name: 'c-ip',
    summary: 'IP address of the other end of the SMTP connection.',
    detail:
      'On inbound records this is the application, device or mail server that connected to submit mail: the ' +
      'key fact for a relay inventory. On outbound records the roles flip and it is the **remote** server ' +
      '(smart host or recipient MX) that this server delivered to.',
    inbound: 'Address of the client that connected to this server.',
    outbound: 'Address of the remote server (smart host or MX) this server connected to.',
    uiLabel: 'Client IP Address (c-ip)',
    flagBit: 0x00000004,
    flagName: 'LogExtFileClientIp',
    required: 'essential',
    kind: 'ip',
    smtpUsage: 'meaningful',
  },
  {
    name: 'cs-username',
    summary: 'HELO/EHLO name of the client, or the outbound record marker.',
    detail:
      'Despite its name this is **not** an authenticated account: IIS fills it with the argument of the ' +
      "client's `HELO`/`EHLO` command (`-` until one is sent), and no log field ever names the AUTH user. " +
      'On outbound records it holds the literal `OutboundConnectionCommand` or `OutboundConnectionResponse`, ' +
      'which is the surest way to tell the direction of a record.',
    inbound: 'The host name the client announced with HELO/EHLO; `-` before that. Free text (IPs, NetBIOS names, even e-mail addresses occur).',
    outbound: '`OutboundConnectionCommand` (a command this server sent) or `OutboundConnectionResponse` (the reply it got).',
    uiLabel: 'User Name (cs-username)',
    flagBit: 0x00000008,
    flagName: 'LogExtFileUserName',
    required: 'essential',
    kind: 'text',
    smtpUsage: 'meaningful',
  },
  {
    name: 's-sitename',
    summary: 'SMTP virtual server instance, e.g. SMTPSVC1.',
    detail:
      'Names the virtual server that wrote the record (`SMTPSVC` followed by its instance number). It matches ' +
      'the log folder name and the metabase key `/LM/SMTPSVC/<n>`.',
    inbound: 'Instance that accepted the connection.',
    outbound: 'Instance that made the delivery.',
    uiLabel: 'Service Name (s-sitename)',
    flagBit: 0x00000010,
    flagName: 'LogExtFileSiteName',
    required: 'no',
    kind: 'text',
    smtpUsage: 'meaningful',
  },
  {
    name: 's-computername',
    summary: 'NetBIOS name of the server that wrote the log.',
    detail: 'The same on every record of a file; handy when logs from several servers are merged.',
    inbound: 'This server\'s NetBIOS name.',
    outbound: 'This server\'s NetBIOS name.',
    uiLabel: 'Server Name (s-computername)',
    flagBit: 0x00000020,
    flagName: 'LogExtFileComputerName',
    required: 'no',
    kind: 'text',
    smtpUsage: 'meaningful',
  },
  {
    name: 's-ip',
    summary: 'Server address that accepted the connection (`-` on outbound records).',
    detail:
      'On a multi-homed server it tells which binding a client used, which matters when the new connector ' +
      'must listen on the same address. Outbound records leave it empty.',
    inbound: 'Local address the client connected to.',
    outbound: 'Always `-`.',
    uiLabel: 'Server IP Address (s-ip)',
    flagBit: 0x00000040,
    flagName: 'LogExtFileServerIp',
    required: 'useful',
    kind: 'ip',
    smtpUsage: 'meaningful',
  },
  {
    name: 's-port',
    summary: 'Remote port on outbound records; always 0 on inbound ones.',
    detail:
      'IIS SMTP does not record the listening port for inbound connections (the value is `0`), but it does ' +
      'record the port it connected to when delivering (normally `25`). That makes a non-zero value a ' +
      'reliable sign of an outbound record. It is written right after `s-ip` although its flag bit is higher.',
    inbound: 'Always `0`.',
    outbound: 'Port of the remote server, usually `25`.',
    uiLabel: 'Server Port (s-port)',
    flagBit: 0x00008000,
    flagName: 'LogExtFileServerPort',
    required: 'useful',
    kind: 'port',
    smtpUsage: 'meaningful',
  },
  {
    name: 'cs-method',
    summary: 'The SMTP command (verb) of the record.',
    detail:
      'Known commands are upper case (`EHLO`, `MAIL`, `RCPT`, `DATA`, `QUIT` …). Input the service did not ' +
      'recognise is logged lower-cased as typed (`get`, `user-agent:`) or as `xxxx`, with status 500. ' +
      'Outbound reply records have `-` here.',
    inbound: 'The command the client sent, or `QUIT` on the session-end record.',
    outbound: 'Command records: the verb this server sent. Response records: `-`.',
    uiLabel: 'Method (cs-method)',
    flagBit: 0x00000080,
    flagName: 'LogExtFileMethod',
    required: 'essential',
    kind: 'method',
    smtpUsage: 'meaningful',
  },
  {
    name: 'cs-uri-stem',
    summary: 'Unused by SMTP: always `-`.',
    detail: 'A Web field kept for format compatibility. The SMTP service never fills it.',
    inbound: 'Always `-`.',
    outbound: 'Always `-`.',
    uiLabel: 'URI Stem (cs-uri-stem)',
    flagBit: 0x00000100,
    flagName: 'LogExtFileUriStem',
    required: 'no',
    kind: 'text',
    smtpUsage: 'always-empty',
  },
  {
    name: 'cs-uri-query',
    summary: 'Command argument or reply text: addresses, HELO names, Message-IDs, remote replies.',
    detail:
      'The most informative column of an SMTP log. Spaces are written as `+`. Inbound, it holds the argument ' +
      'of the command with a leading `+` (`+FROM:<a@example.com>`, `+TO:<b@example.com>`); on `DATA` it is ' +
      'the Message-ID of the message, and on the session-end `QUIT` record the HELO name. Outbound command ' +
      'records hold the argument without the leading `+`; outbound response records hold the first line of ' +
      'the remote reply (`250+2.1.0+Ok`). Values longer than about 1023 characters are cut.',
    inbound: 'Argument of the client command with a leading `+`; Message-ID on DATA; HELO name on the QUIT/240 record.',
    outbound: 'Command records: the argument sent (no leading `+`). Response records: first line of the remote reply.',
    uiLabel: 'URI Query (cs-uri-query)',
    flagBit: 0x00000200,
    flagName: 'LogExtFileUriQuery',
    required: 'essential',
    kind: 'text',
    smtpUsage: 'meaningful',
  },
  {
    name: 'sc-status',
    summary: 'SMTP reply code returned to the client (0 on outbound records).',
    detail:
      'The three-digit code IIS answered the command with. `DATA` shows the final code after the message ' +
      'body, never the intermediate 354. Two values are IIS-specific: `240` marks the session-end record ' +
      'and `0` marks outbound records, whose real code is at the start of `cs-uri-query`.',
    inbound: 'Reply code for the command; `500` for unrecognised input; `240` on the session-end record.',
    outbound: 'Always `0`: the remote reply code is inside `cs-uri-query`.',
    uiLabel: 'Protocol Status (sc-status)',
    flagBit: 0x00000400,
    flagName: 'LogExtFileHttpStatus',
    required: 'essential',
    kind: 'status',
    smtpUsage: 'meaningful',
  },
  {
    name: 'sc-win32-status',
    summary: 'Windows status code; session length in ms on the QUIT/240 record.',
    detail:
      'Usually `0`. On the session-end record (`QUIT` with status 240) it is **not an error**: it is how long ' +
      'the connection lasted, in milliseconds. Elsewhere a non-zero value is a Windows or WinSock error number.',
    inbound: '`0`, a Windows error number on failure paths, or the session length in ms on the QUIT/240 record.',
    outbound: 'Normally `0`.',
    uiLabel: 'Win32 Status (sc-win32-status)',
    flagBit: 0x00000800,
    flagName: 'LogExtFileWin32Status',
    required: 'useful',
    kind: 'int',
    smtpUsage: 'meaningful',
  },
  {
    name: 'sc-bytes',
    summary: 'Bytes this server sent for the record.',
    detail:
      'Inbound, the size of the reply IIS sent for the command. Outbound, the length of the verb for command ' +
      'records and of the reply text for response records. It says little about message sizes; use `cs-bytes` ' +
      'on `DATA` for that.',
    inbound: 'Size of the reply sent to the client for this command.',
    outbound: 'Command records: length of the verb. Response records: length of the reply text.',
    uiLabel: 'Bytes Sent (sc-bytes)',
    flagBit: 0x00001000,
    flagName: 'LogExtFileBytesSent',
    required: 'no',
    kind: 'int',
    smtpUsage: 'meaningful',
  },
  {
    name: 'cs-bytes',
    summary: 'Bytes received from the client; the message size on DATA.',
    detail:
      'Inbound, the length of the command line, except on `DATA` records where it is the size of the whole ' +
      'message: summing it gives the mail volume an application sends. Outbound records show `0`.',
    inbound: 'Length of the command line; the size of the message body on DATA.',
    outbound: 'Always `0`.',
    uiLabel: 'Bytes Received (cs-bytes)',
    flagBit: 0x00002000,
    flagName: 'LogExtFileBytesRecv',
    required: 'useful',
    kind: 'int',
    smtpUsage: 'meaningful',
  },
  {
    name: 'time-taken',
    summary: 'Milliseconds spent on the command.',
    detail:
      'Inbound, the processing time of the command; on `DATA` the time the message transfer took. Outbound ' +
      'records count from when the connection or processing timer started, so they grow through a delivery.',
    inbound: 'Milliseconds spent on the command (DATA: body transfer time).',
    outbound: 'Milliseconds since the outbound timer started.',
    uiLabel: 'Time Taken (time-taken)',
    flagBit: 0x00004000,
    flagName: 'LogExtFileTimeTaken',
    required: 'no',
    kind: 'int',
    smtpUsage: 'meaningful',
  },
  {
    name: 'cs-version',
    summary: 'Protocol name: always `SMTP`.',
    detail: 'Constant in SMTP logs; it only confirms that the file came from the SMTP service.',
    inbound: 'Always `SMTP`.',
    outbound: 'Always `SMTP`.',
    uiLabel: 'Protocol Version (cs-version)',
    flagBit: 0x00080000,
    flagName: 'LogExtFileProtocolVersion',
    required: 'no',
    kind: 'version',
    smtpUsage: 'constant',
  },
  {
    name: 'cs-host',
    summary: 'HTTP Host header: always `-` in SMTP logs.',
    detail: 'Offered by the logging dialog for Web sites; SMTP has no such header to log.',
    inbound: 'Always `-`.',
    outbound: 'Always `-`.',
    uiLabel: 'Host (cs-host)',
    flagBit: 0x00100000,
    flagName: 'LogExtFileHost',
    required: 'no',
    kind: 'text',
    smtpUsage: 'always-empty',
  },
  {
    name: 'cs(User-Agent)',
    summary: 'HTTP User-Agent: always `-` in SMTP logs.',
    detail: 'A Web field; SMTP clients do not send one. Mail client identification, if any, is in the Message-ID on DATA records.',
    inbound: 'Always `-`.',
    outbound: 'Always `-`.',
    uiLabel: 'User Agent (cs(User-Agent))',
    flagBit: 0x00010000,
    flagName: 'LogExtFileUserAgent',
    required: 'no',
    kind: 'text',
    smtpUsage: 'always-empty',
  },
  {
    name: 'cs(Cookie)',
    summary: 'HTTP cookie: always `-` in SMTP logs.',
    detail: 'A Web field with no SMTP counterpart.',
    inbound: 'Always `-`.',
    outbound: 'Always `-`.',
    uiLabel: 'Cookie (cs(Cookie))',
    flagBit: 0x00020000,
    flagName: 'LogExtFileCookie',
    required: 'no',
    kind: 'text',
    smtpUsage: 'always-empty',
  },
  {
    name: 'cs(Referer)',
    summary: 'HTTP referrer: always `-` in SMTP logs.',
    detail: 'A Web field with no SMTP counterpart.',
    inbound: 'Always `-`.',
    outbound: 'Always `-`.',
    uiLabel: 'Referer (cs(Referer))',
    flagBit: 0x00040000,
    flagName: 'LogExtFileReferer',
    required: 'no',
    kind: 'text',
    smtpUsage: 'always-empty',
  },
  {
    name: 'sc-substatus',
    summary: 'HTTP sub-status: not written by the SMTP service.',
    detail:
      'Exists for Web logging (HTTP.sys). The flag can be set on an SMTP virtual server but SMTP log files do ' +
      'not carry the column; finding it suggests a Web log or a custom logging module.',
    inbound: 'Not written by SMTPSVC.',
    outbound: 'Not written by SMTPSVC.',
    uiLabel: 'Protocol Substatus (sc-substatus)',
    flagBit: 0x00200000,
    flagName: 'LogExtFileHttpSubStatus',
    required: 'no',
    kind: 'int',
    smtpUsage: 'not-written',
  },
] as const satisfies readonly FieldInfo[];

export type FieldName = (typeof FIELDS)[number]['name'];

/** Names SMTPSVC writes with every box ticked, in on-disk order (what completion in `#Fields:` offers). */
export const SMTPSVC_FIELD_ORDER: readonly FieldName[] = FIELDS.filter((f) => f.smtpUsage !== 'not-written').map(
  (f) => f.name,
);

/** IIS's default `LogExtFileFlags` (time, c-ip, cs-method, cs-uri-stem, sc-status): useless for a relay inventory. */
export const DEFAULT_LOG_EXT_FILE_FLAGS = 0x586;

const byLowerName = new Map<string, FieldInfo>(FIELDS.map((f) => [f.name.toLowerCase(), f]));
const allNames: readonly string[] = FIELDS.map((f) => f.name);

/** Field by its `#Fields` name, ignoring case. */
export function fieldByName(name: string): FieldInfo | undefined {
  return byLowerName.get(name.trim().toLowerCase());
}

/** The known field name closest to a misspelt one (`c_ip` → `c-ip`), or undefined when nothing is close. */
export function closestFieldName(name: string): string | undefined {
  return closestName(name, allNames);
}

/** Fields whose bits are set in a `LogExtFileFlags` value, in on-disk order. */
export function fieldsForFlags(flags: number): FieldInfo[] {
  return FIELDS.filter((f) => (flags & f.flagBit) !== 0);
}

// SMTP reply codes (RFC 5321, AUTH from RFC 4954, STARTTLS from RFC 3207) plus the two values IIS puts in
// sc-status on its own: 240 (session end) and 0 (outbound record).

/** `iis` = a value IIS logs that is not an SMTP reply. */
export type ReplyClass = 'success' | 'intermediate' | 'transient' | 'permanent' | 'iis';

export interface ReplyCodeInfo {
  readonly code: number;
  readonly replyClass: ReplyClass;
  readonly summary: string;
  /** Markdown, a few sentences. */
  readonly detail: string;
  /** What IIS SMTP uses the code for, when it has a specific habit. */
  readonly iisNote?: string;
  /** Where the code is defined. */
  readonly source: 'RFC 5321' | 'RFC 4954' | 'RFC 3207' | 'RFC 1985' | 'IIS';
  /** False when the entry was derived from the code's first digit only. */
  readonly exact: boolean;
}

export interface ReplyClassInfo {
  readonly digit: 2 | 3 | 4 | 5;
  readonly replyClass: Exclude<ReplyClass, 'iis'>;
  readonly summary: string;
  readonly detail: string;
}

export const REPLY_CLASSES = [
  {
    digit: 2,
    replyClass: 'success',
    summary: 'Success: the command was carried out.',
    detail: 'A 2xx reply completes the command; the client may go on.',
  },
  {
    digit: 3,
    replyClass: 'intermediate',
    summary: 'Intermediate: the server waits for more input.',
    detail: 'The command was accepted so far, and the client must send more (message body, AUTH response).',
  },
  {
    digit: 4,
    replyClass: 'transient',
    summary: 'Temporary failure: try again later.',
    detail: 'The command failed for now; a well-behaved sender queues the message and retries.',
  },
  {
    digit: 5,
    replyClass: 'permanent',
    summary: 'Permanent failure: do not retry as is.',
    detail: 'The command was refused; repeating it unchanged will fail again. Senders bounce the message.',
  },
] as const satisfies readonly ReplyClassInfo[];

type Entry = Omit<ReplyCodeInfo, 'exact' | 'replyClass'>;

const ENTRIES: readonly Entry[] = [
  { code: 211, summary: 'System status or help reply.', detail: 'Answer to a status request.', source: 'RFC 5321' },
  { code: 214, summary: 'Help message.', detail: 'Answer to `HELP`; IIS lists the commands it supports.', source: 'RFC 5321' },
  {
    code: 220,
    summary: 'Service ready (banner), or ready to start TLS.',
    detail: 'The greeting a server sends when a connection opens. As the answer to `STARTTLS` it means the TLS handshake may begin.',
    iisNote: 'Inbound, only logged as the answer to STARTTLS/TLS. Outbound, the remote banner starts a delivery.',
    source: 'RFC 5321',
  },
  {
    code: 221,
    summary: 'Closing the connection.',
    detail: 'Answer to `QUIT`; the server is about to hang up.',
    source: 'RFC 5321',
  },
  {
    code: 235,
    summary: 'Authentication succeeded.',
    detail: 'The `AUTH` exchange is complete and the session now runs as the authenticated account (which IIS does not log).',
    source: 'RFC 4954',
  },
  {
    code: 250,
    summary: 'Requested action completed.',
    detail: 'The general success reply: greeting accepted, sender or recipient accepted, message queued.',
    iisNote: 'On DATA it means IIS queued the message; on RCPT that it accepted the recipient (including relaying).',
    source: 'RFC 5321',
  },
  {
    code: 251,
    summary: 'User not local; will forward.',
    detail: 'The recipient is accepted and will be forwarded elsewhere.',
    source: 'RFC 5321',
  },
  {
    code: 252,
    summary: 'Cannot verify the user, but will try delivery.',
    detail: 'The usual answer to `VRFY` on servers that do not disclose mailboxes.',
    source: 'RFC 5321',
  },
  {
    code: 334,
    summary: 'Authentication challenge.',
    detail: 'The server waits for the next step of an `AUTH` exchange (a base64 prompt follows).',
    source: 'RFC 4954',
  },
  {
    code: 354,
    summary: 'Start mail input.',
    detail: 'The server is ready for the message body, ended by a line with a single dot.',
    iisNote: 'Never in an inbound DATA record: IIS logs the final reply after the body instead. Visible on outbound response records.',
    source: 'RFC 5321',
  },
  {
    code: 421,
    summary: 'Service not available; closing the connection.',
    detail: 'The server is shutting down or refuses to talk now. Large mail providers use it to defer senders with poor reputation or too high a rate.',
    source: 'RFC 5321',
  },
  {
    code: 450,
    summary: 'Mailbox unavailable (temporary).',
    detail: 'The mailbox is busy or temporarily blocked.',
    iisNote: 'IIS also uses it when the reverse-DNS check of the MAIL FROM domain fails.',
    source: 'RFC 5321',
  },
  {
    code: 451,
    summary: 'Local error in processing.',
    detail: 'The server hit a temporary problem of its own.',
    source: 'RFC 5321',
  },
  {
    code: 452,
    summary: 'Insufficient storage (temporary).',
    detail: 'The server is short of resources or a mailbox is full.',
    iisNote: 'IIS: out of memory, too little disk space, or a full drop directory.',
    source: 'RFC 5321',
  },
  {
    code: 454,
    summary: 'TLS or authentication temporarily unavailable.',
    detail: 'STARTTLS cannot start now, or the authentication back end is unavailable.',
    source: 'RFC 3207',
  },
  {
    code: 455,
    summary: 'Server cannot accommodate the parameters.',
    detail: 'An ESMTP parameter could not be honoured right now.',
    source: 'RFC 5321',
  },
  {
    code: 458,
    summary: 'Unable to queue messages for the node.',
    detail: 'Answer to `ETRN` when the queue cannot be started.',
    source: 'RFC 1985',
  },
  {
    code: 459,
    summary: 'Node not allowed.',
    detail: 'Answer to `ETRN` for a domain the client may not flush.',
    source: 'RFC 1985',
  },
  {
    code: 500,
    summary: 'Syntax error: command unrecognised.',
    detail: 'The input was not an SMTP command, or the line was too long.',
    iisNote: 'IIS answers unknown input this way and logs the first word lower-cased (or `xxxx`). HTTP requests sent to port 25 produce a run of these.',
    source: 'RFC 5321',
  },
  {
    code: 501,
    summary: 'Syntax error in parameters.',
    detail: 'The command was known but its argument was malformed.',
    iisNote: 'IIS: invalid address, or arguments it cannot decode (also for AUTH).',
    source: 'RFC 5321',
  },
  {
    code: 502,
    summary: 'Command not implemented.',
    detail: 'The server knows the command but does not offer it.',
    source: 'RFC 5321',
  },
  {
    code: 503,
    summary: 'Bad sequence of commands.',
    detail: 'The command came at the wrong point of the dialogue.',
    iisNote: 'IIS: "send hello first", "need MAIL before RCPT", "need RCPT before DATA", a second STARTTLS.',
    source: 'RFC 5321',
  },
  {
    code: 504,
    summary: 'Parameter not implemented.',
    detail: 'An argument value is not supported.',
    iisNote: 'IIS: unknown AUTH mechanism. Some remote servers use it to reject a HELO name that is not a fully qualified host name.',
    source: 'RFC 5321',
  },
  {
    code: 530,
    summary: 'Authentication (or TLS) required.',
    detail: 'The server will not accept mail from this client until it authenticates or starts TLS.',
    iisNote: 'IIS answers MAIL with 530 when anonymous access is off and the client did not AUTH, or when TLS is required and was not started.',
    source: 'RFC 4954',
  },
  {
    code: 534,
    summary: 'Authentication mechanism too weak.',
    detail: 'The server requires a stronger AUTH mechanism.',
    source: 'RFC 4954',
  },
  {
    code: 535,
    summary: 'Authentication credentials invalid.',
    detail: 'The user name or password was rejected.',
    source: 'RFC 4954',
  },
  {
    code: 538,
    summary: 'Encryption required for the mechanism.',
    detail: 'The chosen AUTH mechanism may only be used over TLS.',
    source: 'RFC 4954',
  },
  {
    code: 550,
    summary: 'Mailbox unavailable, or refused by policy.',
    detail: 'The action was refused: the mailbox does not exist, or policy forbids it.',
    iisNote: '**On an inbound RCPT, IIS uses 550 for "Unable to relay"**: the client may not send to that domain through this server.',
    source: 'RFC 5321',
  },
  {
    code: 551,
    summary: 'User not local; try another path.',
    detail: 'The recipient is not handled here, and the server will not forward.',
    source: 'RFC 5321',
  },
  {
    code: 552,
    summary: 'Storage allocation exceeded.',
    detail: 'The message or the request is too large.',
    iisNote: 'IIS: message larger than the size limit, or too many recipients.',
    source: 'RFC 5321',
  },
  {
    code: 553,
    summary: 'Mailbox name not allowed.',
    detail: 'The address is syntactically not acceptable.',
    source: 'RFC 5321',
  },
  {
    code: 554,
    summary: 'Transaction failed.',
    detail: 'A general permanent failure; as a banner it means the server will not talk to this client at all.',
    iisNote: 'IIS: DATA with no valid recipients, or STARTTLS without a usable certificate.',
    source: 'RFC 5321',
  },
  {
    code: 555,
    summary: 'MAIL/RCPT parameters not recognised.',
    detail: 'An ESMTP parameter on MAIL or RCPT is unknown or not implemented.',
    source: 'RFC 5321',
  },
  {
    code: 240,
    summary: 'IIS session-end record (not an SMTP reply).',
    detail:
      'IIS writes one `QUIT` record with status 240 when a connection closes, whether or not the client sent ' +
      '`QUIT`. On that record `sc-win32-status` is the session length in milliseconds.',
    source: 'IIS',
  },
  {
    code: 0,
    summary: 'Outbound record: no status in this column.',
    detail:
      'Records of this server delivering mail (`OutboundConnectionCommand`/`OutboundConnectionResponse`) ' +
      'always log 0 here; the remote reply code is at the start of `cs-uri-query` on response records.',
    source: 'IIS',
  },
];

function classOf(code: number): ReplyClass | undefined {
  if (code === 0 || code === 240) return 'iis';
  const digit = Math.floor(code / 100);
  return REPLY_CLASSES.find((c) => c.digit === digit)?.replyClass;
}

export const REPLY_CODES: readonly ReplyCodeInfo[] = ENTRIES.map((e) => ({
  ...e,
  replyClass: classOf(e.code) ?? 'iis',
  exact: true,
}));

const byCode = new Map<number, ReplyCodeInfo>(REPLY_CODES.map((r) => [r.code, r]));

/** Class of a reply code by its first digit (200–599), `iis` for 0 and 240, undefined otherwise. */
export function replyClass(code: number): ReplyClass | undefined {
  if (!Number.isInteger(code) || code < 0 || code > 599) return undefined;
  if (code !== 0 && code < 200) return undefined;
  return classOf(code);
}

/** Meaning of a reply code; codes not in the table fall back to the meaning of their class (`exact: false`). */
export function replyCodeInfo(code: number): ReplyCodeInfo | undefined {
  const known = byCode.get(code);
  if (known) return known;
  const cls = replyClass(code);
  const classInfo = REPLY_CLASSES.find((c) => c.replyClass === cls);
  if (!classInfo) return undefined;
  return {
    code,
    replyClass: classInfo.replyClass,
    summary: classInfo.summary,
    detail: `${code} is not a standard SMTP reply code. ${classInfo.detail}`,
    source: 'RFC 5321',
    exact: false,
  };
}

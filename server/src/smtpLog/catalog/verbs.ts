// SMTP commands as they appear in the cs-method column of an IIS SMTP log, and what a record with each holds.

export type VerbKind =
  | 'command' // a standard SMTP command
  | 'extension' // a vendor (Exchange) extension verb
  | 'pseudo' // a record IIS writes on its own (session end) or a placeholder
  | 'unrecognised'; // input the server did not understand

export interface VerbInfo {
  /** Verb as logged (upper case for commands; `xxxx` and `-` as they appear). */
  readonly verb: string;
  readonly kind: VerbKind;
  readonly summary: string;
  /** Markdown, a few sentences. */
  readonly detail: string;
  /** What `cs-uri-query` holds on an inbound record with this verb. */
  readonly query: string;
  /** Reply codes IIS typically logs in `sc-status` for this verb (inbound). */
  readonly typicalStatus: readonly number[];
  /** Another verb this one is an alias of, if any. */
  readonly aliasOf?: string;
}

export const VERBS = [
  {
    verb: 'HELO',
    kind: 'command',
    summary: 'Client greeting (plain SMTP).',
    detail:
      'Opens a session without ESMTP extensions. Its argument becomes the `cs-username` of the following ' +
      'records. Applications still using `HELO` cannot negotiate STARTTLS or AUTH, which matters when moving ' +
      'them to a connector that requires either.',
    query: 'The host name the client announced, after a leading `+`.',
    typicalStatus: [250, 501, 503],
  },
  {
    verb: 'EHLO',
    kind: 'command',
    summary: 'Client greeting (extended SMTP).',
    detail:
      'Opens an ESMTP session; the server answers with its list of extensions (only the first reply line is ' +
      'logged on outbound records). A second `EHLO` after a successful `STARTTLS` is normal. Its argument ' +
      'becomes the `cs-username` of the following records.',
    query: 'The host name the client announced, after a leading `+`.',
    typicalStatus: [250, 501, 503],
  },
  {
    verb: 'MAIL',
    kind: 'command',
    summary: 'Starts a message: gives the envelope sender.',
    detail:
      'Begins a mail transaction. `FROM:<>` (empty reverse path) is a bounce or delivery report. ESMTP ' +
      'parameters such as `SIZE=` or `BODY=8BITMIME` may follow the address. A `530` answer means the server ' +
      'wanted authentication (or TLS) first.',
    query: '`+FROM:<sender>` and optional parameters (`+SIZE=…`); the brackets are sometimes missing.',
    typicalStatus: [250, 450, 501, 503, 530, 552],
  },
  {
    verb: 'RCPT',
    kind: 'command',
    summary: 'Names one envelope recipient.',
    detail:
      'One record per recipient. `250` means accepted; **`550` on an inbound `RCPT` is IIS refusing to ' +
      'relay** to a domain it does not own for a client that is neither on the relay list nor authenticated.',
    query: '`+TO:<recipient>` and optional DSN parameters (`+NOTIFY=…`, `+ORCPT=…`).',
    typicalStatus: [250, 452, 501, 503, 550, 552],
  },
  {
    verb: 'DATA',
    kind: 'command',
    summary: 'Message transfer; logged once, after the body.',
    detail:
      'Written when the message has been received, with the final reply (normally `250`), never the ' +
      'intermediate `354`. `cs-bytes` is then the message size and `time-taken` the transfer time. The query ' +
      'holds the Message-ID: with a leading `+` when the client supplied one, without it when IIS made one up ' +
      '(a hint of a very simple mailer). The ID format often reveals the sending tool.',
    query: 'The Message-ID header of the message (`+<id@host>` from the client, or an IIS-generated `<…>`).',
    typicalStatus: [250, 451, 452, 503, 552, 554],
  },
  {
    verb: 'BDAT',
    kind: 'command',
    summary: 'Chunked message transfer (CHUNKING).',
    detail:
      'Plays the role of `DATA` for clients that send the message in sized chunks. Rare from applications.',
    query: 'The chunk size and, on the last chunk, `LAST`.',
    typicalStatus: [250, 503, 552, 554],
  },
  {
    verb: 'RSET',
    kind: 'command',
    summary: 'Abandons the current message transaction.',
    detail: 'Clears sender and recipients but keeps the connection; the next `MAIL` starts a new message.',
    query: 'Usually `-`.',
    typicalStatus: [250],
  },
  {
    verb: 'NOOP',
    kind: 'command',
    summary: 'Does nothing; keeps the connection alive.',
    detail: 'Harmless keep-alive or connection test.',
    query: 'Usually `-`.',
    typicalStatus: [250],
  },
  {
    verb: 'QUIT',
    kind: 'pseudo',
    summary: 'End of session: IIS writes it with status 240 when the connection closes.',
    detail:
      'IIS writes exactly one `QUIT` record with status **240** when a connection ends, **whether or not the ' +
      'client sent QUIT** (it also appears after timeouts and dropped connections). On that record ' +
      '`sc-win32-status` is the session length in milliseconds, `cs-uri-query` is the HELO name (no leading ' +
      '`+`), and the byte counts are those of the last real command: `68`/`4` after a proper QUIT and its 221 ' +
      'reply, other values when the client just went away. Outbound, `QUIT` is an ordinary command record.',
    query: 'The HELO/EHLO name of the session (no leading `+`), or `-` if the client never greeted.',
    typicalStatus: [240],
  },
  {
    verb: 'STARTTLS',
    kind: 'command',
    summary: 'Switches the connection to TLS.',
    detail:
      'A `220` answer means the rest of the session is encrypted and the client greets again with `EHLO`. ' +
      '`454`/`554` mean TLS could not start (for example no certificate). A session with `AUTH LOGIN` but no ' +
      'successful `STARTTLS` sent the password in clear text.',
    query: 'Usually `-`.',
    typicalStatus: [220, 454, 501, 503, 554],
  },
  {
    verb: 'TLS',
    kind: 'command',
    summary: 'Older Microsoft alias of STARTTLS.',
    detail: 'Advertised by IIS/Exchange 2000-era servers next to `STARTTLS`; it behaves the same way.',
    query: 'Usually `-`.',
    typicalStatus: [220, 454, 501, 503, 554],
    aliasOf: 'STARTTLS',
  },
  {
    verb: 'AUTH',
    kind: 'command',
    summary: 'Client authentication (SMTP AUTH).',
    detail:
      'The query names the mechanism: `LOGIN`/`PLAIN` (password in base64, readable by anyone on the wire ' +
      'unless TLS is active), `NTLM` or `GSSAPI` (Windows integrated). The account name is never logged. ' +
      '`235` is success, `334` a challenge, `535` a failed login. Exchange Online does not accept NTLM for ' +
      'SMTP submission.',
    query: 'The mechanism, e.g. `+LOGIN`, `+NTLM`, `+GSSAPI`, sometimes followed by an initial response.',
    typicalStatus: [235, 334, 501, 503, 504, 535],
  },
  {
    verb: 'VRFY',
    kind: 'command',
    summary: 'Asks whether an address exists.',
    detail: 'Rarely used by applications; frequent in address-harvesting probes. IIS usually answers `252`.',
    query: 'The address or name to verify.',
    typicalStatus: [250, 252, 550],
  },
  {
    verb: 'EXPN',
    kind: 'command',
    summary: 'Asks to expand a mailing list.',
    detail: 'Almost never allowed; seen mostly from scanners.',
    query: 'The list name.',
    typicalStatus: [250, 252, 502, 550],
  },
  {
    verb: 'ETRN',
    kind: 'command',
    summary: 'Asks the server to flush mail queued for a domain.',
    detail: 'Used by intermittently connected mail servers to pull their queued mail.',
    query: 'The domain whose queue should be started, after `+`.',
    typicalStatus: [250, 251, 252, 458, 459, 501],
  },
  {
    verb: 'TURN',
    kind: 'command',
    summary: 'Reverses client and server roles (legacy).',
    detail: 'An old dial-up mechanism; authenticated `ATRN` replaced it. Treat its presence as a legacy setup.',
    query: 'Usually `-`.',
    typicalStatus: [250, 502],
  },
  {
    verb: 'ATRN',
    kind: 'command',
    summary: 'Authenticated TURN (on-demand relay).',
    detail: 'Lets an authenticated client take over queued mail for its domains; part of on-demand mail relay setups.',
    query: 'The domains requested.',
    typicalStatus: [250, 453, 502, 530],
  },
  {
    verb: 'HELP',
    kind: 'command',
    summary: 'Asks for a list of commands.',
    detail: 'Mostly seen from people testing by hand with telnet.',
    query: 'An optional topic.',
    typicalStatus: [214, 502],
  },
  {
    verb: 'X-EXPS',
    kind: 'extension',
    summary: 'Exchange server-to-server authentication.',
    detail: 'Exchange 2000/2003 servers authenticate to each other with it; not used by applications.',
    query: 'The mechanism (`GSSAPI`, `NTLM`).',
    typicalStatus: [235, 334, 504, 535],
  },
  {
    verb: 'X-LINK2STATE',
    kind: 'extension',
    summary: 'Exchange routing-state exchange.',
    detail: 'Exchange 2000/2003 routing groups exchange link state with it; a sign of an Exchange-era topology.',
    query: 'Link-state data.',
    typicalStatus: [250],
  },
  {
    verb: 'XEXCH50',
    kind: 'extension',
    summary: 'Exchange message properties transfer.',
    detail: 'Exchange 2000/2003 passes extra message properties between its servers with it.',
    query: 'Size and attributes of the blob.',
    typicalStatus: [250, 354, 500, 503],
  },
  {
    verb: 'xxxx',
    kind: 'unrecognised',
    summary: 'Input IIS did not recognise, logged as `xxxx`.',
    detail:
      'IIS writes `xxxx` for some unrecognised input (status `500`). Bursts of these usually come from ' +
      'scanners or clients speaking another protocol, and IIS drops a connection after repeated errors.',
    query: 'What the client sent after the unrecognised word, after a leading `+`.',
    typicalStatus: [500],
  },
  {
    verb: '-',
    kind: 'pseudo',
    summary: 'No command: an outbound response record.',
    detail:
      'On `OutboundConnectionResponse` records the method column is empty because the record holds the ' +
      'remote server\'s reply, which is in `cs-uri-query`.',
    query: 'Outbound: the first line of the remote reply.',
    typicalStatus: [0],
  },
] as const satisfies readonly VerbInfo[];

/** Stand-in for input the server did not understand (logged lower-cased as typed). */
export const UNRECOGNISED_VERB: VerbInfo = {
  verb: '',
  kind: 'unrecognised',
  summary: 'Unrecognised input: the server answered 500.',
  detail:
    'The client sent something that is not an SMTP command, and IIS logged the first word lower-cased as ' +
    'typed. Lines such as `get`, `host:` or `user-agent:` show a Web browser or HTTP proxy talking to port 25; ' +
    'other junk comes from scanners. Such records are not mail and can be ignored for a relay inventory.',
  query: 'The rest of the input line, after a leading `+`.',
  typicalStatus: [500],
};

export type KnownVerb = (typeof VERBS)[number]['verb'];

const byUpperVerb = new Map<string, VerbInfo>(VERBS.map((v) => [v.verb.toUpperCase(), v]));

/**
 * What a record with this verb is. Case-insensitive; the IIS-format documentation spelling `MAIL FROM` /
 * `RCPT TO` resolves to the verb. Any other non-empty word yields {@link UNRECOGNISED_VERB}.
 */
export function verbInfo(verb: string): VerbInfo | undefined {
  const trimmed = verb.trim();
  if (trimmed.length === 0) return undefined;
  const exact = byUpperVerb.get(trimmed.toUpperCase());
  if (exact) return exact;
  const firstWord = trimmed.split(/\s+/, 1)[0].toUpperCase();
  return byUpperVerb.get(firstWord) ?? UNRECOGNISED_VERB;
}

const ownSpelling = new Map<string, string>(VERBS.filter((v) => v.verb === v.verb.toUpperCase()).map((v) => [v.verb, v.verb]));

/**
 * The table's own string for an upper-case verb it lists (else undefined). The readers compare verbs against
 * literals on every record: with the table's string (a literal, so interned by V8) equal ones are the same
 * string and different ones are told apart at once, without comparing characters.
 */
export function catalogVerb(upper: string): string | undefined {
  return ownSpelling.get(upper);
}

/** True for verbs this table knows (not the unrecognised fallback). */
export function isKnownVerb(verb: string): boolean {
  const info = verbInfo(verb);
  return info !== undefined && info !== UNRECOGNISED_VERB;
}

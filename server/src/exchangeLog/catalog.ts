// What the fields, events, permissions and directives of an Exchange SMTP protocol log mean (Microsoft Learn,
// "Protocol logging"; Exchange 2010 "Understanding Protocol Logging"). Hover and the parser read these tables.

export interface ExFieldInfo {
  readonly name: string;
  readonly summary: string;
}

/** The field order Exchange 2013 and later write (also assumed when a file has no `#Fields`). */
export const STANDARD_FIELDS = [
  'date-time',
  'connector-id',
  'session-id',
  'sequence-number',
  'local-endpoint',
  'remote-endpoint',
  'event',
  'data',
  'context',
] as const;

export type ExFieldName = (typeof STANDARD_FIELDS)[number];

export const EX_FIELDS: readonly ExFieldInfo[] = [
  { name: 'date-time', summary: 'When the event happened, in UTC (`yyyy-mm-ddThh:mm:ss.fffZ`).' },
  {
    name: 'connector-id',
    summary:
      'Receive log: `SERVER\\Connector name`, the Receive connector that took the session (the one whose RemoteIPRanges match the client most specifically). Send log: the Send connector used.',
  },
  { name: 'session-id', summary: 'A 16-digit hexadecimal id, unique per SMTP session. Lines of concurrent sessions interleave; this id groups them.' },
  { name: 'sequence-number', summary: 'The position of the event within its session: 0, 1, 2…' },
  { name: 'local-endpoint', summary: 'This server’s `ip:port` for the connection (empty on send logs before the connection exists).' },
  { name: 'remote-endpoint', summary: 'The other side’s `ip:port`: the client (receive log) or the next hop (send log).' },
  { name: 'event', summary: 'What kind of line this is: `+` connect, `-` disconnect, `>` sent by this server, `<` received, `*` information.' },
  { name: 'data', summary: 'The SMTP command or reply, or the text of an information event.' },
  { name: 'context', summary: 'Extra information: `Set Session Permissions`, `receiving message`, TLS and certificate details, why a connection ended…' },
];

export interface ExEventInfo {
  readonly symbol: string;
  readonly name: string;
  readonly receive: string;
  readonly send: string;
}

export const EX_EVENTS: readonly ExEventInfo[] = [
  { symbol: '+', name: 'Connect', receive: 'A client connected to this server.', send: 'This server connected to the next hop.' },
  { symbol: '-', name: 'Disconnect', receive: 'The session ended; the context says who closed it (`Local`, `Remote(SocketError)`…).', send: 'The connection to the next hop ended.' },
  { symbol: '>', name: 'Send', receive: 'A reply this server sent to the client.', send: 'A command this server sent to the next hop.' },
  { symbol: '<', name: 'Receive', receive: 'A command the client sent.', send: 'A reply of the next hop.' },
  { symbol: '*', name: 'Information', receive: 'Information: permissions, TLS, authentication, message ids.', send: 'Information: connection attempts, TLS, certificates, message ids.' },
];

export interface ExPermissionInfo {
  readonly name: string;
  readonly summary: string;
  /** The AD extended right behind it, as Add-ADPermission names it. */
  readonly right?: string;
}

export const EX_PERMISSIONS: readonly ExPermissionInfo[] = [
  { name: 'SMTPSubmit', summary: 'May submit messages.', right: 'ms-Exch-SMTP-Submit' },
  { name: 'SMTPAcceptAnyRecipient', summary: 'May relay: recipients in any domain are accepted.', right: 'ms-Exch-SMTP-Accept-Any-Recipient' },
  { name: 'SMTPAcceptAnySender', summary: 'May use any sender address (no sender address spoofing check).', right: 'ms-Exch-SMTP-Accept-Any-Sender' },
  { name: 'SMTPAcceptAuthoritativeDomainSender', summary: 'May send as an authoritative (accepted) domain of the organisation.', right: 'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender' },
  { name: 'SMTPAcceptAuthenticationFlag', summary: 'Messages are treated as authenticated (internal).', right: 'ms-Exch-SMTP-Accept-Authentication-Flag' },
  { name: 'SMTPAcceptExch50', summary: 'May send the legacy XEXCH50 command.', right: 'ms-Exch-SMTP-Accept-Exch50' },
  { name: 'SMTPAcceptXShadow', summary: 'May use shadow redundancy (XSHADOW).', right: 'ms-Exch-SMTP-Accept-XShadow' },
  { name: 'AcceptOrganizationHeaders', summary: 'Organisation headers are kept.', right: 'ms-Exch-Accept-Headers-Organization' },
  { name: 'AcceptRoutingHeaders', summary: 'Routing headers are kept.', right: 'ms-Exch-Accept-Headers-Routing' },
  { name: 'AcceptForestHeaders', summary: 'Forest headers are kept.', right: 'ms-Exch-Accept-Headers-Forest' },
  { name: 'BypassAntiSpam', summary: 'Anti-spam agents skip this session.', right: 'ms-Exch-Bypass-Anti-Spam' },
  { name: 'BypassMessageSizeLimit', summary: 'Message size limits do not apply.', right: 'ms-Exch-Bypass-Message-Size-Limit' },
  { name: 'SendAs', summary: 'May send as other senders (the AD Send As right).' },
  { name: 'None', summary: 'No permission yet: the session is anonymous and the connector grants nothing, or authentication has not happened.' },
];

export interface ExDirectiveInfo {
  readonly name: string;
  readonly summary: string;
}

export const EX_DIRECTIVES: readonly ExDirectiveInfo[] = [
  { name: 'Software', summary: 'The product that wrote the log (`Microsoft Exchange Server`).' },
  { name: 'Version', summary: 'The Exchange version (`15.x` for 2013 and later, `14.x` for 2010).' },
  { name: 'Log-type', summary: '`SMTP Receive Protocol Log` or `SMTP Send Protocol Log`.' },
  { name: 'Date', summary: 'When the file was started (UTC).' },
  { name: 'Fields', summary: 'The CSV columns of the records that follow.' },
];

/** Receive connectors Exchange creates itself; a relay host landing on one is missing from a custom connector's RemoteIPRanges. */
export const DEFAULT_RECEIVE_CONNECTOR = /\\(Default internal receive connector|Default Frontend|Default |Client Frontend|Client Proxy|Outbound Proxy Frontend)/i;

export const fieldInfo = (name: string): ExFieldInfo | undefined => EX_FIELDS.find((f) => f.name === name.toLowerCase());
export const eventInfo = (symbol: string): ExEventInfo | undefined => EX_EVENTS.find((e) => e.symbol === symbol);
export const permissionInfo = (name: string): ExPermissionInfo | undefined => EX_PERMISSIONS.find((p) => p.name.toLowerCase() === name.toLowerCase());
export const directiveInfo = (name: string): ExDirectiveInfo | undefined => EX_DIRECTIVES.find((d) => d.name.toLowerCase() === name.toLowerCase());

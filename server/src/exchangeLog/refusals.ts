// The failures a protocol log shows, as data: which reply (or information text) means what, on which side,
// the reason shown in the cut-over status, and what to change. Wording of the codes follows exchange-2026.md
// (Microsoft's NDR reference pages).
import { findEnhancedCode } from '../smtpLog/catalog';
import { boundedMemo } from '../common/memo';
import { flatten } from '../smtpLog/intern';
import { DEFAULT_RECEIVE_CONNECTOR } from './catalog';
import type { ExLogType } from './parser';
import type { ExlogCodeKey } from './codes';

/** What a message needs to name: the connector that took the session, the remote host, relay connectors seen elsewhere. */
export interface AdviceContext {
  connector: string;
  host: string;
  /** Non-default connectors that granted SMTPAcceptAnyRecipient to some session of the same log. */
  relayConnectors: readonly string[];
  /** The session's permissions, as logged on the Set Session Permissions line. */
  permissions: readonly string[];
  /** Extra detail from an information line (e.g. `LogonDenied`). */
  detail: string;
}

export interface RefusalRule {
  readonly key: ExlogCodeKey;
  readonly side: ExLogType;
  /** Short reason for reports (cut-over status). */
  readonly reason: string;
  /** Matches a reply: its 3-digit code, enhanced code and text, and the command it answers (upper case verb). */
  readonly reply?: (code: number, enhanced: string, text: string, command: string) => boolean;
  /** Matches an information line (`*`): data and context. */
  readonly info?: (text: string) => boolean;
  readonly advice: (c: AdviceContext) => string;
}

const isDefault = (connector: string): boolean => DEFAULT_RECEIVE_CONNECTOR.test(connector);

function relayAdvice(c: AdviceContext): string {
  const landed = `this host (${c.host || '?'}) landed on "${c.connector || '?'}"`;
  const target = c.relayConnectors.length > 0 ? c.relayConnectors.map((r) => `"${r}"`).join(' or ') : 'the migration relay connector';
  if (isDefault(c.connector) || c.relayConnectors.some((r) => r !== c.connector)) {
    return `Relay refused: ${landed}, which does not let it relay. If this host should relay, add it to the RemoteIPRanges of ${target}.`;
  }
  const perms = c.permissions.length > 0 ? c.permissions.join(' ') : 'not logged';
  return `Relay refused: ${landed}, whose session permissions (${perms}) lack SMTPAcceptAnyRecipient. If this host should relay, that connector must grant ms-Exch-SMTP-Accept-Any-Recipient (to ANONYMOUS LOGON for anonymous relay), or the host belongs in another connector's RemoteIPRanges.`;
}

const TLS_INFO = /TLS negotiation failed|negotiation failed|handshake failed|Failed to negotiate TLS/i;
/** `454 4.7.0 TLS not available…` or `530 5.7.0 Must issue a STARTTLS command first` (454 alone also means a temporary AUTH failure). */
const STARTTLS_REFUSED = (code: number, text: string): boolean => (code === 454 || code === 530) && /\b(STARTTLS|TLS)\b/i.test(text);
const CERT_PROBLEM = /certificate.{0,80}(fail|invalid|expired|revoked|not match|mismatch|untrusted|not trusted|chain)/i;

export const REFUSAL_RULES: readonly RefusalRule[] = [
  {
    key: 'relayRefused',
    side: 'receive',
    reason: 'relay refused (5.7.54)',
    reply: (code, enh, text, command) => code === 550 && (enh === '5.7.54' || (enh === '5.7.1' && (/relay/i.test(text) || command === 'RCPT'))),
    advice: relayAdvice,
  },
  {
    key: 'sendAsRefused',
    side: 'receive',
    reason: 'send-as refused (5.7.60)',
    reply: (code, enh, text, command) => enh === '5.7.60' || (code === 550 && enh === '5.7.1' && (/send as/i.test(text) || command === 'MAIL')),
    advice: (c) =>
      `Send-as refused on "${c.connector || '?'}": the session may not use this sender address. For an application relay connector the session needs SMTPAcceptAnySender (ms-Exch-SMTP-Accept-Any-Sender); for an authenticated account, Send As on that sender.`,
  },
  {
    key: 'authNotOffered',
    side: 'receive',
    reason: 'AUTH mechanism not offered (504 5.7.4)',
    reply: (code, enh) => code === 504 && (enh === '5.7.4' || enh === ''),
    advice: (c) =>
      `"${c.connector || '?'}" does not offer the mechanism the client asked for. Check the connector's AuthMechanism: Basic needs BasicAuth (and, with BasicAuthRequireTLS, STARTTLS first); integrated needs Integrated.`,
  },
  {
    key: 'authFailed',
    side: 'receive',
    reason: 'authentication failed (535)',
    reply: (code) => code === 535,
    advice: (c) =>
      `Authentication failed on "${c.connector || '?'}"${c.detail ? ` (${c.detail})` : ''}: the account or password the application uses is wrong, locked or not allowed. Fix the credentials, or give the host anonymous relay on a scoped connector instead.`,
  },
  {
    key: 'basicAuthBlocked',
    side: 'unknown',
    reason: 'Basic authentication refused (5.7.30)',
    reply: (_code, enh) => enh === '5.7.30',
    advice: () => 'Exchange Online refuses Basic authentication for client submission. Relay through the Edge to the tenant\'s MX endpoint (port 25, TLS, an OnPremises inbound connector) instead of smtp.office365.com:587.',
  },
  {
    key: 'tlsFailed',
    side: 'receive',
    reason: 'TLS failed or required',
    reply: (code, _enh, text) => STARTTLS_REFUSED(code, text),
    info: (text) => TLS_INFO.test(text),
    advice: (c) =>
      `TLS problem on "${c.connector || '?'}"${c.detail ? ` (${c.detail})` : ''}: check that the connector's certificate (Get-ExchangeCertificate, SMTP service, FQDN matching the connector's Fqdn) is valid and that the client supports TLS 1.2; if the connector requires TLS, the client must send STARTTLS.`,
  },
  {
    key: 'notAuthenticated',
    side: 'receive',
    reason: 'not authenticated (530)',
    reply: (code, _enh, text) => code === 530 && !STARTTLS_REFUSED(code, text),
    advice: (c) =>
      `"${c.connector || '?'}" refused anonymous mail from ${c.host || '?'}: the connector does not grant anonymous submission (PermissionGroups AnonymousUsers) or the client should authenticate. For an application relay, add the host to a connector that grants anonymous relay.`,
  },
  {
    key: 'tenantAttribution',
    side: 'send',
    reason: 'Exchange Online TenantAttribution (5.7.64)',
    reply: (_code, enh) => enh === '5.7.64',
    advice: () =>
      'Exchange Online matched no OnPremises inbound connector: since Nov 2023 the certificate domain or envelope sender domain must be an accepted domain AND the sending IP or certificate must match an inbound connector. Check the inbound connector\'s TlsSenderCertificateName against the certificate the send connector presents (after a certificate renewal) or its SenderIPAddresses against the Edge\'s public IP.',
  },
  {
    key: 'rejectDirectSend',
    side: 'send',
    reason: 'Exchange Online rejected direct send (5.7.68)',
    reply: (_code, enh) => enh === '5.7.68',
    advice: () =>
      'Reject Direct Send is on (Set-OrganizationConfig -RejectDirectSend $true) and no connector matched this anonymous mail from an accepted domain: create or fix the OnPremises inbound connector for the Edge (certificate or IP).',
  },
  {
    key: 'unpatchedOnPrem',
    side: 'send',
    reason: 'Exchange Online blocks an out-of-date server (4.7.230/5.7.230)',
    reply: (_code, enh) => enh === '4.7.230' || enh === '5.7.230',
    advice: () =>
      'Exchange Online throttles (4.7.230) or blocks (5.7.230) mail from out-of-date on-premises Exchange servers: install the current update on this server. New-TenantExemptionInfo -BlockingScenario UnpatchedOnPremServer pauses enforcement (up to 90 days a year).',
  },
  {
    key: 'sendTls',
    side: 'send',
    reason: 'TLS or certificate problem to the next hop',
    reply: (code, _enh, text) => STARTTLS_REFUSED(code, text),
    info: (text) => TLS_INFO.test(text) || CERT_PROBLEM.test(text),
    advice: (c) =>
      `TLS to the next hop failed${c.detail ? ` (${c.detail})` : ''}: check the send connector's TlsCertificateName and the certificate it names (valid, not expired, SMTP service enabled), TLS 1.2 on this server, and the next hop's certificate (RequireTLS, TlsAuthLevel, TlsDomain).`,
  },
];

/** The reason text of a relay refusal (5.7.54), as sessions and the cut-over count it. */
export const RELAY_REFUSED_REASON = REFUSAL_RULES.find((r) => r.key === 'relayRefused')!.reason;

export interface ReplyParts {
  code: number;
  enhanced: string;
}

/** Enhanced codes by the reply's first characters (the code and what follows it lie within them). */
const ENHANCED_KEY = 16;
const enhancedByPrefix = boundedMemo((key) => findEnhancedCode(key)?.info.code ?? '', { limit: 4096, ownKey: flatten });

/** The normalised enhanced status code of a reply ('' when none): looked up once per distinct reply start. */
function enhancedOf(text: string): string {
  return enhancedByPrefix(text.length > ENHANCED_KEY ? text.slice(0, ENHANCED_KEY) : text);
}

const NO_REPLY: ReplyParts = Object.freeze({ code: NaN, enhanced: '' });

/** The 3-digit code and enhanced status code at the start of a reply; code NaN when the text is not a reply. */
export function replyParts(text: string): ReplyParts {
  if (!isReplyStart(text)) return NO_REPLY;
  return { code: Number(text.slice(0, 3)), enhanced: enhancedOf(text) };
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** `^\d{3}(?:[ -]|$)` without a regex: three digits, then a space, a dash or the end. */
function isReplyStart(text: string): boolean {
  if (text.length < 3 || !isDigit(text.charCodeAt(0)) || !isDigit(text.charCodeAt(1)) || !isDigit(text.charCodeAt(2))) return false;
  if (text.length === 3) return true;
  const c = text.charCodeAt(3);
  return c === 32 || c === 45;
}

const sideMatches = (rule: RefusalRule, side: ExLogType): boolean => rule.side === 'unknown' || side === 'unknown' || rule.side === side;

export function matchReply(side: ExLogType, text: string, command: string): RefusalRule | undefined {
  return matchReplyParts(side, replyParts(text), text, command);
}

/** matchReply for a reply already split by replyParts. */
export function matchReplyParts(side: ExLogType, { code, enhanced }: ReplyParts, text: string, command: string): RefusalRule | undefined {
  if (Number.isNaN(code) || code < 400) return undefined;
  return REFUSAL_RULES.find((r) => sideMatches(r, side) && r.reply?.(code, enhanced, text, command));
}

export function matchInfo(side: ExLogType, text: string): RefusalRule | undefined {
  return REFUSAL_RULES.find((r) => sideMatches(r, side) && r.info?.(text));
}

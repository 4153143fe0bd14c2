// Enhanced mail system status codes (RFC 3463, with the RFC 4954 additions): `class.subject.detail`.
// In IIS SMTP logs they only appear inside reply text, i.e. on outbound response records (`250+2.1.0+Ok`).
import { exoReplyCode } from '../../common/exoReplyCodes';

export interface EnhancedClassInfo {
  readonly digit: 2 | 4 | 5;
  readonly summary: string;
}

export interface EnhancedSubjectInfo {
  readonly subject: number;
  readonly summary: string;
}

export interface EnhancedDetailInfo {
  /** `subject.detail`, e.g. `7.1`. */
  readonly key: string;
  readonly summary: string;
  /** How IIS SMTP uses it, when it has a habit. */
  readonly iisNote?: string;
}

export const ENHANCED_CLASSES = [
  { digit: 2, summary: 'Success' },
  { digit: 4, summary: 'Temporary failure (retry later)' },
  { digit: 5, summary: 'Permanent failure' },
] as const satisfies readonly EnhancedClassInfo[];

export const ENHANCED_SUBJECTS = [
  { subject: 0, summary: 'Other or undefined status' },
  { subject: 1, summary: 'Addressing' },
  { subject: 2, summary: 'Mailbox' },
  { subject: 3, summary: 'Mail system' },
  { subject: 4, summary: 'Network and routing' },
  { subject: 5, summary: 'Mail delivery protocol' },
  { subject: 6, summary: 'Message content or media' },
  { subject: 7, summary: 'Security or policy' },
] as const satisfies readonly EnhancedSubjectInfo[];

export const ENHANCED_DETAILS = [
  { key: '0.0', summary: 'Nothing more specific to say', iisNote: 'IIS replies 2.0.0 to RSET, NOOP and QUIT.' },
  { key: '1.0', summary: 'Address status, unspecified', iisNote: 'IIS: `2.1.0 … Sender OK` on MAIL.' },
  { key: '1.1', summary: 'Destination mailbox does not exist (user unknown)' },
  { key: '1.2', summary: 'Destination domain or system is wrong or unreachable' },
  { key: '1.3', summary: 'Destination address has bad syntax' },
  { key: '1.4', summary: 'Destination address is ambiguous' },
  { key: '1.5', summary: 'Destination address is valid', iisNote: 'IIS: `2.1.5` when a RCPT is accepted.' },
  { key: '1.6', summary: 'Mailbox has moved' },
  { key: '1.7', summary: 'Sender address has bad syntax' },
  { key: '1.8', summary: 'Sender domain or system is invalid' },
  { key: '2.0', summary: 'Mailbox status, unspecified' },
  { key: '2.1', summary: 'Mailbox disabled, not accepting mail' },
  { key: '2.2', summary: 'Mailbox full', iisNote: 'IIS: 4.2.2 when the drop directory quota is reached.' },
  { key: '2.3', summary: 'Message larger than the mailbox allows' },
  { key: '2.4', summary: 'Mailing list expansion failed' },
  { key: '3.0', summary: 'Mail system status, unspecified' },
  { key: '3.1', summary: 'Mail system out of storage', iisNote: 'IIS: 4.3.1 when memory or disk runs short.' },
  { key: '3.2', summary: 'System not accepting messages' },
  { key: '3.3', summary: 'Feature not supported', iisNote: 'IIS: 5.3.3 for unrecognised commands.' },
  { key: '3.4', summary: 'Message too big for the system', iisNote: 'IIS: 5.3.4 when SIZE exceeds the limit.' },
  { key: '3.5', summary: 'System misconfigured' },
  { key: '4.0', summary: 'Network or routing problem, unspecified' },
  { key: '4.1', summary: 'No answer from the remote host' },
  { key: '4.2', summary: 'Connection dropped or bad' },
  { key: '4.3', summary: 'Directory (DNS) lookup failed' },
  { key: '4.4', summary: 'No route to the destination' },
  { key: '4.5', summary: 'Mail system congested' },
  { key: '4.6', summary: 'Routing loop detected' },
  { key: '4.7', summary: 'Delivery time expired' },
  { key: '5.0', summary: 'Protocol problem, unspecified' },
  { key: '5.1', summary: 'Invalid command' },
  { key: '5.2', summary: 'Syntax error', iisNote: 'IIS: 5.5.2 for commands in the wrong order.' },
  { key: '5.3', summary: 'Too many recipients', iisNote: 'IIS: 5.5.3 when the recipient limit is reached.' },
  { key: '5.4', summary: 'Invalid command arguments', iisNote: 'IIS: 5.5.4 for an invalid address.' },
  { key: '5.5', summary: 'Wrong protocol version' },
  { key: '5.6', summary: 'Authentication exchange line too long' },
  { key: '6.0', summary: 'Content or media problem, unspecified', iisNote: 'IIS: `2.6.0 … Queued mail for delivery` after DATA.' },
  { key: '6.1', summary: 'Media type not supported' },
  { key: '6.2', summary: 'Conversion required but not allowed' },
  { key: '6.3', summary: 'Conversion required but not supported' },
  { key: '6.4', summary: 'Conversion done with loss' },
  { key: '6.5', summary: 'Conversion failed' },
  { key: '7.0', summary: 'Security or policy status, unspecified', iisNote: 'Success of AUTH (2.7.0), or TLS/authentication required (5.7.0).' },
  { key: '7.1', summary: 'Delivery not authorised: relay denied or sender refused', iisNote: 'IIS: `5.7.1 Unable to relay` when a client may not relay.' },
  { key: '7.2', summary: 'Mailing list expansion prohibited' },
  { key: '7.3', summary: 'Security conversion not possible', iisNote: 'IIS: 5.7.3 for "client was not authenticated" and failed logins.' },
  { key: '7.4', summary: 'Security features not supported', iisNote: 'IIS: 5.7.4 for an unknown AUTH mechanism.' },
  { key: '7.5', summary: 'Cryptographic failure' },
  { key: '7.6', summary: 'Cryptographic algorithm not supported' },
  { key: '7.7', summary: 'Message integrity check failed' },
  { key: '7.8', summary: 'Authentication credentials invalid' },
  { key: '7.9', summary: 'Authentication mechanism too weak' },
  { key: '7.11', summary: 'Encryption required for the authentication mechanism' },
  { key: '7.12', summary: 'A password change is needed before authenticating' },
] as const satisfies readonly EnhancedDetailInfo[];

export interface EnhancedCodeInfo {
  /** Normalised code, e.g. `5.7.1`. */
  readonly code: string;
  readonly classInfo: EnhancedClassInfo;
  readonly subjectInfo?: EnhancedSubjectInfo;
  readonly detailInfo?: EnhancedDetailInfo;
  /** One line: class, then the most specific meaning known. */
  readonly summary: string;
}

const detailByKey = new Map<string, EnhancedDetailInfo>(ENHANCED_DETAILS.map((d) => [d.key, d]));
const CODE_PATTERN = /^([245])\.(\d{1,3})\.(\d{1,3})$/;

/** Meaning of an enhanced status code such as `5.7.1`; undefined when the text is not one. */
export function enhancedCodeInfo(code: string): EnhancedCodeInfo | undefined {
  const match = CODE_PATTERN.exec(code.trim());
  if (!match) return undefined;
  const classInfo = ENHANCED_CLASSES.find((c) => c.digit === Number(match[1]));
  if (!classInfo) return undefined;
  const subject = Number(match[2]);
  const detail = Number(match[3]);
  const subjectInfo = ENHANCED_SUBJECTS.find((s) => s.subject === subject);
  const detailInfo = detailByKey.get(`${subject}.${detail}`);
  const normalised = `${match[1]}.${subject}.${detail}`;
  // Codes Exchange and Exchange Online added (5.7.64, 5.7.230…) are explained by the one Exchange table.
  const exchange = exoReplyCode(normalised);
  const meaning = detailInfo?.summary ?? exchange?.short ?? (subjectInfo ? `${subjectInfo.summary} (detail ${detail} not standard)` : 'Unknown subject');
  return { code: normalised, classInfo, subjectInfo, detailInfo, summary: `${classInfo.summary}: ${meaning}` };
}

export interface EnhancedCodeMatch {
  readonly info: EnhancedCodeInfo;
  /** Offsets of the code inside the searched text (end exclusive). */
  readonly start: number;
  readonly end: number;
}

// Optional 3-digit reply code and its separator (`+` in logs, space or `-` in raw replies), then the code,
// which must end the text or be followed by a separator.
const REPLY_PREFIX_PATTERN = /^(?:\d{3}[+ -])?([245]\.\d{1,3}\.\d{1,3})(?=$|[+ ;,:)])/;

/**
 * The enhanced status code at the start of a reply text, e.g. `5.1.1` in `550+5.1.1+User+unknown`
 * (after the 3-digit code) or in a bare `5.1.1 …`.
 */
export function findEnhancedCode(text: string): EnhancedCodeMatch | undefined {
  const match = REPLY_PREFIX_PATTERN.exec(text);
  if (!match) return undefined;
  const info = enhancedCodeInfo(match[1]);
  if (!info) return undefined;
  const start = match[0].length - match[1].length;
  return { info, start, end: match[0].length };
}

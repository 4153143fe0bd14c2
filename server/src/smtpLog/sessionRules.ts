// Relay and security findings on SMTP sessions. The same functions serve the editor (whole document)
// and the CLI (sessions streamed from disk), so both report the same things. Who is internal, what was
// delivered and which domains are accepted come from the traffic model (server/src/traffic/), which the
// assessment reads too.
import { isDelivered, recipientsConfirmed } from '../traffic/delivery';
import { internetTraffic, isExternalDomain, refusalKind } from '../traffic/relay';
import { isOrganisationSource, sourceOrigin } from '../traffic/source';
import { addressDomain, domainMatches } from './addresses';
import type { CodeInfo } from '../common/finding';
import { SMTPLOG_CODES } from './codes';
import type { Session } from './types';

/**
 * A session rule's result, anchored on a line (and the text to underline on it): the editor locates it on the
 * document's line text, the streamed check at the line's start (diagnostics.ts, fileCheck.ts).
 */
export interface SessionFinding {
  info: CodeInfo;
  line: number;
  message: string;
  /** Text on the line that the diagnostic should underline (the whole line when absent or not found). */
  needle?: string;
  related?: { line: number; message: string }[];
}

function who(s: Session): string {
  return s.helo ? `${s.clientIp || 'unknown address'} (HELO ${quote(s.helo)})` : s.clientIp || 'an unknown client';
}

/** Log text is attacker-controlled: control characters become `?` and long text is cut. */
export function printable(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\x00-\x1f\x7f]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Log text quoted for a message, short and printable. */
export function quote(text: string, max = 60): string {
  return `"${printable(text, max)}"`;
}

function startRelated(s: Session): { line: number; message: string }[] {
  return [{ line: s.firstLine, message: `Session of ${who(s)} starts here` }];
}

/** Findings that need nothing but the session itself (and the explicitly configured accepted domains). */
export function sessionFindings(s: Session, explicitAccepted: readonly string[]): SessionFinding[] {
  if (s.direction === 'out') return outboundFindings(s);
  if (s.direction !== 'in') return [];
  const out: SessionFinding[] = [];
  if (s.authInClear && (s.auth === 'login' || s.auth === 'plain')) {
    out.push({
      info: SMTPLOG_CODES.clearTextAuth,
      line: s.authLine,
      needle: s.auth.toUpperCase(),
      message:
        `${who(s)} sent AUTH ${s.auth.toUpperCase()} without STARTTLS: the user name and password crossed the network in clear text (only base64-encoded). ` +
        `Configure the application to use STARTTLS, and on Edge offer it only -AuthMechanism 'Tls','BasicAuth','BasicAuthRequireTLS'.`,
      related: startRelated(s),
    });
  }
  if (s.auth === 'ntlm') {
    out.push({
      info: SMTPLOG_CODES.ntlmAuth,
      line: s.authLine,
      needle: 'NTLM',
      message:
        `${who(s)} authenticates with NTLM (Integrated Windows authentication). Exchange Online does not accept NTLM for SMTP AUTH, ` +
        `and an Edge Transport server verifies domain accounts only when it is domain-joined (an Edge in a perimeter network is ` +
        `usually in a workgroup and knows only its local accounts): plan Basic authentication over TLS (BasicAuthRequireTLS) ` +
        `with an account the Edge server knows, or relay by IP address for this application.`,
    });
  }
  // Only the organisation's own sources will send through the Edge to Exchange Online: an Internet host's
  // foreign sender domain is ordinary inbound mail.
  if (explicitAccepted.length > 0 && isOrganisationSource(sourceOrigin(s.clientIp, s.serverIp).origin)) {
    const reported = new Set<string>();
    for (const m of s.messages) {
      const domain = addressDomain(m.from);
      if (!m.from || !domain || reported.has(domain) || domainMatches(domain, explicitAccepted)) continue;
      reported.add(domain);
      out.push({
        info: SMTPLOG_CODES.foreignSenderDomain,
        line: m.mailLine,
        needle: domain,
        message:
          `Sender domain ${quote(domain)} is not in iisSmtp.acceptedDomains. An Exchange Online inbound connector that recognises this server by IP address ` +
          `only relays mail whose MAIL FROM domain is an accepted domain of the tenant; add the domain, or change the application's sender address.`,
      });
    }
  }
  return out;
}

/**
 * This server authenticated to its next hop with LOGIN/PLAIN. Outbound sessions keep no port or banner, so the
 * message says when it matters most: Exchange Online client submission (smtp.office365.com:587), where Basic
 * SMTP AUTH is disabled by default for existing tenants at the end of December 2026 (MC786329).
 */
function outboundFindings(s: Session): SessionFinding[] {
  if ((s.auth !== 'login' && s.auth !== 'plain') || s.authLine < 0) return [];
  return [
    {
      info: SMTPLOG_CODES.outboundBasicAuth,
      line: s.authLine,
      needle: s.auth.toUpperCase(),
      message:
        `This server authenticated to its next hop ${s.clientIp || '(unknown address)'} with AUTH ${s.auth.toUpperCase()} (Basic). If that hop is Exchange Online client submission ` +
        `(smtp.office365.com or *.outlook.office365.com, port 587), the relay depends on Basic SMTP AUTH, which Exchange Online disables by default for existing tenants at the end of December 2026 ` +
        `(then 550 5.7.30). Replace it with the Edge relaying to <tenant>.mail.protection.outlook.com on port 25 with TLS and a certificate (OnPremises inbound connector), not with a stored password.`,
      related: [{ line: s.firstLine, message: `Outbound connection to ${s.clientIp || 'the next hop'} starts here` }],
    },
  ];
}

/** An Internet host got mail delivered: the relay rules need the accepted domains (worth keeping while streaming). */
export function mayBeInternetRelay(s: Session): boolean {
  return s.direction === 'in' && !isOrganisationSource(sourceOrigin(s.clientIp, s.serverIp).origin) && s.messages.some((m) => isDelivered(m) && m.accepted.length > 0);
}

/** Line of the session's first recipient refused with 550, or -1. */
export function firstDenialLine(s: Session): number {
  let line = -1;
  for (const m of s.messages) for (const d of m.denied) if (line < 0 || d.line < line) line = d.line;
  return line;
}

/** A 550 recipient: a relay denial for a domain that is not accepted, an unknown user for an accepted one. */
export function refusalFindings(s: Session, accepted: readonly string[]): SessionFinding[] {
  const out: SessionFinding[] = [];
  for (const m of s.messages) {
    for (const d of m.denied) {
      if (refusalKind(d.address, accepted) === 'rejected-recipient') {
        out.push({
          info: SMTPLOG_CODES.rejectedRecipient,
          line: d.line,
          needle: d.address || undefined,
          message: `Recipient refused: IIS answered 550 for ${quote(d.address)} from ${who(s)}, in an accepted domain: an unknown or disabled user, not a relay attempt. Check the address in the application; nothing to change on the Edge connectors.`,
          related: startRelated(s),
        });
        continue;
      }
      out.push({
        info: SMTPLOG_CODES.relayDenied,
        line: d.line,
        needle: d.address || undefined,
        message:
          `Relay denied: IIS refused ${d.address ? quote(d.address) : 'a recipient'} from ${who(s)} with 550 (Unable to relay). ` +
          `If this host is an application that must reach that domain, it needs an Edge Receive connector scoped to its address; ` +
          `if not, find out why it tries (misconfiguration or abuse) before migrating.`,
        related: startRelated(s),
      });
    }
  }
  return out;
}

/**
 * Findings that need the accepted domains (configured or inferred): relay denials versus unknown users, and
 * what an Internet host's delivered mail means. A public address that got mail accepted for domains outside
 * the accepted ones relayed: without authenticating (open relay) or with it (stolen credentials).
 */
export function relayFindings(s: Session, accepted: readonly string[]): SessionFinding[] {
  if (s.direction !== 'in') return [];
  const out = refusalFindings(s, accepted);
  // With no accepted domain known, inbound Internet mail for the organisation cannot be told from relay.
  if (accepted.length === 0 || isOrganisationSource(sourceOrigin(s.clientIp, s.serverIp).origin)) return out;
  const external = new Set<string>();
  let line = -1;
  let count = 0;
  let acceptedCount = 0;
  for (const m of s.messages) {
    if (!recipientsConfirmed(m)) continue;
    for (const rcpt of m.accepted) {
      const domain = addressDomain(rcpt);
      if (!isExternalDomain(domain, accepted)) {
        if (domain !== '') acceptedCount++;
        continue;
      }
      external.add(domain);
      count++;
      if (line < 0) line = m.dataLine;
    }
  }
  const authenticated = s.auth !== 'none' && s.authStatus === 235;
  const kind = internetTraffic({ authenticated, externalDelivered: count, acceptedDelivered: acceptedCount });
  if (kind !== 'open-relay' && kind !== 'stolen-credentials') return out;
  const domains = [...external].slice(0, 3).map((d) => quote(d, 40));
  const what = `the server accepted mail for ${count} recipient(s) in domains that are not accepted (${domains.join(', ')}${external.size > 3 ? ', …' : ''})`;
  out.push(
    kind === 'stolen-credentials'
      ? {
          info: SMTPLOG_CODES.authenticatedRelay,
          line: s.authLine >= 0 ? s.authLine : line,
          needle: s.auth !== 'none' ? s.auth.toUpperCase() : undefined,
          message:
            `Stolen credentials? ${who(s)} is an Internet address, authenticated with AUTH ${s.auth.toUpperCase()}, and ${what}. ` +
            `That is the classic pattern of a compromised account used to send spam: reset that account's password, restrict relay for authenticated users on the virtual server, ` +
            `and never grant this address anything on the Edge.`,
          related: startRelated(s),
        }
      : {
          info: SMTPLOG_CODES.publicRelay,
          line,
          message: `Possible open relay: ${who(s)} is not an internal address, did not authenticate, and ${what}. Check the virtual server's Access → Relay restrictions now; never grant this address relay on an Edge connector.`,
          related: startRelated(s),
        },
  );
  return out;
}

export { AcceptedDomainInference } from '../traffic/domains';

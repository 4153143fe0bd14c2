// Relay and security findings on SMTP sessions. The same functions serve the editor (whole document)
// and the CLI (sessions streamed from disk), so both report the same things.
import { classifyAddress } from '../common/ipClass';
import { addressDomain, domainMatches } from './addresses';
import { SMTPLOG_CODES, type DiagnosticCodeInfo } from './codes';
import type { Session } from './types';

export interface Finding {
  info: DiagnosticCodeInfo;
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
export function sessionFindings(s: Session, explicitAccepted: readonly string[]): Finding[] {
  if (s.direction !== 'in') return [];
  const out: Finding[] = [];
  for (const m of s.messages) {
    for (const d of m.denied) {
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
        `and a standalone Edge server is not in the domain, so it can only check local accounts: plan Basic authentication over TLS ` +
        `(BasicAuthRequireTLS) with an account the Edge server knows, or relay by IP address for this application.`,
    });
  }
  if (explicitAccepted.length > 0) {
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

/** True when the session could matter to the open-relay rule (worth keeping while streaming). */
export function mayBePublicRelay(s: Session): boolean {
  return s.direction === 'in' && s.auth === 'none' && s.messages.some((m) => m.dataStatus === 250 && m.accepted.length > 0) && isExternalSource(s.clientIp);
}

/** Public, or a special-purpose range that is still not an internal network (documentation, benchmarking…). */
export function isExternalSource(ip: string): boolean {
  const cls = classifyAddress(ip).cls;
  return cls === 'public' || cls === 'special';
}

/**
 * A public address that got mail accepted for domains outside the accepted ones, without
 * authenticating: the server relays for the Internet.
 */
export function publicRelayFindings(s: Session, accepted: readonly string[]): Finding[] {
  // With no accepted domain known, inbound Internet mail for the organisation cannot be told from relay.
  if (accepted.length === 0 || !mayBePublicRelay(s)) return [];
  const external = new Set<string>();
  let line = -1;
  let count = 0;
  for (const m of s.messages) {
    if (m.dataStatus !== 250) continue;
    for (const rcpt of m.accepted) {
      const domain = addressDomain(rcpt);
      if (!domain || domainMatches(domain, accepted)) continue;
      external.add(domain);
      count++;
      if (line < 0) line = m.dataLine;
    }
  }
  if (count === 0) return [];
  const domains = [...external].slice(0, 3).map((d) => quote(d, 40));
  return [
    {
      info: SMTPLOG_CODES.publicRelay,
      line,
      message:
        `Possible open relay: ${who(s)} is not an internal address, did not authenticate, and the server accepted mail for ${count} recipient(s) in ` +
        `domains that are not accepted (${domains.join(', ')}${external.size > 3 ? ', …' : ''}). ` +
        `Check the virtual server's Access → Relay restrictions now; never grant this address relay on an Edge connector.`,
      related: startRelated(s),
    },
  ];
}

/**
 * Accepted domains inferred when none are configured: the sender domains of mail that internal
 * (private or loopback) hosts sent successfully, and the domain of the name this server uses outbound.
 */
export class AcceptedDomainInference {
  private readonly domains = new Set<string>();

  add(s: Session): void {
    if (this.domains.size >= 10_000) return;
    if (s.direction === 'out') {
      // The name this server greets with when delivering (mail.contoso.com) names the organisation's domain.
      const labels = s.helo.toLowerCase().split('.');
      if (labels.length >= 3 && labels.every((l) => /^[a-z0-9-]{1,63}$/.test(l))) this.domains.add(labels.slice(1).join('.'));
      return;
    }
    const cls = classifyAddress(s.clientIp).cls;
    if (cls !== 'private' && cls !== 'loopback') return;
    for (const m of s.messages) {
      const d = addressDomain(m.from);
      if (d && m.dataStatus === 250) this.domains.add(d);
    }
  }

  result(): string[] {
    return [...this.domains].sort();
  }
}

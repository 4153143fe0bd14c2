// The Edge -> Exchange Online path, written once: a send connector to the tenant's MX endpoint on port 25
// with mandatory TLS checked against Exchange Online's certificate, the certificate step that lets
// Exchange Online attribute the mail to the tenant, and (commented) the tenant side: an OnPremises
// inbound connector matched by certificate or IP, and SPF. Facts from the reference exchange-2026.md
// ("Exchange Online inbound rules") and connectors.md §1.4.
import { EXO_TLS_DOMAIN, isExchangeOnlineMx, isExchangeOnlineSubmission } from '../common/exchangeOnlineHosts';
import { hostName } from '../common/hostName';
import { commandLine, str } from './command';
import { sendConnector } from './connectors';
import type { ReviewNote, ScriptWriter } from './writer';

export { EXO_TLS_DOMAIN, isExchangeOnlineMx, isExchangeOnlineSubmission };
const EXO_MX_SUFFIX = `.${EXO_TLS_DOMAIN}`;

/** The MX endpoint Exchange Online gives a domain: contoso.com -> contoso-com.mail.protection.outlook.com. */
export function exchangeOnlineMxFor(domain: string): string | null {
  const d = hostName(domain);
  // The tenant's initial domain (*.onmicrosoft.com) does not follow the dashed pattern: not derived.
  if (d === null || d.endsWith(EXO_MX_SUFFIX) || d.endsWith('.onmicrosoft.com')) return null;
  return hostName(`${d.replace(/\./g, '-')}${EXO_MX_SUFFIX}`);
}

/** The note for the certificate step the admin must complete (the connector language reports EXR008 until then). */
export function exchangeOnlineCertificateNote(connector: string): ReviewNote {
  return {
    code: 'exo-certificate',
    exr: 'EXR008',
    message: `The send connector ${connector} to Exchange Online needs TlsCertificateName from your Edge certificate (EXR008 until it is set): see the commented lines under the send connector.`,
  };
}

export interface ExchangeOnlineSendSpec {
  name: string;
  /** The tenant MX endpoint (validated with isExchangeOnlineMx). */
  smartHost: string;
  fqdn?: string;
  protocolLogging?: boolean;
  /** Bytes; only when the 35 MB default is too small. */
  maxMessageSize?: number;
}

/** The send connector to Exchange Online with its certificate step and the tenant-side steps as comments. */
export function exchangeOnlineSendConnector(w: ScriptWriter, spec: ExchangeOnlineSendSpec): void {
  if (!isExchangeOnlineMx(spec.smartHost)) throw new Error(`script emitter: ${spec.smartHost} is not an Exchange Online MX endpoint`);
  sendConnector(w, {
    name: spec.name,
    usage: 'Custom',
    addressSpaces: ['*'],
    route: { kind: 'smartHosts', hosts: [spec.smartHost] },
    tls: { authLevel: 'DomainValidation', domain: EXO_TLS_DOMAIN },
    fqdn: spec.fqdn,
    protocolLogging: spec.protocolLogging,
    maxMessageSize: spec.maxMessageSize,
  });
  w.comment('Present a certificate whose name is an accepted domain of the tenant, so Exchange Online attributes the mail:');
  w.commented({ cmdlet: 'Get-ExchangeCertificate', params: [['Thumbprint', str('THUMBPRINT-OF-THE-EDGE-CERTIFICATE')]] }, '   $cert = ');
  // The certificate name is built by PowerShell from the certificate object, so it is the one expandable string.
  w.statement(`#   ${commandLine({ cmdlet: 'Set-SendConnector', params: [['Identity', str(spec.name)]] })} -TlsCertificateName "<I>$($cert.Issuer)<S>$($cert.Subject)"`);
  w.comment(
    '',
    'In Exchange Online (not on the Edge): an OnPremises inbound connector that recognises this server, and SPF:',
    '  New-InboundConnector -Name (name) -ConnectorType OnPremises -SenderDomains * -RequireTls $true -TlsSenderCertificateName (certificate CN)',
    '  (or match by address: -SenderIPAddresses EDGE-PUBLIC-IP, IPv4 only). Relay through Exchange Online needs both that match and',
    '  a certificate or MAIL FROM domain that is an accepted domain of the tenant, otherwise 550 5.7.64 TenantAttribution.',
    "  Publish the Edge's public IP in SPF (v=spf1 ip4:EDGE-IP include:spf.protection.outlook.com ~all): Microsoft recommends soft fail",
    '  (~all) with Reject Direct Send (Set-OrganizationConfig -RejectDirectSend $true); consider DKIM and DMARC.',
    '  Mail from a standalone Edge arrives as external (AuthAs Anonymous). TreatMessagesAsInternal on the inbound connector changes that',
    '  but also skips anti-spam: only for an on-premises organisation without Exchange mailboxes (hybrid uses the certificate instead),',
    '  and never with -SenderDomains * matched by an IP address that others can send from.',
  );
}

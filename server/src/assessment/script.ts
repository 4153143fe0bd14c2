// Renders a connector plan as an Exchange Management Shell script for a standalone Edge Transport server,
// following the migration playbook. Every value is a validated or re-printed literal passed through
// psQuote; every comment goes through commentText. The output depends only on the plan (deterministic).
import type { FileSummary, Scenario, SourceProfile } from '../protocol/assessment';
import { CONNECTOR_NAMES, type ConnectorPlan, type ReceivePlan } from './plan';
import { commentText, isHostName, psList, psQuote } from './psText';

const SCENARIO_TEXT: Record<Scenario, string> = {
  'internal-only': 'nothing beyond the default connector (accepted domains only)',
  authenticated: 'the authenticated connector (section 3)',
  'anonymous-relay': 'the anonymous relay connector (section 4)',
  review: 'a decision: its recipients are not proven by the logs (see the review section)',
};

const INTERNET_TEXT = {
  'stolen-credentials': 'AUTHENTICATED from the Internet and relayed to external domains: stolen credentials used for spam?',
  'open-relay': 'relayed to external domains WITHOUT authenticating: open relay',
  inbound: 'inbound mail to accepted domains',
} as const;

const SMART_HOST_PLACEHOLDER = 'smarthost.replace-me.invalid';
const MAX_LISTED = 50;

function num(n: number): string {
  return n.toLocaleString('en-US');
}

function span(p: SourceProfile): string {
  const a = p.firstSeen.slice(0, 10);
  const b = p.lastSeen.slice(0, 10);
  return a === '' ? 'dates unknown' : a === b ? a : `${a} to ${b}`;
}

function topList(items: { key: string; count: number }[], max = 5): string {
  const shown = items.slice(0, max).map((c) => `${c.key} (${num(c.count)})`);
  if (items.length > max) shown.push(`${items.length - max} more`);
  return shown.join(', ');
}

/** Evidence lines for one source, all sanitised. */
function evidence(p: SourceProfile): string[] {
  const lines = [`${p.address || '(no address)'}  HELO ${p.heloNames.slice(0, 3).join(', ') || '(none)'}  ${span(p)}`];
  if (p.messages > 0) lines.push(`  ${num(p.messages)} messages, ${num(p.recipients)} recipients, ${num(p.bytes)} bytes`);
  if (p.senders.length > 0) lines.push(`  senders: ${topList(p.senders)}`);
  if (p.acceptedRecipientDomains.length > 0) lines.push(`  to accepted domains: ${topList(p.acceptedRecipientDomains)}`);
  if (p.externalRecipientDomains.length > 0) lines.push(`  to external domains: ${topList(p.externalRecipientDomains)}`);
  if (p.unconfirmedRecipientDomains.length > 0) lines.push(`  recipients without status codes (sc-status not logged, acceptance not proven): ${topList(p.unconfirmedRecipientDomains)}`);
  if (p.unknownRecipientMessages > 0) lines.push(`  ${num(p.unknownRecipientMessages)} message(s) with no readable recipient (cs-uri-query not logged, or no RCPT record)`);
  if (p.internetTraffic) lines.push(`  ${INTERNET_TEXT[p.internetTraffic]}`);
  if (p.origin === 'local') lines.push('  the client address is the address of the IIS server (c-ip = s-ip): an application on the server itself');
  const auth = p.authMechanisms.length > 0 ? `AUTH ${p.authMechanisms.join('/')} in ${num(p.authenticatedSessions)} of ${num(p.sessions)} sessions` : `no AUTH in ${num(p.sessions)} sessions`;
  lines.push(`  ${auth}; STARTTLS in ${num(p.tlsSessions)}${p.usedHelo ? '; uses HELO (not EHLO)' : ''}`);
  if ((p.origin === 'loopback' || p.origin === 'local') && p.scenario) lines.push(`  needs: ${SCENARIO_TEXT[p.scenario]}`);
  if (p.maxMessageSize > 0 && p.messages > 0) lines.push(`  largest message ${num(p.maxMessageSize)} bytes`);
  if (p.relayDenials > 0) lines.push(`  relay denied ${num(p.relayDenials)} times, to ${topList(p.deniedDomains)}`);
  if (p.rejectedRecipients > 0) lines.push(`  ${num(p.rejectedRecipients)} recipient(s) in accepted domains refused with 550 (unknown users, not relay): ${topList(p.rejectedRecipientDomains)}`);
  if (p.unrecognizedCommands > 0) lines.push(`  ${num(p.unrecognizedCommands)} unrecognised commands`);
  return lines.map((l) => `#   ${commentText(l, 160)}`);
}

function listed(profiles: SourceProfile[], out: string[]): void {
  for (const p of profiles.slice(0, MAX_LISTED)) out.push(...evidence(p));
  if (profiles.length > MAX_LISTED) out.push(`#   ... and ${profiles.length - MAX_LISTED} more (see the assessment report)`);
}

function fileLine(f: FileSummary): string {
  const when = f.firstSeen ? ` ${f.firstSeen.slice(0, 10)} to ${f.lastSeen.slice(0, 10)}` : '';
  return `#   ${commentText(`${f.name}${f.range ? ` (${f.range})` : ''}: ${num(f.records)} records${when}${f.error ? ' - NOT READ' : ''}`, 200)}`;
}

export interface ScriptContext {
  files: FileSummary[];
  firstSeen: string;
  lastSeen: string;
  messages: number;
  applications: number;
}

/** A smart host as written to the script: a validated name, a re-printed IP, or the placeholder. */
function scriptHost(value: string): string {
  return value !== '' && (isHostName(value) || /^[0-9a-f.:]+$/i.test(value)) ? value : SMART_HOST_PLACEHOLDER;
}

/** -Bindings and -MaxMessageSize of a receive connector, as parameters. */
function receiveParams(r: ReceivePlan, plan: ConnectorPlan): string {
  return `-Bindings ${psList(r.bindings)}${plan.sizes.receive ? ` -MaxMessageSize ${psQuote(plan.sizes.limitText)}` : ''}`;
}

export function renderScript(plan: ConnectorPlan, ctx: ScriptContext): string {
  const out: string[] = [];
  const rule = `# ${'-'.repeat(100)}`;
  const section = (title: string): void => {
    out.push('', rule, `# ${title}`, rule);
  };
  out.push('# Exchange Edge Transport connectors for the applications that relayed through IIS SMTP.');
  if (plan.partial.length > 0) {
    out.push(`# PARTIAL ASSESSMENT: ${commentText(plan.partial.join('; '), 300)}.`, '# Traffic in the part that was not read is missing: do not cut over on this script alone.');
  }
  out.push(
    '# Generated by IIS SMTP Migration Assistant from these logs:',
    ...ctx.files.slice(0, MAX_LISTED).map(fileLine),
    ...(ctx.files.length > MAX_LISTED ? [`#   ... and ${ctx.files.length - MAX_LISTED} more files`] : []),
    `# Period: ${commentText(ctx.firstSeen ? `${ctx.firstSeen} to ${ctx.lastSeen}` : 'unknown')}; ${num(ctx.messages)} messages from ${num(ctx.applications)} applications.`,
    '# Run it in the Exchange Management Shell of a standalone (not subscribed) Edge Transport server,',
    '# after reviewing every block. Nothing here was copied from the logs: addresses are re-printed,',
    '# names validated, and all values are single-quoted literals.',
  );
  if (plan.warnings.length > 0) {
    out.push('#', '# Review notes:');
    for (const w of plan.warnings) out.push(`#   [${w.code}${w.exr ? ` ${w.exr}` : ''}] ${commentText(w.message, 400)}`);
  }

  section('1. Accepted domains: the domains the applications send as');
  if (plan.acceptedDomains.length === 0) out.push('# None determined: add New-AcceptedDomain lines for your domains.');
  else if (plan.acceptedDomainSource === 'inferred') {
    out.push('# SUGGESTED, not confirmed: inferred from the logs. Uncomment the lines for domains that are really yours', '# (or set iisSmtp.acceptedDomains / --accepted-domain and generate again).');
    for (const e of plan.acceptedDomainEvidence) {
      if (!plan.acceptedDomains.includes(e.domain)) continue;
      out.push(`#   evidence for ${commentText(e.domain)}: ${commentText(e.evidence, 200)}`, `# New-AcceptedDomain -Name ${psQuote(e.domain)} -DomainName ${psQuote(e.domain)} -DomainType 'Authoritative'`);
    }
  } else {
    const suggested = new Map(plan.acceptedDomainEvidence.map((e) => [e.domain, e.evidence]));
    out.push(plan.acceptedDomainSource === 'metabase' ? '# From the metabase: the local domains of the IIS virtual server.' : '# From your settings.');
    for (const d of plan.acceptedDomains) if (!suggested.has(d)) out.push(`New-AcceptedDomain -Name ${psQuote(d)} -DomainName ${psQuote(d)} -DomainType 'Authoritative'`);
    if (suggested.size > 0) out.push('# SUGGESTED, not in the metabase: the logs show these domains are yours. Uncomment the lines you confirm.');
    for (const [d, e] of suggested) {
      if (plan.acceptedDomains.includes(d)) out.push(`#   evidence for ${commentText(d)}: ${commentText(e, 200)}`, `# New-AcceptedDomain -Name ${psQuote(d)} -DomainName ${psQuote(d)} -DomainType 'Authoritative'`);
    }
  }
  if (plan.excludedDomains.length > 0) {
    out.push('# Sender domains seen but never suggested as accepted domains:');
    for (const e of plan.excludedDomains.slice(0, MAX_LISTED)) out.push(`#   ${commentText(e.domain)}: ${commentText(e.reason, 200)}`);
  }

  section('2. Applications sending only to accepted domains without authentication');
  if (plan.internalOnly.length === 0) out.push('# None.');
  else {
    out.push('# The default Edge receive connector already accepts this mail: no new connector is needed.', '# Point these applications at the Edge (DNS alias or moved IP address):');
    listed(plan.internalOnly, out);
  }

  section('3. Authenticated applications sending to any recipient');
  const a = plan.authenticated;
  if (!a) out.push('# None.');
  else {
    out.push('# Evidence:');
    listed(a.profiles, out);
    if (a.basicWithoutTls) out.push('# WARNING: some applications send LOGIN/PLAIN credentials without STARTTLS, so BasicAuthRequireTLS is not set.', '# Enable TLS on them, then run: Set-ReceiveConnector -Identity (name) -AuthMechanism Tls,BasicAuth,BasicAuthRequireTLS');
    if (a.integrated) out.push('# NTLM (Integrated): the Edge can verify domain accounts only when it is domain-joined; Exchange Online never', '# accepts NTLM for SMTP. Plan to move these applications to Basic over TLS or to relay by address.');
    out.push(
      `New-ReceiveConnector -Name ${psQuote(CONNECTOR_NAMES.authenticated)} -Usage 'Custom' ${receiveParams(a, plan)} -RemoteIPRanges ${psList(a.ranges)} -AuthMechanism ${psList(a.authMechanism)} -PermissionGroups 'ExchangeUsers' -ProtocolLoggingLevel 'Verbose'`,
      '# A standalone Edge cannot resolve the authenticated user to an address: without this right it answers',
      '# "550 5.7.60 Client does not have permissions to send as this sender".',
      `Get-ReceiveConnector -Identity ${psQuote(CONNECTOR_NAMES.authenticated)} | Add-ADPermission -User 'NT AUTHORITY\\Authenticated Users' -ExtendedRights 'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender'`,
    );
  }

  section('4. Applications relaying anonymously to external recipients');
  const r = plan.anonymousRelay;
  if (!r) out.push('# None.');
  else {
    out.push('# WARNING: anonymous relay. Anyone who can use these addresses can send anywhere through the Edge.', '# The connector is limited to exactly the addresses seen; keep it that narrow. Evidence:');
    listed(r.profiles, out);
    out.push(
      `New-ReceiveConnector -Name ${psQuote(CONNECTOR_NAMES.anonymousRelay)} -Usage 'Custom' ${receiveParams(r, plan)} -RemoteIPRanges ${psList(r.ranges)} -PermissionGroups 'AnonymousUsers' -ProtocolLoggingLevel 'Verbose'`,
      `Get-ReceiveConnector -Identity ${psQuote(CONNECTOR_NAMES.anonymousRelay)} | Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights 'ms-Exch-SMTP-Accept-Any-Recipient'`,
    );
  }

  section('5. Message size limits');
  const z = plan.sizes;
  out.push(`# ${commentText(z.limit > 0 ? `Needed: ${z.limitText} (${z.origin}).` : `Unknown: ${z.origin}.`, 300)}`);
  if (z.transport) {
    out.push('# The Edge refuses anything above MaxReceiveSize/MaxSendSize (10 MB by default), whatever the connectors allow.', `Set-TransportConfig -MaxReceiveSize ${psQuote(z.limitText)} -MaxSendSize ${psQuote(z.limitText)}`);
  } else if (z.limit > 0) out.push('# The Edge defaults (10 MB transport, 36 MB receive connector, 35 MB send connector) already allow it.');

  if (plan.onServer.length > 0) {
    section('Applications on the IIS server itself (loopback, or the address of the server)');
    out.push("# They connect from the IIS server's own address once pointed at the Edge; add that address to the matching connector.");
    listed(plan.onServer, out);
  }

  if (plan.review.length > 0) {
    section('Applications to review (recipients not proven by the logs: no relay right granted)');
    out.push('# Log cs-uri-query and sc-status (IIS extended logging properties), collect again, and generate again;', '# or, if you know these applications only send to external recipients, add them to section 4 by hand.');
    listed(plan.review, out);
  }

  section('Internal sources refused relay (review: not granted)');
  if (plan.relayDenied.length === 0) out.push('# None.');
  else listed(plan.relayDenied, out);

  if (plan.inbound.length > 0) {
    section('Inbound Internet mail to accepted domains (the IIS server is also an MX: normal, not abuse)');
    out.push("# The Edge's default receive connector accepts this mail once the MX record points at the Edge.");
    listed(plan.inbound, out);
  }

  section('Public sources (never granted: possible abuse)');
  if (plan.publicSources.length === 0) out.push('# None.');
  else listed(plan.publicSources, out);
  if (plan.noise.length > 0) out.push(`# Plus ${num(plan.noise.length)} internal source(s) that connected without delivering mail (probes, monitoring, refused users).`);

  section('6. Send connector');
  const s = plan.send;
  const sendSize = plan.sizes.send ? ` -MaxMessageSize ${psQuote(plan.sizes.limitText)}` : '';
  if (s.mode === 'none') out.push('# No outbound delivery in the logs: create the send connector by hand (DNS or smart host, as the IIS Delivery tab says).');
  else {
    out.push('# Observed next hops:');
    for (const h of s.hops.slice(0, 10)) out.push(`#   ${commentText(`${h.address} ${h.bannerHost || ''}: ${num(h.connections)} connections, ${num(h.messages)} messages, STARTTLS in ${num(h.tlsConnections)}${h.recipientDomains.length > 0 ? `; recipients in ${topList(h.recipientDomains, 3)}` : ''}`, 200)}`);
    out.push(`# ${commentText(s.explanation, 300)}`);
    if (s.mode === 'direct') {
      out.push(`New-SendConnector -Name ${psQuote(CONNECTOR_NAMES.send)} -Usage 'Internet' -AddressSpaces '*' -DNSRoutingEnabled $true${sendSize}`);
      if (s.ambiguous) {
        const alt = scriptHost(s.alternativeSmartHost ?? '');
        out.push('# If IIS used a smart host (IIS Delivery tab, Advanced), use this instead of the line above:', `# New-SendConnector -Name ${psQuote(CONNECTOR_NAMES.send)} -Usage 'Custom' -AddressSpaces '*' -SmartHosts ${psQuote(alt)} -DNSRoutingEnabled $false${sendSize}`);
      }
    } else {
      const host = scriptHost(s.smartHost);
      out.push(s.smartHostSource === 'metabase' ? '# Smart host from the metabase (IIS Delivery tab).' : s.exchangeOnline ? "# The next hop is Exchange Online: the smart host is the tenant's MX host (derived from the main accepted domain; check it)." : '# Smart host as observed in the logs.');
      if (host === SMART_HOST_PLACEHOLDER) out.push('# PLACEHOLDER: replace the smart host below with the real one.');
      if (s.exchangeOnline) {
        out.push(
          `New-SendConnector -Name ${psQuote(CONNECTOR_NAMES.send)} -Usage 'Custom' -AddressSpaces '*' -SmartHosts ${psQuote(host)} -DNSRoutingEnabled $false -RequireTLS $true -TlsAuthLevel 'DomainValidation' -TlsDomain 'mail.protection.outlook.com'${sendSize}`,
          '# Present a certificate whose name is an accepted domain of the tenant, so Exchange Online attributes the mail:',
          "#   $cert = Get-ExchangeCertificate -Thumbprint 'THUMBPRINT-OF-THE-EDGE-CERTIFICATE'",
          `#   Set-SendConnector -Identity '${CONNECTOR_NAMES.send}' -TlsCertificateName "<I>$($cert.Issuer)<S>$($cert.Subject)"`,
          '#',
          '# In Exchange Online (not on the Edge): an inbound connector for this server, and SPF:',
          '#   New-InboundConnector -Name (name) -ConnectorType OnPremises -SenderDomains * -RequireTls $true -TlsSenderCertificateName (certificate CN)',
          "#   Publish the Edge's public IP in SPF (v=spf1 ip4:EDGE-IP include:spf.protection.outlook.com ~all: soft fail, as Microsoft recommends with Reject Direct Send); consider DKIM and DMARC.",
          '#   Mail from a standalone Edge arrives as AuthAs Anonymous; only TreatMessagesAsInternal on that inbound connector makes it internal.',
        );
      } else {
        out.push(`New-SendConnector -Name ${psQuote(CONNECTOR_NAMES.send)} -Usage 'Custom' -AddressSpaces '*' -SmartHosts ${psQuote(host)} -DNSRoutingEnabled $false${s.requireTls ? ' -RequireTLS $true' : ''}${sendSize}`);
      }
    }
  }
  out.push('', '# Cut over gradually: move a few applications first, check mail flow (message tracking), then the rest.', '');
  return out.join('\r\n');
}

// Generates the Exchange connector script for one IIS SMTP virtual server, following the migration
// playbook (Access tab → Receive connector, Delivery tab → Send connector) for a standalone Exchange
// Server SE Edge. The cmdlets are written by the script emitter (checked against the connector
// catalogue); addresses are re-printed from parsed bytes, names and hosts pass the project's rules.
import { domainWithSubdomains, hostName } from '../common/hostName';
import { classifyAddress } from '../common/ipClass';
import {
  accountName, acceptedDomain, ANONYMOUS, AUTHENTICATED, commentText, connectorName, credentialPrompt, exchangeOnlineCertificateNote,
  exchangeOnlineMxFor, exchangeOnlineSendConnector, grantRights, isExchangeOnlineMx, psList, psQuote, receiveConnector, RELAY_RIGHT,
  ScriptWriter, SENDER_RIGHT, sendConnector, smartHost, transportConfig, type AuthMechanism, type PermissionGroup, type ReceiveLimits,
} from '../scriptEmitter/index';
import type { TargetRole } from '../settings';
import { domainBasicSubmission, serverBasicSubmission, type BasicSubmission } from './exchangeOnlineAuth';
import { normalisePath, type MetabaseModel } from './model';
import { relayGrants } from './relayGrants';
import { isServerKey, summarizeVirtualServer, type DomainSummary, type VirtualServerSummary } from './virtualServer';

export interface ConnectorScriptOptions {
  targetRole?: TargetRole;
}

export interface ConnectorScript {
  script: string;
  /** The review notes at the top of the script; each `exr` is a connector rule the script triggers on purpose. */
  notes: { code: string; message: string; exr?: string }[];
}

const RC_MIN_MESSAGE = 65536;
const RC_MAX_MESSAGE = 2147483647;
const MAX_LISTED = 10;
const ORG_DEFAULT_SIZE = 10 * 1024 * 1024;
const ORG_DEFAULT_RECIPIENTS = 500;
/** The widest relay grant the script writes (connectors.md §1.1: wider than a /24 is flagged). */
const MIN_RELAY_PREFIX = 24;

function prefixOf(range: string): number {
  const slash = range.indexOf('/');
  return slash < 0 ? 32 : Number(range.slice(slash + 1));
}
/** Placeholder tenant endpoint when no domain names the tenant. */
const EXO_PLACEHOLDER = 'replace-me.mail.protection.outlook.com';

function connectorBaseName(s: VirtualServerSummary): string {
  const comment = s.name ? connectorName(s.name, 40) : null;
  const id = /^\d+$/.test(s.instanceId) ? s.instanceId : '0';
  return comment ? `IIS VS${id} ${comment}` : `IIS VS${id}`;
}

const connector = (text: string): string => connectorName(text.slice(0, 64)) ?? 'IIS SMTP migration';

interface RemoteRanges {
  ranges: string[];
  relayAllowed: boolean;
}

/** RemoteIPRanges of the receive connector, with the comments that explain them (issue: grant only what both lists allow). */
function remoteRanges(out: ScriptWriter, s: VirtualServerSummary): RemoteRanges {
  const relay = s.relay;
  const cc = s.connectionControl;
  if (relay.list && relay.mode === 'only-listed') {
    const g = relayGrants(relay.list, cc);
    out.comment(`RemoteIPRanges: from RelayIpList "Only the list below" (${relay.origin === 'own' ? 'set on the server' : commentText(relay.originText)}), limited to the hosts connection control (IPSecurity) lets connect.`);
    if (g.unchecked) out.comment(`Left out: every relay grant, because ${g.unchecked}. Add the hosts that may both connect and relay after review.`);
    else if (g.refused.length) {
      out.comment(`Left out: ${g.refused.length} relay grant(s) or part(s) that IIS refused at connect time, so they never relayed:`);
      for (const r of g.refused.slice(0, MAX_LISTED)) out.comment(`  ${r.range}: ${r.reason}`);
      if (g.refused.length > MAX_LISTED) out.comment(`  ... and ${g.refused.length - MAX_LISTED} more`);
    }
    const odd = relay.list.grant.filter((x) => x.cidr === null);
    if (odd.length) out.comment(`Left out: ${odd.length} entr${odd.length === 1 ? 'y' : 'ies'} with a non-contiguous mask, which RemoteIPRanges cannot express - list those hosts by hand.`);
    if (relay.list.grantNames.length) out.comment(`Left out: ${relay.list.grantNames.length} DNS-name grant(s); RemoteIPRanges takes addresses only - resolve and add them after review.`);
    if (cc.list && (cc.list.denyNames.length > 0 || cc.list.grantNames.length > 0)) out.comment('Connection control also lists DNS names (matched on reverse DNS at connect time); that part cannot be checked here - review the ranges above.');
    // Relay for more than a /24, or for public addresses, is an open relay for a whole network or for the
    // internet (the connector language reports it as an error): listed for the admin to narrow, never granted.
    const tooWide = (r: string): string | undefined =>
      prefixOf(r) < MIN_RELAY_PREFIX ? `wider than a /${MIN_RELAY_PREFIX}` : isPublicRange(r) ? 'a public (internet) address' : undefined;
    const wide = g.granted.filter((r) => tooWide(r) !== undefined);
    if (wide.length) {
      out.comment(`Left out: ${wide.length} relay grant(s) that would make an open relay for a whole network or for internet hosts - add only the application servers in them:`);
      for (const r of wide.slice(0, MAX_LISTED)) out.comment(`  ${r}: ${tooWide(r)}`);
      if (wide.length > MAX_LISTED) out.comment(`  ... and ${wide.length - MAX_LISTED} more`);
    }
    const narrow = g.granted.filter((r) => tooWide(r) === undefined);
    if (narrow.length > 0 || wide.length > 0 || g.unchecked) return { ranges: narrow, relayAllowed: true };
    out.comment('No host was allowed both to connect and to relay, so no relay right is added.');
  }
  if (cc.list && cc.mode === 'only-listed') {
    const ranges = cc.list.grant.filter((g) => g.cidr !== null).map((g) => g.cidr!);
    out.comment(`RemoteIPRanges: from IPSecurity (connection control) "Only the list below": ${ranges.length} range(s). No host may relay by address, so no relay right is added.`);
    return { ranges, relayAllowed: false };
  }
  out.comment(`RemoteIPRanges: the IIS relay list cannot be converted (${relay.verdict}).`);
  if (relay.open) out.comment('Exchange cannot express "all except" lists. Do not recreate an open relay: list only the application servers that must relay (and that connection control lets connect).');
  out.comment('Fill in the addresses (the SMTP log assessment lists the hosts that actually sent mail); the script stops until you do.');
  return { ranges: [], relayAllowed: relay.open };
}

function receiveLimits(out: ScriptWriter, s: VirtualServerSummary): ReceiveLimits {
  const L = s.limits;
  const limits: ReceiveLimits = {};
  const size = L.maxMessageSize.value;
  if (size === 0) out.comment('MaxMessageSize was 0 (unlimited); a receive connector needs a limit - the Edge default (36 MB) applies.');
  else {
    const clamped = Math.min(Math.max(size, RC_MIN_MESSAGE), RC_MAX_MESSAGE);
    if (clamped !== size) out.comment(`MaxMessageSize ${size} bytes is outside the connector range; using ${clamped}.`);
    limits.maxMessageSize = clamped;
  }
  const rcpt = L.maxRecipients.value;
  if (rcpt === 0) out.comment('MaxRecipients was 0 (unlimited); the Edge default (200) applies.');
  else limits.maxRecipientsPerMessage = Math.min(rcpt, 512000);
  const conns = L.maxConnections.value;
  if (conns > 0 && conns < 2000000000) limits.maxInboundConnection = conns;
  else out.comment('MaxConnections was unlimited; the Edge default (5000) applies.');
  // Exchange requires inactivity < total session time, both at most one day.
  const idle = Math.min(L.connectionTimeoutSeconds.value, 86400 - 60);
  if (idle > 0) {
    limits.connectionInactivityTimeoutSeconds = idle;
    limits.connectionTimeoutSeconds = Math.min(Math.max(idle + 60, 300), 86400);
    out.comment(`ConnectionTimeout ${idle} s -> ConnectionInactivityTimeout; ConnectionTimeout (total session life) set longer, as Exchange requires.`);
  }
  const errors = L.maxSmtpErrors.value === 0 ? 10 : L.maxSmtpErrors.value; // the service treats 0 as 10
  if (errors <= 2147483647) limits.maxProtocolErrors = errors;
  else out.comment('MaxSmtpErrors was unlimited (4294967295); it is not carried over - the Edge default (5) applies.');
  if (s.auth.basic || s.auth.integrated) limits.maxLogonFailures = Math.min(Math.max(L.maxLogonErrors.value, 0), 10);
  if (L.hopCount.value >= 1) limits.maxHopCount = Math.min(L.hopCount.value, 500);
  return limits;
}

/** Organisation limits apply on top of the connector's (10 MB and 500 recipients by default per the cmdlet reference). */
function organisationLimits(out: ScriptWriter, limits: ReceiveLimits): void {
  const size = limits.maxMessageSize !== undefined && limits.maxMessageSize > ORG_DEFAULT_SIZE ? limits.maxMessageSize : undefined;
  const rcpt = limits.maxRecipientsPerMessage !== undefined && limits.maxRecipientsPerMessage > ORG_DEFAULT_RECIPIENTS ? limits.maxRecipientsPerMessage : undefined;
  if (size === undefined && rcpt === undefined) return;
  out.comment('The organisation limits (Get-TransportConfig) also apply on the Edge; they default to 10 MB and 500 recipients. If they are lower than the IIS limits above, raise them:');
  transportConfig(out, { maxReceiveSize: size, maxSendSize: size, maxRecipientEnvelopeLimit: rcpt }, { commented: true });
}

/** True when a range is not internal (private or loopback): the connector language treats relay to it as open. */
function isPublicRange(range: string): boolean {
  const cls = classifyAddress(range.split('/')[0]!).cls;
  return cls !== 'private' && cls !== 'loopback';
}

function receiveSection(out: ScriptWriter, s: VirtualServerSummary, role: TargetRole): void {
  const name = connector(`${connectorBaseName(s)} - inbound`);
  out.comment('---- Receive connector (IIS Access tab) ----');
  const bindings = s.bindings.length ? s.bindings.map((b) => ({ address: b.ip, port: b.port })) : [{ address: null, port: 25 }];
  out.comment(`Bindings: IIS listened on ${s.bindings.length ? s.bindings.map((b) => `${b.ip ?? '(all interfaces)'}:${b.port}`).join(', ') : '(no ServerBindings; assuming port 25)'}.`);
  if (s.bindings.some((b) => b.ip !== null)) out.comment('The listed addresses must exist on this server (move them to it as secondary addresses when the applications use the old IP).');
  const allInterfaces = bindings.some((b) => b.address === null);
  if (allInterfaces) {
    out.comment('IIS bound to every interface. On an Edge with an internet-facing NIC, replace 0.0.0.0 with the internal address so relay rights are not reachable from outside.');
    out.comment('The default Edge receive connector also listens on 0.0.0.0:25; Exchange picks the connector whose RemoteIPRanges match the sender most specifically.');
  }
  if (s.secureBindings.length) out.comment(`No Edge equivalent: IIS had implicit-TLS bindings (${s.secureBindings.map((b) => `${b.ip ?? '*'}:${b.port}`).join(', ')}); Exchange offers STARTTLS only (not verified). Senders using them need reconfiguring.`);
  const { ranges, relayAllowed } = remoteRanges(out, s);
  const cc = s.connectionControl;
  if (cc.list && cc.mode === 'all-except' && cc.list.deny.length) {
    out.comment(`No receive connector equivalent: IPSecurity denied ${cc.list.deny.length} address(es) (${cc.list.deny.slice(0, 5).map((d) => d.cidr ?? d.address).join(', ')}); on Edge use the IP Block list (Add-IPBlockListEntry) if still needed.`);
  }
  out.statement(`$remoteIPRanges = @(${psList(ranges)})`);
  out.statement(`if ($remoteIPRanges.Count -eq 0) { throw ${psQuote('Fill in $remoteIPRanges with the addresses of the hosts that may use this connector before running the script.')} }`);
  // Authentication
  const mech: AuthMechanism[] = ['Tls'];
  const groups: PermissionGroup[] = [];
  const authParts: string[] = [];
  if (s.auth.anonymous) {
    groups.push('AnonymousUsers');
    authParts.push('Anonymous -> PermissionGroups AnonymousUsers');
  }
  if (s.auth.basic) {
    mech.push('BasicAuth', 'BasicAuthRequireTLS');
    authParts.push(`Basic -> BasicAuth + BasicAuthRequireTLS${s.tls.required ? '' : ' (IIS accepted Basic without TLS; this connector requires STARTTLS before AUTH - remove BasicAuthRequireTLS only for a sender that cannot do TLS, knowingly)'}`);
  }
  if (s.auth.integrated) {
    mech.push('Integrated');
    authParts.push('Integrated -> Integrated (the Edge can verify domain accounts only when it is domain-joined; otherwise move these senders to Basic over TLS or relay by address)');
  }
  if (s.auth.basic || s.auth.integrated) groups.push('ExchangeUsers');
  out.comment(`Authentication (AuthFlags${s.auth.origin === 'own' ? '' : `, ${commentText(s.auth.originText)}`}): ${authParts.join('; ') || 'none enabled'}.`);
  if (s.tls.required) out.comment('AccessSSLFlags required TLS -> RequireTLS $true.');
  if (groups.length === 0) {
    groups.push('AnonymousUsers');
    out.comment('IIS enabled no authentication method; AnonymousUsers keeps the connector usable - review.');
  }
  const limits = receiveLimits(out, s);
  organisationLimits(out, limits);
  const fqdn = s.outbound.fqdn ? hostName(s.outbound.fqdn) ?? undefined : undefined;
  out.comment(`Logging: IIS logging was ${s.logging.enabled.value ? 'on' : 'off'}; Edge protocol logs are always complete, so Verbose is set on every connector.`);
  if (!s.enabled.value) out.comment('ServerAutoStart was FALSE: the connector is created disabled.');
  if (s.limits.maxSessionSize.value > 0) out.comment(`No Edge equivalent: MaxSessionSize (${s.limits.maxSessionSize.value} bytes per connection); rely on message size and rate limits.`);
  if (s.banner) out.comment('IIS had a custom banner (ConnectResponse); it is not copied. Set -Banner yourself if needed (it must start with 220).');
  out.comment('No Edge equivalent: EnableReverseDnsLookup, SaslLogonDomain (Basic users must give full user names), LogExtFileFlags (Edge logs have fixed fields).');
  receiveConnector(out, {
    name,
    bindings,
    remoteIPRanges: { variable: 'remoteIPRanges' },
    frontendTransport: role === 'Mailbox',
    authMechanism: mech,
    permissionGroups: groups,
    requireTls: s.tls.required,
    limits,
    fqdn,
    enabled: s.enabled.value,
    comment: `Migrated from IIS SMTP ${normalisePath(s.location).replace(/^\/lm/, '/LM').replace('/smtpsvc', '/SmtpSvc')}`,
  });
  out.blank();
  const relayRight = relayAllowed && s.auth.anonymous;
  const authRelay = s.auth.basic || s.auth.integrated;
  if (relayRight) {
    out.comment('Anonymous relay for the hosts above: IIS let them relay to any domain. This right lets them send to recipients outside the accepted domains.');
    out.comment('(Preferred over -AuthMechanism ExternalAuthoritative, which would also bypass anti-spam and size checks.)');
    grantRights(out, name, ANONYMOUS, [RELAY_RIGHT]);
    out.blank();
    out.note({ code: 'anonymous-relay', exr: 'EXR001', message: `${name} grants ms-Exch-SMTP-Accept-Any-Recipient to ANONYMOUS LOGON, limited to its RemoteIPRanges, because IIS let those hosts relay. The connector language reports this as EXR001 by design; prefer authenticated submission where the application allows it.` });
  } else if (s.auth.anonymous) {
    out.comment('No anonymous relay right: IIS did not let these hosts relay by address, so they may send only to accepted-domain recipients.');
    out.blank();
  }
  if (authRelay) {
    out.comment('Authenticated senders: a standalone Edge cannot resolve the authenticated user\'s address, so grant the sender right (playbook) or it answers 550 5.7.60.');
    grantRights(out, name, AUTHENTICATED, [SENDER_RIGHT]);
    if (!s.relayForAuth.value) out.comment('Note: ExchangeUsers includes ms-Exch-SMTP-Accept-Any-Recipient (relay), while IIS RelayForAuth was off. If authenticated users must not relay, use -PermissionGroups Custom and grant only ms-Exch-SMTP-Submit.');
    else out.comment(`RelayForAuth (${commentText(s.relayForAuth.originText)}): authenticated users could relay on IIS; ExchangeUsers keeps that. Keep it only for senders that need it, and only over TLS.`);
    out.blank();
  }
  if (relayRight || authRelay) {
    if (allInterfaces) out.note({ code: 'binding-all-interfaces', exr: 'EXR009', message: `${name} has relay rights and listens on 0.0.0.0 (every interface), as IIS did. On an Edge with an internet-facing NIC, change -Bindings to the internal NIC address.` });
    if (authRelay && ranges.some((r) => prefixOf(r) < MIN_RELAY_PREFIX || isPublicRange(r))) out.note({ code: 'wide-authenticated-relay', exr: 'EXR003', message: `${name} lets authenticated users relay (PermissionGroups ExchangeUsers) from RemoteIPRanges wider than a /${MIN_RELAY_PREFIX} or public, as IIS let them connect. Narrow the ranges to the hosts that authenticate.` });
    if (bindings.some((b) => b.port === 587) && relayRight) out.note({ code: 'relay-on-587', exr: 'EXR012', message: `${name} grants anonymous relay on port 587, as IIS did: relay devices belong on port 25, authenticated clients on 587.` });
  }
  if ((limits.maxRecipientsPerMessage ?? 0) > 5000) out.note({ code: 'many-recipients', exr: 'EXR016', message: `MaxRecipientsPerMessage ${limits.maxRecipientsPerMessage} is copied from IIS MaxRecipients; above 5000 the connector language reports EXR016. Lower it unless a sender needs it.` });
}

/** The tenant MX endpoint for a Basic SMTP AUTH replacement: from the account's domain, else the default domain. */
function tenantEndpoint(s: VirtualServerSummary, b: BasicSubmission): { host: string; from: string } | undefined {
  const userDomain = b.userName?.includes('@') ? b.userName.slice(b.userName.lastIndexOf('@') + 1) : undefined;
  for (const [domain, from] of [[userDomain, 'the domain of RouteUserName'], [s.defaultDomain, 'DefaultDomain']] as const) {
    const host = domain ? exchangeOnlineMxFor(domain) : null;
    if (host) return { host, from };
  }
  return undefined;
}

function exchangeOnlineSection(out: ScriptWriter, s: VirtualServerSummary, name: string, b: BasicSubmission | undefined, directHost: string | undefined): void {
  let host = directHost;
  if (b) {
    out.comment(`IIS relayed through Exchange Online SMTP AUTH client submission (${commentText(b.host)}, port ${b.port}) with Basic authentication${b.userName ? ` as ${accountName(b.userName) ?? '(an account name that is not valid)'}` : ''}.`);
    out.comment('Microsoft disables Basic authentication for SMTP AUTH by default for existing tenants at the end of December 2026 (MC786329);');
    out.comment('the relay then fails with 550 5.7.30. The Basic credential is NOT carried over: the Edge relays to the tenant MX endpoint on port 25');
    out.comment('with TLS and a certificate, matched by an OnPremises inbound connector in Exchange Online.');
    const t = tenantEndpoint(s, b);
    if (t) {
      host = t.host;
      out.comment(`Tenant endpoint derived from ${t.from}: check it against the MX record of your accepted domain.`);
    } else {
      host = EXO_PLACEHOLDER;
      out.comment('PLACEHOLDER: replace the smart host below with your tenant endpoint (the MX record of your accepted domain, e.g. contoso-com.mail.protection.outlook.com).');
      out.note({ code: 'placeholder-smart-host', message: `The tenant MX endpoint could not be derived from the metabase: ${name} uses a placeholder smart host to replace.` });
    }
    out.note({ code: 'exo-basic-smtp-auth', message: `IIS relayed through Exchange Online SMTP AUTH with Basic authentication, which Microsoft disables by default for existing tenants at the end of December 2026. ${name} relays to the tenant MX endpoint on port 25 with TLS instead; no credential is carried over.` });
  } else {
    out.comment(`The smart host ${commentText(host ?? '')} is an Exchange Online MX endpoint: the Exchange Online recipe (TLS to port 25, certificate, inbound connector).`);
    if (s.outbound.port.value !== 25) out.comment(`IIS used port ${s.outbound.port.value}; Exchange Online MX endpoints listen on port 25, so the connector uses 25.`);
  }
  exchangeOnlineSendConnector(out, { name, smartHost: host!, fqdn: s.outbound.fqdn ? hostName(s.outbound.fqdn) ?? undefined : undefined, protocolLogging: true });
  out.note(exchangeOnlineCertificateNote(name));
}

function sendSection(out: ScriptWriter, s: VirtualServerSummary): void {
  const o = s.outbound;
  out.comment('---- Send connector (IIS Delivery tab) ----');
  const name = connector(`${connectorBaseName(s)} - outbound`);
  const sht = o.smartHostType.value;
  const host = o.smartHost && sht !== 0 ? smartHost(o.smartHost) : null;
  const basicSubmission = serverBasicSubmission(s);
  if (basicSubmission || (host && isExchangeOnlineMx(host))) {
    if (sht === 1) out.comment('IIS tried DNS delivery first and used the smart host on failure; the Exchange Online connector always uses the smart host.');
    exchangeOnlineSection(out, s, name, basicSubmission, host ?? undefined);
    out.comment('Server-wide outbound limits (MaxOutConnections, retry intervals) map to Set-TransportService on the Edge; not changed here.');
    out.blank();
    return;
  }
  let tls = o.alwaysTls.value || (o.routeAction.value & 0x4) !== 0;
  if (host) {
    out.comment(`Smart host ${host} (SmartHostType ${sht}).`);
    if (sht === 1) out.comment('No Edge equivalent: IIS tried DNS delivery first and used the smart host on failure; a send connector uses one or the other. This script uses the smart host - switch to -DNSRoutingEnabled $true if direct delivery is wanted.');
  } else {
    out.comment(o.smartHost && sht !== 0 ? 'The IIS smart host value is not a valid host name or IP address, so DNS (MX) delivery is used - review.' : 'No smart host: DNS (MX) delivery.');
  }
  let credential: string | undefined;
  if (o.auth === 'basic' && host) {
    const user = o.userName ? accountName(o.userName) : null;
    out.comment('Outbound Basic authentication: the IIS password is stored encrypted and cannot be migrated; it is asked for here. Rotate it.');
    if (!tls) out.comment('IIS sent this password without TLS; BasicAuthRequireTLS and RequireTLS below protect it.');
    credentialPrompt(out, 'smartHostCredential', user, 'Smart-host account (re-enter the password; it cannot be read from the metabase)');
    credential = 'smartHostCredential';
    tls = true;
  } else if (o.auth === 'integrated') {
    out.comment('No Edge equivalent: outbound Integrated (NTLM) authentication to the smart host; Edge supports only Basic (with TLS) or Exchange server authentication.');
  }
  if (o.masqueradeDomain) out.comment('No direct equivalent: masquerade domain. The Edge Address Rewriting agent does not rewrite anonymous submissions on a standalone Edge (playbook caveat).');
  out.comment('Server-wide outbound limits (MaxOutConnections, retry intervals) map to Set-TransportService on the Edge; not changed here.');
  const batch = s.limits.maxBatchedMessages.value;
  sendConnector(out, {
    name,
    usage: 'Custom',
    addressSpaces: ['*'],
    route: host ? { kind: 'smartHosts', hosts: [host] } : { kind: 'dns' },
    port: o.port.value >= 1 && o.port.value <= 65535 ? o.port.value : 25,
    basicAuthCredential: credential,
    requireTls: tls,
    connectionInactivityTimeoutSeconds: o.remoteTimeoutSeconds.value > 0 ? o.remoteTimeoutSeconds.value : undefined,
    smtpMaxMessagesPerConnection: batch > 0 ? batch : undefined,
    fqdn: o.fqdn ? hostName(o.fqdn) ?? undefined : undefined,
    protocolLogging: true,
  });
  out.blank();
}

function domainSection(out: ScriptWriter, s: VirtualServerSummary, domains: DomainSummary[]): void {
  if (domains.length === 0) return;
  out.comment('---- Domains (IIS Domains node) ----');
  const base = connectorBaseName(s);
  for (const d of domains) {
    const space = domainWithSubdomains(d.name);
    if (!space) {
      out.comment(`Domain entry skipped: its name is not a valid domain (${d.name.length} characters) - review in IIS Manager.`);
      continue;
    }
    const plain = space !== '*' && !space.startsWith('*.');
    if (d.isLocal) {
      if (!plain) {
        out.comment(`${space}: local domain entry with a wildcard - review in IIS Manager.`);
        continue;
      }
      out.comment(`${space}: local ${d.routeAction & 0x1 ? 'drop' : 'alias'} domain. Edge does not deliver locally; if applications send as this domain, add it as an accepted domain:`);
      acceptedDomain(out, space, 'Authoritative', { commented: true });
      continue;
    }
    if (d.relayToAnyone && plain) {
      out.comment(`${space}: "Allow incoming mail to be relayed to this domain" - anyone could relay to it. Recreate only if intended:`);
      acceptedDomain(out, space, 'ExternalRelay', { commented: true });
    }
    if (!d.smartHost) continue;
    if (domainBasicSubmission(s, d)) {
      out.comment(`${space}: IIS sent this domain's mail through Exchange Online SMTP AUTH with Basic authentication, which Microsoft disables by default`);
      out.comment('for existing tenants at the end of December 2026. Not recreated: no credential is carried over; send it to the tenant MX endpoint (port 25, TLS, certificate), as the Exchange Online recipe does.');
      continue;
    }
    const host = smartHost(d.smartHost);
    if (!host) {
      out.comment(`${space}: its smart host is not a valid host name or IP address - review.`);
      continue;
    }
    let credential: string | undefined;
    if (d.outboundBasic) {
      out.comment(`${space}: outbound Basic authentication; re-enter the password.`);
      credentialPrompt(out, 'domainCredential', d.userName ? accountName(d.userName) : null, `Smart-host account for ${space}`);
      credential = 'domainCredential';
    }
    if (d.outboundIntegrated) out.comment(`No Edge equivalent: outbound Integrated authentication for ${space}.`);
    out.comment(`${space}: IIS forwarded its mail to a smart host -> a send connector scoped to this domain.`);
    sendConnector(out, {
      name: connector(`${base} - ${space}`.replace(/\*/g, 'all')),
      usage: 'Custom',
      addressSpaces: [space],
      route: { kind: 'smartHosts', hosts: [host] },
      basicAuthCredential: credential,
      requireTls: d.outboundTls,
      protocolLogging: true,
    });
  }
  out.blank();
}

/** The decoded summary for `serverKeyPath` (case-insensitive, e.g. '/LM/SmtpSvc/1'), if it is a virtual server. */
export function findVirtualServer(model: MetabaseModel, serverKeyPath: string): VirtualServerSummary | undefined {
  const key = model.byPath.get(normalisePath(serverKeyPath));
  return key && isServerKey(key) ? summarizeVirtualServer(model, key) : undefined;
}

function header(out: ScriptWriter, s: VirtualServerSummary, role: TargetRole): void {
  const id = /^\d+$/.test(s.instanceId) ? s.instanceId : '?';
  const display = s.name ? connectorName(s.name, 60) : null;
  out.comment(`Exchange connectors for IIS SMTP virtual server ${id}${display ? ` (${display})` : ''}.`);
  out.comment('Generated by IIS SMTP Migration Assistant from the metabase. Review every line before running it.');
  if (role === 'Mailbox') {
    out.comment('Target: an Exchange Server SE Mailbox server (iisSmtp.connectors.targetRole = Mailbox); run in the Exchange Management Shell.');
  } else {
    out.comment('Target: a standalone Exchange Server SE Edge Transport server (no Edge subscription); run in the Exchange Management Shell on the Edge.');
    out.comment('New-SendConnector and New-AcceptedDomain work only while the Edge is not subscribed (EdgeSync owns those objects afterwards).');
    if (role === 'ExchangeOnline') out.comment('iisSmtp.connectors.targetRole is ExchangeOnline: senders that cannot reach Exchange Online directly still need this Edge; see New-InboundConnector for the tenant side.');
  }
  out.comment('Accepted domains: add the domains the applications send as (New-AcceptedDomain) before cut-over.');
  if (s.inheritedUnknown) out.comment('WARNING: the file has no /LM/SmtpSvc key, so values inherited from the service are unknown and defaults were assumed.');
  out.reviewNotesHere();
  out.comment('');
  out.comment('Findings:');
  out.comment(`  Relay: ${s.relay.verdict}.`);
  out.comment(`  Connection control: ${s.connectionControl.verdict}.`);
  if (s.relayCheckDisabled.value) out.comment('  SmtpDisableRelay is FALSE (relay check skipped) - never migrated.');
  out.blank();
}

/** The script and its review notes for one IIS SMTP virtual server. Pure; never throws for a known server. */
export function buildConnectorScript(model: MetabaseModel, serverKeyPath: string, options: ConnectorScriptOptions = {}): ConnectorScript {
  const role = options.targetRole ?? 'EdgeTransport';
  const s = findVirtualServer(model, serverKeyPath);
  const out = new ScriptWriter('continued');
  if (!s) {
    out.comment(`No SMTP virtual server at ${commentText(serverKeyPath.slice(0, 100))} in this file.`);
    return { script: out.render(), notes: [] };
  }
  header(out, s, role);
  out.statement("$ErrorActionPreference = 'Stop'");
  out.blank();
  receiveSection(out, s, role);
  sendSection(out, s);
  domainSection(out, s, s.domains);
  return { script: out.render(), notes: out.notes };
}

/** PowerShell for Exchange connectors replacing one IIS SMTP virtual server. */
export function generateConnectorScriptForServer(model: MetabaseModel, serverKeyPath: string, options: ConnectorScriptOptions = {}): string {
  return buildConnectorScript(model, serverKeyPath, options).script;
}

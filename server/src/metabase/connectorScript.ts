// Generates the Exchange connector script for one IIS SMTP virtual server, following the migration
// playbook (Access tab → Receive connector, Delivery tab → Send connector) for a standalone Edge.
// Safe by construction: nothing read from the metabase reaches the script as raw text — addresses
// are re-printed from parsed bytes, names and hosts pass strict patterns, every literal is
// single-quoted with quotes doubled, and comments carry printable ASCII only.
import type { TargetRole } from '../settings';
import { normalisePath, type MetabaseModel } from './model';
import { commentText, psQuote, validAddressSpace, validConnectorText, validHostName, validSmartHost, validUserName } from './psSafe';
import { isServerKey, summarizeVirtualServer, type DomainSummary, type VirtualServerSummary } from './virtualServer';

export interface ConnectorScriptOptions {
  targetRole?: TargetRole;
}

const RC_MIN_MESSAGE = 65536;
const RC_MAX_MESSAGE = 2147483647;

function timeSpan(seconds: number): string {
  const s = Math.max(1, Math.min(seconds, 86400));
  if (s >= 86400) return '1.00:00:00';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return [h, m, sec].map((n) => String(n).padStart(2, '0')).join(':');
}

class Script {
  readonly lines: string[] = [];
  comment(...texts: string[]): void {
    for (const t of texts) this.lines.push(t === '' ? '#' : `# ${commentText(t)}`);
  }
  code(line: string): void {
    this.lines.push(line);
  }
  blank(): void {
    this.lines.push('');
  }
  /** A command with one parameter per line, joined with backtick continuations. */
  command(head: string, params: string[]): void {
    if (params.length === 0) {
      this.lines.push(head);
      return;
    }
    this.lines.push(`${head} \``);
    params.forEach((p, i) => this.lines.push(`    ${p}${i < params.length - 1 ? ' `' : ''}`));
  }
}

function connectorBaseName(s: VirtualServerSummary): string {
  const comment = s.name ? validConnectorText(s.name, 40) : null;
  const id = /^\d+$/.test(s.instanceId) ? s.instanceId : '0';
  return comment ? `IIS VS${id} ${comment}` : `IIS VS${id}`;
}

function receiveSection(out: Script, s: VirtualServerSummary, role: TargetRole): string {
  const name = `${connectorBaseName(s)} - inbound`.slice(0, 64);
  out.comment('---- Receive connector (IIS Access tab) ----');
  // Bindings
  const bindings = s.bindings.map((b) => `${b.ip ?? '0.0.0.0'}:${b.port}`);
  if (bindings.length === 0) bindings.push('0.0.0.0:25');
  out.comment(`Bindings: IIS listened on ${s.bindings.length ? s.bindings.map((b) => `${b.ip ?? '(all interfaces)'}:${b.port}`).join(', ') : '(no ServerBindings; assuming port 25)'}.`);
  if (s.bindings.some((b) => b.ip !== null)) out.comment('The listed addresses must exist on this server (move them to it as secondary addresses when the applications use the old IP).');
  if (s.bindings.some((b) => b.ip === null)) {
    out.comment('IIS bound to every interface. On an Edge with an internet-facing NIC, replace 0.0.0.0 with the internal address so relay rights are not reachable from outside.');
    out.comment('The default Edge receive connector also listens on 0.0.0.0:25; Exchange picks the connector whose RemoteIPRanges match the sender most specifically.');
  }
  if (s.secureBindings.length) out.comment(`No Edge equivalent: IIS had implicit-TLS bindings (${s.secureBindings.map((b) => `${b.ip ?? '*'}:${b.port}`).join(', ')}); Exchange offers STARTTLS only (not verified). Senders using them need reconfiguring.`);
  // Remote IP ranges
  const relay = s.relay;
  const cc = s.connectionControl;
  let ranges: string[] = [];
  let relayAllowed = false;
  if (relay.list && relay.mode === 'only-listed') {
    ranges = relay.list.grant.filter((g) => g.cidr !== null).map((g) => g.cidr!);
    relayAllowed = true;
    out.comment(`RemoteIPRanges: from RelayIpList "Only the list below" (${relay.origin === 'own' ? 'set on the server' : relay.originText}): ${ranges.length} range(s).`);
    const odd = relay.list.grant.filter((g) => g.cidr === null);
    if (odd.length) out.comment(`Left out: ${odd.length} entr${odd.length === 1 ? 'y' : 'ies'} with a non-contiguous mask, which RemoteIPRanges cannot express - list those hosts by hand.`);
    if (relay.list.grantNames.length) out.comment(`Left out: ${relay.list.grantNames.length} DNS-name grant(s); RemoteIPRanges takes addresses only - resolve and add them after review.`);
  } else if (cc.list && cc.mode === 'only-listed') {
    ranges = cc.list.grant.filter((g) => g.cidr !== null).map((g) => g.cidr!);
    out.comment(`RemoteIPRanges: from IPSecurity (connection control) "Only the list below": ${ranges.length} range(s). The relay list grants no host, so no relay right is added.`);
  } else {
    out.comment(`RemoteIPRanges: the IIS relay list cannot be converted (${relay.verdict}).`);
    if (relay.open) {
      out.comment('Exchange cannot express "all except" lists. Do not recreate an open relay: list only the application servers that must relay.');
      relayAllowed = true;
    }
    out.comment('Fill in the addresses (the SMTP log assessment lists the hosts that actually sent mail); the script stops until you do.');
  }
  if (cc.list && cc.mode === 'all-except' && cc.list.deny.length) {
    out.comment(`No receive connector equivalent: IPSecurity denied ${cc.list.deny.length} address(es) (${cc.list.deny.slice(0, 5).map((d) => d.cidr ?? d.address).join(', ')}); on Edge use the IP Block list (Add-IPBlockListEntry) if still needed.`);
  }
  const rangesLiteral = ranges.map(psQuote).join(', ');
  out.code(`$remoteIPRanges = @(${rangesLiteral})`);
  out.code(`if ($remoteIPRanges.Count -eq 0) { throw ${psQuote('Fill in $remoteIPRanges with the addresses of the hosts that may use this connector before running the script.')} }`);
  // Authentication
  const mech: string[] = ['Tls'];
  const groups: string[] = [];
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
    authParts.push('Integrated -> Integrated (domain accounts need a domain-joined Edge; otherwise move these senders to a Mailbox server)');
  }
  if (s.auth.basic || s.auth.integrated) groups.push('ExchangeUsers');
  out.comment(`Authentication (AuthFlags${s.auth.origin === 'own' ? '' : `, ${s.auth.originText}`}): ${authParts.join('; ') || 'none enabled'}.`);
  if (s.tls.required) out.comment('AccessSSLFlags required TLS -> RequireTLS $true.');
  if (groups.length === 0) {
    groups.push('AnonymousUsers');
    out.comment('IIS enabled no authentication method; AnonymousUsers keeps the connector usable - review.');
  }
  // Limits
  const params: string[] = [`-Name ${psQuote(name)}`, '-Usage Custom', `-Bindings ${bindings.map(psQuote).join(', ')}`, '-RemoteIPRanges $remoteIPRanges'];
  if (role === 'Mailbox') params.push('-TransportRole FrontendTransport');
  params.push(`-AuthMechanism ${mech.map(psQuote).join(', ')}`, `-PermissionGroups ${groups.map(psQuote).join(', ')}`);
  if (s.tls.required) params.push('-RequireTLS $true');
  const L = s.limits;
  const size = L.maxMessageSize.value;
  if (size === 0) out.comment('MaxMessageSize was 0 (unlimited); a receive connector needs a limit - the Edge default (36 MB) applies.');
  else {
    const clamped = Math.min(Math.max(size, RC_MIN_MESSAGE), RC_MAX_MESSAGE);
    if (clamped !== size) out.comment(`MaxMessageSize ${size} bytes is outside the connector range; using ${clamped}.`);
    params.push(`-MaxMessageSize ${clamped}`);
  }
  const rcpt = L.maxRecipients.value;
  if (rcpt === 0) out.comment('MaxRecipients was 0 (unlimited); the Edge default (200) applies.');
  else params.push(`-MaxRecipientsPerMessage ${Math.min(rcpt, 512000)}`);
  const conns = L.maxConnections.value;
  if (conns > 0 && conns < 2000000000) params.push(`-MaxInboundConnection ${conns}`);
  else out.comment('MaxConnections was unlimited; the Edge default (5000) applies.');
  // Exchange requires inactivity < total session time, both at most one day.
  const idle = Math.min(L.connectionTimeoutSeconds.value, 86400 - 60);
  if (idle > 0) {
    const total = Math.min(Math.max(idle + 60, 300), 86400);
    params.push(`-ConnectionInactivityTimeout ${psQuote(timeSpan(idle))}`, `-ConnectionTimeout ${psQuote(timeSpan(total))}`);
    out.comment(`ConnectionTimeout ${idle} s -> ConnectionInactivityTimeout; ConnectionTimeout (total session life) set longer, as Exchange requires.`);
  }
  const errors = L.maxSmtpErrors.value === 0 ? 10 : L.maxSmtpErrors.value; // the service treats 0 as 10
  if (errors <= 2147483647) params.push(`-MaxProtocolErrors ${errors}`);
  else out.comment('MaxSmtpErrors was unlimited (4294967295); it is not carried over - the Edge default (5) applies.');
  if (s.auth.basic || s.auth.integrated) params.push(`-MaxLogonFailures ${Math.min(Math.max(L.maxLogonErrors.value, 0), 10)}`);
  if (L.hopCount.value >= 1) params.push(`-MaxHopCount ${Math.min(L.hopCount.value, 500)}`);
  const fqdn = s.outbound.fqdn ? validHostName(s.outbound.fqdn) : null;
  if (fqdn) params.push(`-Fqdn ${psQuote(fqdn)}`);
  params.push('-ProtocolLoggingLevel Verbose');
  out.comment(`Logging: IIS logging was ${s.logging.enabled.value ? 'on' : 'off'}; Edge protocol logs are always complete, so Verbose is set on every connector.`);
  if (!s.enabled.value) {
    params.push('-Enabled $false');
    out.comment('ServerAutoStart was FALSE: the connector is created disabled.');
  }
  params.push(`-Comment ${psQuote(`Migrated from IIS SMTP ${normalisePath(s.location).replace(/^\/lm/, '/LM').replace('/smtpsvc', '/SmtpSvc')}`)}`);
  if (L.maxSessionSize.value > 0) out.comment(`No Edge equivalent: MaxSessionSize (${L.maxSessionSize.value} bytes per connection); rely on message size and rate limits.`);
  if (s.banner) out.comment('IIS had a custom banner (ConnectResponse); it is not copied. Set -Banner yourself if needed (it must start with 220).');
  out.comment('No Edge equivalent: EnableReverseDnsLookup, SaslLogonDomain (Basic users must give full user names), LogExtFileFlags (Edge logs have fixed fields).');
  out.command('New-ReceiveConnector', params);
  out.blank();
  // Permissions
  if (relayAllowed && s.auth.anonymous) {
    out.comment('Anonymous relay for the hosts above: IIS let them relay to any domain. This right lets them send to recipients outside the accepted domains.');
    out.comment('(Preferred over -AuthMechanism ExternalAuthoritative, which would also bypass anti-spam and size checks.)');
    out.code(`Get-ReceiveConnector -Identity ${psQuote(name)} | Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights 'ms-Exch-SMTP-Accept-Any-Recipient'`);
    out.blank();
  } else if (s.auth.anonymous) {
    out.comment('No anonymous relay right: IIS did not let these hosts relay by address, so they may send only to accepted-domain recipients.');
    out.blank();
  }
  if (s.auth.basic || s.auth.integrated) {
    out.comment('Authenticated senders: a standalone Edge cannot resolve the authenticated user\'s address, so grant the sender right (playbook) or it answers 550 5.7.60.');
    out.code(`Get-ReceiveConnector -Identity ${psQuote(name)} | Add-ADPermission -User 'NT AUTHORITY\\Authenticated Users' -ExtendedRights 'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender'`);
    if (!s.relayForAuth.value) out.comment('Note: ExchangeUsers includes ms-Exch-SMTP-Accept-Any-Recipient (relay), while IIS RelayForAuth was off. If authenticated users must not relay, use -PermissionGroups Custom and grant only ms-Exch-SMTP-Submit.');
    else out.comment(`RelayForAuth (${s.relayForAuth.originText}): authenticated users could relay on IIS; ExchangeUsers keeps that. Consider a Mailbox server client connector (587) instead.`);
    out.blank();
  }
  return name;
}

function sendSection(out: Script, s: VirtualServerSummary): void {
  const o = s.outbound;
  out.comment('---- Send connector (IIS Delivery tab) ----');
  const base = connectorBaseName(s);
  const params: string[] = [`-Name ${psQuote(`${base} - outbound`.slice(0, 64))}`, '-Usage Custom', `-AddressSpaces '*'`];
  const sht = o.smartHostType.value;
  const host = o.smartHost ? validSmartHost(o.smartHost) : null;
  let tls = o.alwaysTls.value || (o.routeAction.value & 0x4) !== 0;
  if (host && sht !== 0) {
    params.push('-DNSRoutingEnabled $false', `-SmartHosts ${psQuote(host)}`);
    out.comment(`Smart host ${host} (SmartHostType ${sht}).`);
    if (sht === 1) out.comment('No Edge equivalent: IIS tried DNS delivery first and used the smart host on failure; a send connector uses one or the other. This script uses the smart host - switch to -DNSRoutingEnabled $true if direct delivery is wanted.');
  } else {
    params.push('-DNSRoutingEnabled $true');
    out.comment(o.smartHost && !host ? 'The IIS smart host value is not a valid host name or IP address, so DNS (MX) delivery is used - review.' : 'No smart host: DNS (MX) delivery.');
  }
  params.push(`-Port ${o.port.value >= 1 && o.port.value <= 65535 ? o.port.value : 25}`);
  if (o.auth === 'basic' && host && sht !== 0) {
    const user = o.userName ? validUserName(o.userName) : null;
    out.comment('Outbound Basic authentication: the IIS password is stored encrypted and cannot be migrated; it is asked for here. Rotate it.');
    if (!tls) out.comment('IIS sent this password without TLS; BasicAuthRequireTLS and RequireTLS below protect it.');
    out.code(`$smartHostCredential = Get-Credential${user ? ` -UserName ${psQuote(user)}` : ''} -Message ${psQuote('Smart-host account (re-enter the password; it cannot be read from the metabase)')}`);
    params.push('-SmartHostAuthMechanism BasicAuthRequireTLS', '-AuthenticationCredential $smartHostCredential');
    tls = true;
  } else if (o.auth === 'integrated') {
    out.comment('No Edge equivalent: outbound Integrated (NTLM) authentication to the smart host; Edge supports only Basic (with TLS) or Exchange server authentication.');
  }
  if (tls) params.push('-RequireTLS $true');
  const to = o.remoteTimeoutSeconds.value;
  if (to > 0) params.push(`-ConnectionInactivityTimeOut ${psQuote(timeSpan(to))}`);
  const batch = s.limits.maxBatchedMessages.value;
  if (batch > 0) params.push(`-SmtpMaxMessagesPerConnection ${batch}`);
  const fqdn = o.fqdn ? validHostName(o.fqdn) : null;
  if (fqdn) params.push(`-Fqdn ${psQuote(fqdn)}`);
  params.push('-ProtocolLoggingLevel Verbose');
  if (o.masqueradeDomain) out.comment('No direct equivalent: masquerade domain. The Edge Address Rewriting agent does not rewrite anonymous submissions on a standalone Edge (playbook caveat).');
  out.comment('Server-wide outbound limits (MaxOutConnections, retry intervals) map to Set-TransportService on the Edge; not changed here.');
  out.command('New-SendConnector', params);
  out.blank();
}

function domainSection(out: Script, s: VirtualServerSummary, domains: DomainSummary[]): void {
  if (domains.length === 0) return;
  out.comment('---- Domains (IIS Domains node) ----');
  const base = connectorBaseName(s);
  for (const d of domains) {
    const space = validAddressSpace(d.name);
    if (!space) {
      out.comment(`Domain entry skipped: its name is not a valid domain (${d.name.length} characters) - review in IIS Manager.`);
      continue;
    }
    if (d.isLocal) {
      out.comment(`${space}: local ${d.routeAction & 0x1 ? 'drop' : 'alias'} domain. Edge does not deliver locally; if applications send as this domain, add it as an accepted domain:`);
      out.code(`# New-AcceptedDomain -Name ${psQuote(space)} -DomainName ${psQuote(space)} -DomainType Authoritative`);
      continue;
    }
    if (d.relayToAnyone) {
      out.comment(`${space}: "Allow incoming mail to be relayed to this domain" - anyone could relay to it. Recreate only if intended:`);
      out.code(`# New-AcceptedDomain -Name ${psQuote(space)} -DomainName ${psQuote(space)} -DomainType ExternalRelay`);
    }
    if (d.smartHost) {
      const host = validSmartHost(d.smartHost);
      if (!host) {
        out.comment(`${space}: its smart host is not a valid host name or IP address - review.`);
        continue;
      }
      const params = [`-Name ${psQuote(`${base} - ${space}`.replace(/\*/g, 'all').slice(0, 64))}`, '-Usage Custom', `-AddressSpaces ${psQuote(space)}`, '-DNSRoutingEnabled $false', `-SmartHosts ${psQuote(host)}`];
      if (d.outboundTls || d.outboundBasic) params.push('-RequireTLS $true');
      if (d.outboundBasic) {
        out.comment(`${space}: outbound Basic authentication; re-enter the password.`);
        const user = d.userName ? validUserName(d.userName) : null;
        out.code(`$domainCredential = Get-Credential${user ? ` -UserName ${psQuote(user)}` : ''} -Message ${psQuote(`Smart-host account for ${space}`)}`);
        params.push('-SmartHostAuthMechanism BasicAuthRequireTLS', '-AuthenticationCredential $domainCredential');
      }
      if (d.outboundIntegrated) out.comment(`No Edge equivalent: outbound Integrated authentication for ${space}.`);
      params.push('-ProtocolLoggingLevel Verbose');
      out.comment(`${space}: IIS forwarded its mail to a smart host -> a send connector scoped to this domain.`);
      out.command('New-SendConnector', params);
    }
  }
  out.blank();
}

/** The decoded summary for `serverKeyPath` (case-insensitive, e.g. '/LM/SmtpSvc/1'), if it is a virtual server. */
export function findVirtualServer(model: MetabaseModel, serverKeyPath: string): VirtualServerSummary | undefined {
  const key = model.byPath.get(normalisePath(serverKeyPath));
  return key && isServerKey(key) ? summarizeVirtualServer(model, key) : undefined;
}

/** PowerShell for Exchange connectors replacing one IIS SMTP virtual server. Pure; never throws for a known server. */
export function generateConnectorScriptForServer(model: MetabaseModel, serverKeyPath: string, options: ConnectorScriptOptions = {}): string {
  const role = options.targetRole ?? 'EdgeTransport';
  const s = findVirtualServer(model, serverKeyPath);
  const out = new Script();
  if (!s) {
    out.comment(`No SMTP virtual server at ${commentText(serverKeyPath.slice(0, 100))} in this file.`);
    return out.lines.join('\n') + '\n';
  }
  const id = /^\d+$/.test(s.instanceId) ? s.instanceId : '?';
  const display = s.name ? validConnectorText(s.name, 60) : null;
  out.comment(`Exchange connectors for IIS SMTP virtual server ${id}${display ? ` (${display})` : ''}.`);
  out.comment('Generated by IIS SMTP Migration Assistant from the metabase. Review every line before running it.');
  if (role === 'Mailbox') {
    out.comment('Target: an Exchange Mailbox server (iisSmtp.connectors.targetRole = Mailbox); run in the Exchange Management Shell.');
  } else {
    out.comment('Target: a standalone Exchange Edge Transport server (no Edge subscription); run in the Exchange Management Shell on the Edge.');
    out.comment('New-SendConnector and New-AcceptedDomain work only while the Edge is not subscribed (EdgeSync owns those objects afterwards).');
    if (role === 'ExchangeOnline') out.comment('iisSmtp.connectors.targetRole is ExchangeOnline: senders that cannot reach Exchange Online directly still need this Edge; see New-InboundConnector for the tenant side.');
  }
  out.comment('Accepted domains: add the domains the applications send as (New-AcceptedDomain) before cut-over.');
  if (s.inheritedUnknown) out.comment('WARNING: the file has no /LM/SmtpSvc key, so values inherited from the service are unknown and defaults were assumed.');
  out.comment('');
  out.comment('Findings:');
  out.comment(`  Relay: ${s.relay.verdict}.`);
  out.comment(`  Connection control: ${s.connectionControl.verdict}.`);
  if (s.relayCheckDisabled.value) out.comment('  SmtpDisableRelay is FALSE (relay check skipped) - never migrated.');
  out.blank();
  out.code("$ErrorActionPreference = 'Stop'");
  out.blank();
  receiveSection(out, s, role);
  sendSection(out, s);
  domainSection(out, s, s.domains);
  return out.lines.join('\n').replace(/\n+$/, '') + '\n';
}

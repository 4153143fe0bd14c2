// The connector cmdlets of a generated script, from typed inputs: accepted domains, receive connectors,
// extended rights, send connectors and transport limits. Every value here was parsed or validated by the
// caller's typed constructors (host names, ranges, bindings); this module checks them again where a
// mistake would widen what the script grants, and throws: a wrong call is a generator bug.
import { parseIpRange } from '../connectors/rules/formats';
import { domainWithSubdomains, hostName } from '../common/hostName';
import { classifyAddress } from '../common/ipClass';
import { bool, int, str, strs, variable, type Param } from './command';
import { connectorName, psQuote, timeSpan } from './text';
import type { ScriptWriter } from './writer';

export type AcceptedDomainType = 'Authoritative' | 'InternalRelay' | 'ExternalRelay';
export type AuthMechanism = 'Tls' | 'Integrated' | 'BasicAuth' | 'BasicAuthRequireTLS';
export type PermissionGroup = 'AnonymousUsers' | 'ExchangeUsers' | 'Partners' | 'Custom';
export type Principal = 'NT AUTHORITY\\ANONYMOUS LOGON' | 'NT AUTHORITY\\Authenticated Users';

export const ANONYMOUS: Principal = 'NT AUTHORITY\\ANONYMOUS LOGON';
export const AUTHENTICATED: Principal = 'NT AUTHORITY\\Authenticated Users';
export const RELAY_RIGHT = 'ms-Exch-SMTP-Accept-Any-Recipient';
export const SENDER_RIGHT = 'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender';

/** A listener: a parsed IP address (null = every IPv4 interface, `::` = every IPv6 interface) and a port. */
export interface ListenBinding {
  address: string | null;
  port: number;
}

function fail(message: string): never {
  throw new Error(`script emitter: ${message}`);
}

function name(value: string): string {
  const n = connectorName(value);
  if (n === null || n !== value) fail(`connector name ${JSON.stringify(value)} is not a valid name`);
  return n;
}

/** `a.b.c.d:port` or `[ipv6]:port`, re-printed from the parsed address. */
export function bindingText(b: ListenBinding): string {
  if (!Number.isInteger(b.port) || b.port < 1 || b.port > 65535) fail(`port ${b.port}`);
  if (b.address === null) return `0.0.0.0:${b.port}`;
  const a = classifyAddress(b.address);
  if (a.cls === 'invalid') fail(`binding address ${b.address}`);
  return a.canonical.includes(':') ? `[${a.canonical}]:${b.port}` : `${a.canonical}:${b.port}`;
}

/** A RemoteIPRanges value: a single address, a-b range or CIDR the connector language accepts. */
export function checkedRange(text: string): string {
  if (parseIpRange(text).error !== undefined) fail(`range ${text}`);
  return text;
}

/** A smart host: a host name (the one host-name rule) or an IP literal re-printed (brackets removed); null if neither. */
export function smartHost(value: string): string | null {
  const t = value.trim().replace(/^\[(.*)\]$/, '$1');
  const ip = classifyAddress(t);
  if (ip.cls !== 'invalid') return ip.canonical;
  return hostName(t);
}

export function acceptedDomain(w: ScriptWriter, domain: string, type: AcceptedDomainType, options: { commented?: boolean } = {}): void {
  const d = domainWithSubdomains(domain);
  if (d === null || d === '*' || d !== domain) fail(`accepted domain ${domain}`);
  const c = { cmdlet: 'New-AcceptedDomain', params: [['Name', str(d)], ['DomainName', str(d)], ['DomainType', str(type)]] as Param[] };
  if (options.commented) w.commented(c);
  else w.command(c);
}

export interface ReceiveLimits {
  maxMessageSize?: number;
  maxRecipientsPerMessage?: number;
  maxInboundConnection?: number;
  connectionInactivityTimeoutSeconds?: number;
  connectionTimeoutSeconds?: number;
  maxProtocolErrors?: number;
  maxLogonFailures?: number;
  maxHopCount?: number;
}

export interface ReceiveConnectorSpec {
  name: string;
  bindings: readonly ListenBinding[];
  /** The ranges, or the name of a script variable that holds them (filled in by the admin). */
  remoteIPRanges: readonly string[] | { variable: string };
  authMechanism?: readonly AuthMechanism[];
  permissionGroups: readonly PermissionGroup[];
  requireTls?: boolean;
  /** Only for a Mailbox-server target. */
  frontendTransport?: boolean;
  limits?: ReceiveLimits;
  fqdn?: string;
  enabled?: boolean;
  comment?: string;
}

/** Receive connector limits that Exchange accepts (connectors.md §1.7-1.9). */
const RC_RANGES: Record<keyof ReceiveLimits, [string, number, number]> = {
  maxMessageSize: ['MaxMessageSize', 65536, 2147483647],
  maxRecipientsPerMessage: ['MaxRecipientsPerMessage', 1, 512000],
  maxInboundConnection: ['MaxInboundConnection', 1, 2147483647],
  connectionInactivityTimeoutSeconds: ['ConnectionInactivityTimeout', 1, 86400],
  connectionTimeoutSeconds: ['ConnectionTimeout', 1, 86400],
  maxProtocolErrors: ['MaxProtocolErrors', 0, 2147483647],
  maxLogonFailures: ['MaxLogonFailures', 0, 10],
  maxHopCount: ['MaxHopCount', 1, 500],
};

function limitParams(limits: ReceiveLimits): Param[] {
  const out: Param[] = [];
  for (const [key, [param, min, max]] of Object.entries(RC_RANGES) as [keyof ReceiveLimits, [string, number, number]][]) {
    const v = limits[key];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < min || v > max) fail(`${param} ${v} outside ${min}-${max}`);
    out.push([param, key.endsWith('Seconds') ? str(timeSpan(v)) : int(v)]);
  }
  const idle = limits.connectionInactivityTimeoutSeconds;
  const total = limits.connectionTimeoutSeconds;
  if (idle !== undefined && total !== undefined && idle >= total) fail('ConnectionInactivityTimeout must be less than ConnectionTimeout');
  return out;
}

function hostParam(param: string, value: string | undefined): Param[] {
  if (value === undefined) return [];
  const h = hostName(value);
  if (h === null || h !== value) fail(`${param} ${value}`);
  return [[param, str(h)]];
}

export function receiveConnector(w: ScriptWriter, spec: ReceiveConnectorSpec): void {
  if (spec.bindings.length === 0) fail('a receive connector needs a binding');
  const ranges = 'variable' in spec.remoteIPRanges ? variable(spec.remoteIPRanges.variable) : strs(spec.remoteIPRanges.map(checkedRange));
  const params: Param[] = [
    ['Name', str(name(spec.name))],
    ['Usage', str('Custom')],
    ['Bindings', strs(spec.bindings.map(bindingText))],
    ['RemoteIPRanges', ranges],
  ];
  if (spec.frontendTransport) params.push(['TransportRole', str('FrontendTransport')]);
  if (spec.authMechanism) params.push(['AuthMechanism', strs(spec.authMechanism)]);
  params.push(['PermissionGroups', strs(spec.permissionGroups)]);
  if (spec.requireTls) params.push(['RequireTLS', bool(true)]);
  params.push(...limitParams(spec.limits ?? {}), ...hostParam('Fqdn', spec.fqdn));
  params.push(['ProtocolLoggingLevel', str('Verbose')]);
  if (spec.enabled === false) params.push(['Enabled', bool(false)]);
  if (spec.comment !== undefined) params.push(['Comment', str(spec.comment)]);
  w.command({ cmdlet: 'New-ReceiveConnector', params });
}

/** `Get-ReceiveConnector -Identity <name> | Add-ADPermission -User <principal> -ExtendedRights <rights>`. */
export function grantRights(w: ScriptWriter, connector: string, principal: Principal, rights: readonly string[]): void {
  w.pipeline({ cmdlet: 'Get-ReceiveConnector', params: [['Identity', str(name(connector))]] }, { cmdlet: 'Add-ADPermission', params: [['User', str(principal)], ['ExtendedRights', strs(rights)]] });
}

export type SendRoute = { kind: 'dns' } | { kind: 'smartHosts'; hosts: readonly string[] };

export interface SendConnectorSpec {
  name: string;
  usage: 'Custom' | 'Internet';
  addressSpaces: readonly string[];
  route: SendRoute;
  port?: number;
  /** Basic authentication to the smart host, always over TLS, with the credential in this script variable. */
  basicAuthCredential?: string;
  requireTls?: boolean;
  tls?: { authLevel: 'DomainValidation' | 'CertificateValidation'; domain?: string };
  connectionInactivityTimeoutSeconds?: number;
  smtpMaxMessagesPerConnection?: number;
  fqdn?: string;
  protocolLogging?: boolean;
  /** Bytes; only when the 35 MB default is too small. */
  maxMessageSize?: number;
}

export function sendConnector(w: ScriptWriter, spec: SendConnectorSpec): void {
  const spaces = spec.addressSpaces.map((s) => domainWithSubdomains(s) ?? fail(`address space ${s}`));
  const params: Param[] = [['Name', str(name(spec.name))], ['Usage', str(spec.usage)], ['AddressSpaces', strs(spaces)]];
  if (spec.route.kind === 'dns') params.push(['DNSRoutingEnabled', bool(true)]);
  else params.push(['SmartHosts', strs(spec.route.hosts.map((h) => (smartHost(h) === h ? h : fail(`smart host ${h}`))))], ['DNSRoutingEnabled', bool(false)]);
  if (spec.port !== undefined && spec.port !== 25) {
    if (!Number.isInteger(spec.port) || spec.port < 1 || spec.port > 65535) fail(`port ${spec.port}`);
    params.push(['Port', int(spec.port)]);
  }
  if (spec.basicAuthCredential !== undefined) {
    if (spec.route.kind !== 'smartHosts') fail('smart-host authentication needs smart hosts');
    params.push(['SmartHostAuthMechanism', str('BasicAuthRequireTLS')], ['AuthenticationCredential', variable(spec.basicAuthCredential)]);
  }
  if (spec.requireTls || spec.basicAuthCredential !== undefined || spec.tls) params.push(['RequireTLS', bool(true)]);
  if (spec.tls) {
    params.push(['TlsAuthLevel', str(spec.tls.authLevel)]);
    if (spec.tls.domain !== undefined) params.push(['TlsDomain', str(domainWithSubdomains(spec.tls.domain) ?? fail(`TLS domain ${spec.tls.domain}`))]);
  }
  if (spec.connectionInactivityTimeoutSeconds !== undefined) params.push(['ConnectionInactivityTimeOut', str(timeSpan(spec.connectionInactivityTimeoutSeconds))]);
  if (spec.smtpMaxMessagesPerConnection !== undefined) params.push(['SmtpMaxMessagesPerConnection', int(spec.smtpMaxMessagesPerConnection)]);
  params.push(...hostParam('Fqdn', spec.fqdn));
  if (spec.protocolLogging) params.push(['ProtocolLoggingLevel', str('Verbose')]);
  if (spec.maxMessageSize !== undefined) {
    if (!Number.isInteger(spec.maxMessageSize) || spec.maxMessageSize < 65536 || spec.maxMessageSize > 2147483647) fail(`MaxMessageSize ${spec.maxMessageSize}`);
    params.push(['MaxMessageSize', int(spec.maxMessageSize)]);
  }
  w.command({ cmdlet: 'New-SendConnector', params });
}

/** `$<variable> = Get-Credential [-UserName '<account>'] -Message '<message>'`: the password is typed in, never written. */
export function credentialPrompt(w: ScriptWriter, variableName: string, account: string | null, message: string): void {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(variableName)) fail(`variable ${variableName}`);
  w.statement(`$${variableName} = Get-Credential${account ? ` -UserName ${psQuote(account)}` : ''} -Message ${psQuote(message)}`);
}

export interface TransportLimits {
  maxReceiveSize?: number;
  maxSendSize?: number;
  maxRecipientEnvelopeLimit?: number;
}

/** `Set-TransportConfig` organisation limits (bytes / recipients); commented when the admin should decide. */
export function transportConfig(w: ScriptWriter, limits: TransportLimits, options: { commented?: boolean } = {}): void {
  const params: Param[] = [];
  const add = (param: string, v: number | undefined): void => {
    if (v === undefined) return;
    if (!Number.isInteger(v) || v < 1 || v > 2147483647) fail(`${param} ${v}`);
    params.push([param, int(v)]);
  };
  add('MaxReceiveSize', limits.maxReceiveSize);
  add('MaxSendSize', limits.maxSendSize);
  add('MaxRecipientEnvelopeLimit', limits.maxRecipientEnvelopeLimit);
  if (params.length === 0) return;
  const c = { cmdlet: 'Set-TransportConfig', params };
  if (options.commented) w.commented(c);
  else w.command(c);
}

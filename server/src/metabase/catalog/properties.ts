// The SMTP metabase property catalogue (reference metabase.md §2). Knowledge as data: hover,
// completion, type checks, effective values and the connector generator all read this table.
// IDs, types and schema defaults are believed MBSchema values [behaviour] unless the entry says
// otherwise; runtime defaults are what smtpsvc assumes when the property is absent.
import { ACCESS_SSL_FLAGS, AUTH_FLAGS, LOG_EXT_FILE_FLAGS, ROUTE_ACTION_FLAGS, type Confidence, type FlagTable } from './flags';

export type MbType = 'DWORD' | 'STRING' | 'EXPANDSZ' | 'MULTISZ' | 'BINARY' | 'BOOL' | 'IPSECLIST' | 'NTACL';

/** Key classes (KeyType → class in keyTypes.ts). */
export type KeyClass = 'service' | 'server' | 'domain' | 'vdir' | 'routing' | 'info';

export type EdgeTarget =
  | 'ReceiveConnector'
  | 'SendConnector'
  | 'TransportService'
  | 'TransportConfig'
  | 'AcceptedDomain'
  | 'Other'
  | 'None'
  | 'Informational';

export interface EdgeMapping {
  target: EdgeTarget;
  /** Parameter(s) or explanation, markdown. For 'None': why there is no equivalent. */
  text: string;
}

export interface RuntimeDefault {
  value: string;
  /** How to show the value, when the raw form is not self-explanatory (e.g. 4294967295 = TRUE). */
  display?: string;
  confidence: Confidence;
  note: string;
}

export interface PropertyDef {
  name: string;
  id?: number;
  type: MbType;
  /** INHERIT attribute: the value flows down to child keys. */
  inherit: boolean;
  /** SECURE: stored encrypted, never plaintext. */
  secure?: boolean;
  schemaDefault?: string;
  runtimeDefault?: RuntimeDefault;
  flags?: FlagTable;
  enumValues?: Readonly<Record<number, string>>;
  unit?: 'seconds' | 'minutes' | 'bytes';
  /** A DWORD used as a Boolean: any non-zero value means on. */
  dwordBoolean?: boolean;
  min?: number;
  max?: number;
  keys: readonly KeyClass[];
  meaning: string;
  ui?: string;
  edge: EdgeMapping;
  confidence: Confidence;
}

const SRV: readonly KeyClass[] = ['service', 'server'];
const SRV_DOM: readonly KeyClass[] = ['service', 'server', 'domain'];
const ROUTING: readonly KeyClass[] = ['routing', 'service', 'server'];

const rc = (text: string): EdgeMapping => ({ target: 'ReceiveConnector', text });
const sc = (text: string): EdgeMapping => ({ target: 'SendConnector', text });
const ts = (text: string): EdgeMapping => ({ target: 'TransportService', text });
const none = (text: string): EdgeMapping => ({ target: 'None', text });
const info = (text: string): EdgeMapping => ({ target: 'Informational', text });

export const PROPERTIES: readonly PropertyDef[] = [
  // §2.1 General tab and identity
  { name: 'ServerComment', id: 1015, type: 'STRING', inherit: true, schemaDefault: '', keys: SRV, meaning: 'Display name of the virtual server.', ui: 'General → Name', edge: rc('Connector `-Name` (a suggestion only).'), confidence: 'high' },
  { name: 'ServerBindings', id: 1023, type: 'MULTISZ', inherit: false, keys: SRV, meaning: 'Listening endpoints, each `IP:port:`; an empty IP means "All Unassigned" (every interface).', ui: 'General → IP address / Advanced', edge: rc('Receive connector `-Bindings` (`0.0.0.0:25` for an empty IP).'), confidence: 'high' },
  { name: 'SecureBindings', id: 2021, type: 'MULTISZ', inherit: false, keys: SRV, meaning: 'Implicit-SSL endpoints `IP:port:`; rarely used for SMTP.', edge: none('Exchange receive connectors only offer STARTTLS, no implicit-TLS listener (not verified); review manually.'), confidence: 'medium' },
  { name: 'MaxConnections', id: 1014, type: 'DWORD', inherit: true, schemaDefault: '0', keys: SRV, meaning: 'Inbound connection limit ("Limit number of connections to"). 0 or 2000000000 means effectively unlimited.', ui: 'General → Limit number of connections to', edge: rc('`-MaxInboundConnection` (and `-MaxInboundConnectionPerSource`).'), confidence: 'medium' },
  { name: 'ConnectionTimeout', id: 1013, type: 'DWORD', unit: 'seconds', inherit: true, schemaDefault: '900', keys: SRV, meaning: 'Idle inbound connection timeout. The GUI shows minutes, the file stores seconds.', ui: 'General → Connection time-out (minutes)', edge: rc('`-ConnectionInactivityTimeout` (and `-ConnectionTimeout` for the total session life).'), confidence: 'high' },
  { name: 'ServerAutoStart', id: 1017, type: 'BOOL', inherit: true, schemaDefault: 'TRUE', keys: SRV, meaning: 'Start the virtual server together with the service.', edge: rc('`-Enabled`.'), confidence: 'high' },
  { name: 'ServerState', id: 1016, type: 'DWORD', inherit: false, keys: SRV, enumValues: { 1: 'starting', 2: 'started', 3: 'stopping', 4: 'stopped', 5: 'pausing', 6: 'paused', 7: 'continuing' }, meaning: 'Run-time state (VOLATILE).', edge: info('Informational only.'), confidence: 'high' },
  { name: 'LogType', id: 4000, type: 'DWORD', inherit: true, schemaDefault: '1', min: 0, max: 1, enumValues: { 0: 'logging disabled', 1: 'logging enabled' }, keys: SRV, meaning: '"Enable logging".', ui: 'General → Enable logging', edge: rc('`-ProtocolLoggingLevel Verbose` / `None` (Receive and Send connectors).'), confidence: 'high' },
  { name: 'LogPluginClsid', id: 4011, type: 'STRING', inherit: true, keys: SRV, meaning: 'Active log format module (CLSID). `{FF160663-DE82-11CF-BC0A-00AA006111E0}` is believed to be W3C extended (unverified).', ui: 'General → Active log format', edge: none('Exchange protocol logs have one fixed CSV format.'), confidence: 'low' },
  { name: 'LogFileDirectory', id: 4001, type: 'EXPANDSZ', inherit: true, schemaDefault: '%Windir%\\System32\\LogFiles', keys: SRV, meaning: 'Log folder; the service adds `SMTPSVC<n>`.', ui: 'General → Properties → Log file directory', edge: ts('`Set-TransportService -ReceiveProtocolLogPath` / `-SendProtocolLogPath`.'), confidence: 'high' },
  { name: 'LogFilePeriod', id: 4003, type: 'DWORD', inherit: true, schemaDefault: '1', min: 0, max: 4, enumValues: { 0: 'by size (no schedule)', 1: 'daily', 2: 'weekly', 3: 'monthly', 4: 'hourly' }, keys: SRV, meaning: 'Log rollover schedule.', edge: ts('`-ReceiveProtocolLogMaxAge` / max file size (approximate).'), confidence: 'high' },
  { name: 'LogFileTruncateSize', id: 4004, type: 'DWORD', unit: 'bytes', inherit: true, schemaDefault: '2000000', keys: SRV, meaning: 'Roll-over size when the period is 0.', edge: ts('Protocol log maximum file size.'), confidence: 'high' },
  { name: 'LogFileLocaltimeRollover', id: 4015, type: 'BOOL', inherit: true, keys: SRV, meaning: 'Use local time for log file names and rollover.', edge: none('Exchange protocol logs always use UTC.'), confidence: 'medium' },
  { name: 'LogExtFileFlags', id: 4013, type: 'DWORD', inherit: true, flags: LOG_EXT_FILE_FLAGS, schemaDefault: 'LogExtFileTime | LogExtFileClientIp | LogExtFileMethod | LogExtFileUriStem | LogExtFileHttpStatus', keys: SRV, meaning: 'W3C extended log fields. For SMTP, Method carries the verb and UriQuery its arguments; ClientIp + UserName + Method matter for relay forensics.', ui: 'General → Properties → Advanced', edge: none('Exchange protocol logs have fixed fields (all of them).'), confidence: 'high' },
  { name: 'DefaultDomain', id: 36908, type: 'STRING', inherit: true, keys: SRV, meaning: 'Default (local) domain, used to stamp address-less senders.', edge: { target: 'AcceptedDomain', text: 'Edge accepted domain (`New-AcceptedDomain`) and receive connector `-DefaultDomain`.' }, confidence: 'medium' },
  { name: 'FullyQualifiedDomainName', id: 36935, type: 'STRING', inherit: true, keys: SRV, meaning: 'HELO/EHLO name of the virtual server.', ui: 'Delivery → Advanced → Fully-qualified domain name', edge: sc('Send connector `-Fqdn` (and receive connector `-Fqdn`).'), confidence: 'high' },
  { name: 'ConnectResponse', id: 36907, type: 'STRING', inherit: true, keys: SRV, meaning: 'SMTP banner text (no GUI).', edge: rc('`-Banner` (must start with 220).'), confidence: 'medium' },
  { name: 'PostmasterEmail', id: 36917, type: 'STRING', inherit: true, keys: SRV, meaning: 'Postmaster address (used by Exchange).', edge: { target: 'TransportConfig', text: '`Set-TransportConfig -ExternalPostmasterAddress`.' }, confidence: 'medium' },
  { name: 'PostmasterName', id: 36916, type: 'STRING', inherit: true, keys: SRV, meaning: 'Postmaster display name (used by Exchange).', edge: { target: 'TransportConfig', text: '`Set-TransportConfig -ExternalPostmasterAddress`.' }, confidence: 'medium' },
  { name: 'LocalDomains', id: 36919, type: 'MULTISZ', inherit: true, keys: SRV, meaning: 'Local domain list (WMI).', edge: { target: 'AcceptedDomain', text: 'Accepted domains.' }, confidence: 'medium' },
  // §2.2 Access tab
  { name: 'AuthFlags', id: 6000, type: 'DWORD', inherit: true, flags: AUTH_FLAGS, schemaDefault: 'AuthAnonymous', keys: SRV, meaning: 'Inbound authentication methods.', ui: 'Access → Authentication', edge: rc('Anonymous → `-PermissionGroups AnonymousUsers`; Basic → `-AuthMechanism BasicAuth,BasicAuthRequireTLS`; Integrated → `Integrated` (needs a domain-joined Edge for domain accounts).'), confidence: 'high' },
  { name: 'SaslLogonDomain', id: 36940, type: 'STRING', inherit: true, keys: SRV, meaning: 'Basic authentication → "Default domain" for AUTH LOGIN/PLAIN users.', ui: 'Access → Authentication → Basic → Default domain', edge: none('Exchange has no default logon domain for Basic auth; users must log on with a full user name.'), confidence: 'medium' },
  { name: 'DefaultLogonDomain', id: 6012, type: 'STRING', inherit: true, keys: SRV, meaning: 'Generic IIS default logon domain.', edge: none('No Exchange equivalent.'), confidence: 'medium' },
  { name: 'NTAuthenticationProviders', id: 6032, type: 'STRING', inherit: true, keys: SRV, meaning: 'SSPI packages offered for AUTH (e.g. `GSSAPI,NTLM`).', edge: rc('`-EnableAuthGSSAPI`.'), confidence: 'medium' },
  { name: 'SmtpClearTextProvider', id: 36942, type: 'STRING', inherit: true, keys: SRV, meaning: 'Alternate provider for clear-text (Basic) logons.', edge: none('No Exchange equivalent.'), confidence: 'medium' },
  { name: 'AccessSSLFlags', id: 6030, type: 'DWORD', inherit: true, flags: ACCESS_SSL_FLAGS, schemaDefault: '0', keys: SRV, meaning: 'Secure communication: with AccessSSL set the service refuses MAIL/DATA until STARTTLS.', ui: 'Access → Secure communication → Communication', edge: rc('`-RequireTLS $true` with `Tls` in `-AuthMechanism`.'), confidence: 'high' },
  { name: 'SSLCertHash', id: 5506, type: 'BINARY', inherit: true, keys: SRV, meaning: 'Thumbprint of the certificate used for STARTTLS.', edge: rc('`Enable-ExchangeCertificate -Services SMTP`, `-TlsCertificateName`.'), confidence: 'medium' },
  { name: 'SSLStoreName', id: 5511, type: 'STRING', inherit: true, keys: SRV, meaning: 'Certificate store of the STARTTLS certificate.', edge: rc('`-TlsCertificateName`.'), confidence: 'medium' },
  { name: 'SmtpSSLRequireTrustedCA', id: 37025, type: 'BOOL', inherit: true, schemaDefault: 'TRUE', keys: SRV, meaning: 'TLS certificate must chain to a trusted CA (probably outbound TLS).', edge: sc('`-TlsAuthLevel CertificateValidation`.'), confidence: 'medium' },
  { name: 'SmtpSSLCertHostnameValidation', id: 37026, type: 'BOOL', inherit: true, schemaDefault: 'TRUE', keys: SRV, meaning: 'TLS certificate name must match (probably outbound TLS).', edge: sc('`-TlsAuthLevel DomainValidation` with `-TlsDomain`.'), confidence: 'medium' },
  { name: 'IPSecurity', id: 6019, type: 'IPSECLIST', inherit: true, keys: SRV, meaning: 'Connection control ("Only the list below" / "All except the list below"), checked when a client connects.', ui: 'Access → Connection control', edge: rc('Grant list → `-RemoteIPRanges`; deny list → Edge IP Block list (no receive connector equivalent).'), confidence: 'high' },
  { name: 'RelayIpList', id: 36970, type: 'IPSECLIST', inherit: true, keys: SRV_DOM, meaning: 'Relay restrictions ("Only the list below" / "All except the list below").', ui: 'Access → Relay restrictions', edge: rc('Grant list → `-RemoteIPRanges` on a dedicated relay connector plus `ms-Exch-SMTP-Accept-Any-Recipient` for `NT AUTHORITY\\ANONYMOUS LOGON`; deny-style lists cannot be expressed.'), confidence: 'high' },
  { name: 'RelayForAuth', id: 36973, type: 'DWORD', inherit: true, schemaDefault: '0', runtimeDefault: { value: '4294967295', display: 'TRUE', confidence: 'medium', note: 'believed behaviour, not confirmed on a live server' }, dwordBoolean: true, keys: SRV_DOM, meaning: '"Allow all computers which successfully authenticate to relay, regardless of the list above". Any non-zero value is true (files usually hold 4294967295).', ui: 'Access → Relay restrictions → checkbox', edge: rc('`-PermissionGroups ExchangeUsers` (includes `ms-Exch-SMTP-Accept-Any-Recipient`); on Edge, keep it only for senders that need it, over TLS (the Edge verifies domain accounts only if it is domain-joined).'), confidence: 'medium' },
  { name: 'SmtpDisableRelay', id: 36974, type: 'BOOL', inherit: true, schemaDefault: 'TRUE', runtimeDefault: { value: 'TRUE', confidence: 'medium', note: 'believed behaviour, not confirmed on a live server' }, keys: SRV, meaning: 'No GUI; the Boolean is reversed: the relay check runs only while the value is TRUE, so FALSE disables it (medium confidence, not confirmed on a live server).', edge: none('Must never be migrated: Exchange always checks relay permissions.'), confidence: 'medium' },
  { name: 'SmtpIpRestrictionFlag', type: 'DWORD', inherit: true, keys: SRV, meaning: 'Seen with value 1 in a real property dump; meaning not established.', edge: info('Unknown meaning; review manually.'), confidence: 'low' },
  { name: 'MaxSmtpLogonErrors', id: 36945, type: 'DWORD', inherit: true, schemaDefault: '4', runtimeDefault: { value: '4', confidence: 'medium', note: 'runtime default' }, keys: SRV, meaning: 'Failed AUTH attempts before disconnect.', edge: rc('`-MaxLogonFailures` (0–10).'), confidence: 'medium' },
  { name: 'MaxSmtpErrors', id: 36887, type: 'DWORD', inherit: true, schemaDefault: '4294967295', runtimeDefault: { value: '10', confidence: 'medium', note: 'runtime default 10; 0 is treated as 10' }, keys: SRV, meaning: 'Protocol errors before disconnect.', edge: rc('`-MaxProtocolErrors`.'), confidence: 'medium' },
  { name: 'EnableReverseDnsLookup', id: 36884, type: 'BOOL', inherit: true, schemaDefault: 'FALSE', keys: SRV, meaning: '"Perform reverse DNS lookup on incoming messages".', ui: 'Delivery → Advanced', edge: none('No receive connector equivalent.'), confidence: 'medium' },
  { name: 'SmtpInboundCommandSupportOptions', id: 36998, type: 'DWORD', inherit: true, schemaDefault: '7697601', keys: SRV, meaning: 'Bitmask of ESMTP verbs advertised (bit meanings not established).', edge: rc('`-EightBitMimeEnabled`, `-ChunkingEnabled`, `-BinaryMimeEnabled`, … (mapping not established).'), confidence: 'low' },
  { name: 'SmtpOutboundCommandSupportOptions', id: 36999, type: 'DWORD', inherit: true, schemaDefault: '7697601', keys: SRV, meaning: 'Bitmask of ESMTP verbs used outbound. A documented bug leaves it at 7, which effectively disables ESMTP outbound.', edge: none('Exchange always uses ESMTP outbound.'), confidence: 'medium' },
  // §2.3 Messages tab
  { name: 'MaxMessageSize', id: 36891, type: 'DWORD', unit: 'bytes', inherit: true, schemaDefault: '33554432', keys: SRV, meaning: 'Largest message accepted; checked only when > 0 (0 = no limit). The GUI works in KB, the file stores bytes.', ui: 'Messages → Limit message size to (KB)', edge: rc('`-MaxMessageSize` (65536–2147483647 bytes); `Set-TransportConfig -MaxReceiveSize`.'), confidence: 'high' },
  { name: 'MaxSessionSize', id: 36892, type: 'DWORD', unit: 'bytes', inherit: true, schemaDefault: '268435456', keys: SRV, meaning: 'Bytes per connection; checked only when > 0; exceeding it drops the connection.', ui: 'Messages → Limit session size to (KB)', edge: none('No Exchange equivalent (use message size and rate limits instead).'), confidence: 'medium' },
  { name: 'MaxBatchedMessages', id: 36871, type: 'DWORD', inherit: true, schemaDefault: '0', runtimeDefault: { value: '20', confidence: 'medium', note: 'runtime default 20' }, keys: SRV, meaning: 'Messages per (outbound) connection.', ui: 'Messages → Limit number of messages per connection to', edge: sc('`-SmtpMaxMessagesPerConnection`.'), confidence: 'medium' },
  { name: 'MaxRecipients', id: 36895, type: 'DWORD', inherit: true, schemaDefault: '100', keys: SRV, meaning: 'Recipients per message; checked only when > 0 (0 = unlimited).', ui: 'Messages → Limit number of recipients per message to', edge: rc('`-MaxRecipientsPerMessage` (1–512000); `Set-TransportConfig -MaxRecipientEnvelopeLimit`.'), confidence: 'high' },
  { name: 'SendNdrTo', id: 36922, type: 'STRING', inherit: true, keys: SRV, meaning: 'Copy of non-delivery reports goes to this address.', ui: 'Messages → Send copy of Non-Delivery Report to', edge: { target: 'TransportConfig', text: '`Set-TransportConfig -GenerateCopyOfDSNFor` (approximate).' }, confidence: 'medium' },
  { name: 'BadMailDirectory', id: 36909, type: 'STRING', inherit: true, keys: SRV, meaning: 'Badmail folder.', ui: 'Messages → Badmail directory', edge: none('No equivalent (Exchange uses a poison message queue).'), confidence: 'high' },
  { name: 'SendBadTo', id: 36923, type: 'STRING', inherit: true, keys: SRV, meaning: 'Copy of undeliverable (bad) mail goes to this address.', edge: none('No equivalent.'), confidence: 'low' },
  { name: 'QueueDirectory', id: 36875, type: 'STRING', inherit: true, keys: SRV, meaning: 'Queue folder (mail root subfolder).', edge: { target: 'Other', text: 'Edge queue database path (`EdgeTransport.exe.config`).' }, confidence: 'high' },
  { name: 'PickupDirectory', id: 36880, type: 'STRING', inherit: true, keys: SRV, meaning: 'Pickup folder: files dropped here are sent without any relay check.', edge: ts('`Set-TransportService -PickupDirectoryPath`.'), confidence: 'high' },
  { name: 'DropDirectory', id: 36882, type: 'STRING', inherit: true, keys: SRV, meaning: 'Local delivery (drop) folder.', edge: none('Edge does not deliver locally.'), confidence: 'high' },
  // §2.4 Delivery tab
  { name: 'RemoteRetryInterval', id: 36899, type: 'DWORD', unit: 'minutes', inherit: true, schemaDefault: '60', keys: SRV, meaning: 'Outbound retry interval.', edge: ts('`-TransientFailureRetryInterval`, `-OutboundConnectionFailureRetryInterval`.'), confidence: 'medium' },
  { name: 'RemoteRetryAttempts', id: 36898, type: 'DWORD', inherit: true, schemaDefault: '48', keys: SRV, meaning: 'Outbound retry count.', edge: ts('`-TransientFailureRetryCount`-style settings (approximate).'), confidence: 'medium' },
  { name: 'SmtpRemoteProgressiveRetry', id: 36996, type: 'STRING', inherit: true, schemaDefault: '15,30,60,240', keys: SRV, meaning: 'First/second/third/subsequent retry intervals (minutes).', ui: 'Delivery → Outbound', edge: ts('`-TransientFailureRetryInterval` / `-MessageRetryInterval` (approximate).'), confidence: 'medium' },
  { name: 'LocalRetryInterval', id: 36897, type: 'DWORD', unit: 'minutes', inherit: true, schemaDefault: '60', keys: SRV, meaning: 'Local delivery retry interval.', edge: none('Edge does not deliver locally.'), confidence: 'medium' },
  { name: 'LocalRetryAttempts', id: 36896, type: 'DWORD', inherit: true, schemaDefault: '48', keys: SRV, meaning: 'Local delivery retry count.', edge: none('Edge does not deliver locally.'), confidence: 'medium' },
  { name: 'SmtpRemoteDelayExpireMinutes', id: 37019, type: 'DWORD', unit: 'minutes', inherit: true, schemaDefault: '60', keys: SRV, meaning: 'Remote "Delay notification".', edge: ts('`-DelayNotificationTimeout`.'), confidence: 'medium' },
  { name: 'SmtpRemoteNDRExpireMinutes', id: 37020, type: 'DWORD', unit: 'minutes', inherit: true, schemaDefault: '2880', keys: SRV, meaning: 'Remote "Expiration timeout".', edge: ts('`-MessageExpirationTimeout`.'), confidence: 'medium' },
  { name: 'SmtpLocalDelayExpireMinutes', id: 37017, type: 'DWORD', unit: 'minutes', inherit: true, schemaDefault: '60', keys: SRV, meaning: 'Local "Delay notification".', edge: ts('`-DelayNotificationTimeout`.'), confidence: 'medium' },
  { name: 'SmtpLocalNDRExpireMinutes', id: 37018, type: 'DWORD', unit: 'minutes', inherit: true, schemaDefault: '2880', keys: SRV, meaning: 'Local "Expiration timeout".', edge: ts('`-MessageExpirationTimeout`.'), confidence: 'medium' },
  { name: 'AlwaysUseSsl', id: 36924, type: 'BOOL', inherit: true, schemaDefault: 'FALSE', keys: SRV, meaning: 'Outbound Security → "TLS encryption" for all remote deliveries.', ui: 'Delivery → Outbound Security → TLS encryption', edge: sc('`-RequireTLS $true`.'), confidence: 'high' },
  { name: 'RouteAction', id: 36946, type: 'DWORD', inherit: false, flags: ROUTE_ACTION_FLAGS, schemaDefault: '0', keys: SRV_DOM, meaning: 'On a virtual server: the default route (outbound auth/TLS). On a domain: how mail for that domain is handled (drop, alias, smart host, relay).', ui: 'Delivery → Outbound Security; Domains → Properties', edge: sc('`-SmartHostAuthMechanism`, `-RequireTLS`, per-domain `-AddressSpaces`/`-SmartHosts`; DOMAIN_RELAY → accepted domain of type ExternalRelay.'), confidence: 'medium' },
  { name: 'RouteActionString', id: 36947, type: 'STRING', inherit: false, keys: ['domain'], meaning: 'Drop folder (drop domain) or smart host (remote domain with SMTP_SMARTHOST).', edge: sc('`-SmartHosts` of a per-domain send connector.'), confidence: 'medium' },
  { name: 'RouteUserName', id: 36948, type: 'STRING', inherit: false, keys: SRV_DOM, meaning: 'Outbound Basic-auth user; read only when RouteAction has SMTP_SMARTHOST or SMTP_SASL.', ui: 'Delivery → Outbound Security → Basic', edge: sc('`-AuthenticationCredential` (user name).'), confidence: 'medium' },
  { name: 'RoutePassword', id: 36949, type: 'STRING', inherit: false, secure: true, keys: SRV_DOM, meaning: 'Outbound password, stored encrypted (hex in the file).', ui: 'Delivery → Outbound Security → Basic', edge: sc('`-AuthenticationCredential` (must be re-entered; it cannot be migrated).'), confidence: 'high' },
  { name: 'MaxOutConnections', id: 36894, type: 'DWORD', inherit: true, schemaDefault: '0', keys: SRV, meaning: 'Outbound connection limit (GUI default 1000).', ui: 'Delivery → Outbound connections', edge: ts('`Set-TransportService -MaxOutboundConnections`.'), confidence: 'medium' },
  { name: 'MaxOutConnectionsPerDomain', id: 36925, type: 'DWORD', inherit: true, schemaDefault: '0', runtimeDefault: { value: '20', confidence: 'low', note: 'runtime default believed to be 20' }, keys: SRV, meaning: 'Outbound connections per domain.', ui: 'Delivery → Outbound connections → per domain', edge: ts('`Set-TransportService -MaxPerDomainOutboundConnections`.'), confidence: 'medium' },
  { name: 'LimitRemoteConnections', id: 36926, type: 'BOOL', inherit: true, schemaDefault: 'FALSE', keys: SRV, meaning: 'Enables the outbound connection limits.', edge: none('Exchange limits are always on.'), confidence: 'medium' },
  { name: 'RemoteTimeout', id: 36921, type: 'DWORD', unit: 'seconds', inherit: true, schemaDefault: '0', runtimeDefault: { value: '600', confidence: 'medium', note: 'runtime default 600 seconds' }, keys: SRV, meaning: 'Outbound idle timeout.', ui: 'Delivery → Outbound connections → Time-out (minutes)', edge: sc('`-ConnectionInactivityTimeOut`.'), confidence: 'medium' },
  { name: 'RemoteSmtpPort', id: 36914, type: 'DWORD', inherit: true, schemaDefault: '25', min: 1, max: 65535, keys: SRV, meaning: 'Outbound TCP port.', ui: 'Delivery → Outbound connections → TCP port', edge: sc('`-Port`.'), confidence: 'high' },
  { name: 'RemoteSmtpSecurePort', id: 36929, type: 'DWORD', inherit: true, schemaDefault: '465', min: 1, max: 65535, keys: SRV, meaning: 'Port for SSL-wrapped outbound connections (meaning not confirmed).', edge: none('Exchange cannot do implicit TLS outbound (not verified).'), confidence: 'low' },
  { name: 'HopCount', type: 'DWORD', inherit: true, runtimeDefault: { value: '15', confidence: 'medium', note: 'runtime default 15' }, keys: SRV, meaning: '"Maximum hop count" (numeric ID not established).', ui: 'Delivery → Advanced', edge: rc('`-MaxHopCount` (1–500).'), confidence: 'medium' },
  { name: 'MasqueradeDomain', id: 36912, type: 'STRING', inherit: true, keys: SRV, meaning: 'Rewrites the MAIL FROM domain.', ui: 'Delivery → Advanced → Masquerade domain', edge: { target: 'Other', text: 'Edge Address Rewriting agent (`New-AddressRewriteEntry`); on a standalone Edge the outbound rewrite does not fire for anonymous submissions.' }, confidence: 'medium' },
  { name: 'DoMasquerade', id: 36913, type: 'BOOL', inherit: true, keys: SRV, meaning: 'Masquerading on/off.', edge: { target: 'Other', text: 'Edge Address Rewriting agent.' }, confidence: 'medium' },
  { name: 'SmartHost', id: 36906, type: 'STRING', inherit: true, keys: SRV, meaning: 'Smart host; IP literals are bracketed (`[192.0.2.25]`).', ui: 'Delivery → Advanced → Smart host', edge: sc('`-SmartHosts` (brackets stripped) with `-DNSRoutingEnabled $false`.'), confidence: 'high' },
  { name: 'SmartHostType', id: 36905, type: 'DWORD', inherit: true, schemaDefault: '0', min: 0, max: 2, enumValues: { 0: 'no smart host', 1: 'try DNS first, then the smart host', 2: 'always use the smart host' }, keys: SRV, meaning: 'How the smart host is used.', ui: 'Delivery → Advanced → Attempt direct delivery before sending to smart host', edge: sc('2 → smart-host routing; 1 has no exact equivalent (a connector uses either DNS or smart hosts).'), confidence: 'high' },
  { name: 'ShouldDeliver', id: 36881, type: 'BOOL', inherit: true, keys: SRV, meaning: 'Internal switch.', edge: info('Internal.'), confidence: 'medium' },
  { name: 'ShouldPickupMail', id: 36876, type: 'BOOL', inherit: true, keys: SRV, meaning: 'Internal switch.', edge: info('Internal.'), confidence: 'medium' },
  { name: 'SmtpUseTcpDns', id: 36997, type: 'DWORD', inherit: true, min: 0, max: 2, enumValues: { 0: 'UDP only', 1: 'TCP only', 2: 'UDP, then TCP' }, keys: SRV, meaning: 'DNS transport.', edge: ts('Transport service DNS settings.'), confidence: 'high' },
  // §2.5 domains
  { name: 'AuthTurnList', id: 36966, type: 'MULTISZ', inherit: false, keys: ['domain'], meaning: 'Accounts allowed to TURN for this domain.', edge: none('Exchange does not support TURN.'), confidence: 'medium' },
  { name: 'CSideEtrnDomains', id: 36968, type: 'MULTISZ', inherit: false, keys: ['domain'], meaning: 'Domains for client-side ETRN.', edge: none('No Edge equivalent.'), confidence: 'medium' },
  { name: 'EtrnDays', id: 36918, type: 'DWORD', inherit: false, keys: ['domain'], meaning: 'ETRN retention.', edge: none('No Edge equivalent.'), confidence: 'low' },
  // §2.6 LDAP routing
  { name: 'SmtpDsHost', id: 36955, type: 'STRING', inherit: true, keys: ROUTING, meaning: 'LDAP routing host.', edge: none('On Edge, recipient data comes from EdgeSync/AD LDS.'), confidence: 'medium' },
  { name: 'SmtpDsNamingContext', id: 36956, type: 'STRING', inherit: true, keys: ROUTING, meaning: 'LDAP naming context.', edge: none('On Edge, recipient data comes from EdgeSync/AD LDS.'), confidence: 'medium' },
  { name: 'SmtpDsAccount', id: 36957, type: 'STRING', inherit: true, keys: ROUTING, meaning: 'LDAP bind account.', edge: none('On Edge, recipient data comes from EdgeSync/AD LDS.'), confidence: 'medium' },
  { name: 'SmtpDsPassword', id: 36958, type: 'STRING', inherit: true, secure: true, keys: ROUTING, meaning: 'LDAP bind password (SECURE, stored encrypted).', edge: none('Not migrated; a stored credential to rotate.'), confidence: 'medium' },
  { name: 'SmtpDsBindType', id: 36953, type: 'STRING', inherit: true, keys: ROUTING, meaning: 'LDAP bind type.', edge: none('Not applicable on Edge.'), confidence: 'medium' },
  { name: 'SmtpDsSchemaType', id: 36954, type: 'STRING', inherit: true, keys: ROUTING, meaning: 'LDAP schema type.', edge: none('Not applicable on Edge.'), confidence: 'medium' },
  { name: 'SmtpDsDomain', id: 36993, type: 'STRING', inherit: true, keys: ROUTING, meaning: 'LDAP routing domain.', edge: none('Not applicable on Edge.'), confidence: 'medium' },
  { name: 'SmtpDsUseCat', id: 36994, type: 'DWORD', inherit: true, keys: ROUTING, meaning: 'Use the categorizer for LDAP routing.', edge: none('Not applicable on Edge.'), confidence: 'medium' },
  { name: 'SmtpDsFlags', id: 37024, type: 'DWORD', inherit: true, keys: ROUTING, meaning: 'LDAP routing flags.', edge: none('Not applicable on Edge.'), confidence: 'medium' },
  { name: 'SmtpDsPort', id: 37023, type: 'DWORD', inherit: true, min: 0, max: 65535, keys: ROUTING, meaning: 'LDAP port.', edge: none('Not applicable on Edge.'), confidence: 'medium' },
  // Mail root (IIsSmtpVirtualDir) and generic IIS properties that appear on SMTP keys.
  { name: 'Path', id: 3001, type: 'STRING', inherit: false, keys: ['vdir'], meaning: 'Mail root folder (e.g. `C:\\Inetpub\\mailroot`).', edge: none('Edge keeps its queue in a database, not in folders.'), confidence: 'medium' },
  { name: 'AdminACL', id: 6027, type: 'NTACL', inherit: true, keys: ['service', 'server', 'vdir', 'info'], meaning: 'Security descriptor of the key (who may administer it).', edge: none('Exchange uses RBAC.'), confidence: 'low' },
  { name: 'KeyType', id: 1002, type: 'STRING', inherit: false, keys: ['service', 'server', 'domain', 'vdir', 'routing', 'info'], meaning: 'Class of the key (normally written as the element name).', edge: info('Structural.'), confidence: 'medium' },
];

const BY_NAME = new Map(PROPERTIES.map((p) => [p.name.toLowerCase(), p]));
const BY_ID = new Map(PROPERTIES.filter((p) => p.id !== undefined).map((p) => [p.id!, p]));

export function propertyByName(name: string): PropertyDef | undefined {
  return BY_NAME.get(name.toLowerCase());
}

export function propertyById(id: number): PropertyDef | undefined {
  return BY_ID.get(id);
}

export function propertiesForKey(keyClass: KeyClass): PropertyDef[] {
  return PROPERTIES.filter((p) => p.keys.includes(keyClass));
}

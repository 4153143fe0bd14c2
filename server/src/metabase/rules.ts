// Relay-security and migration rules (reference metabase.md §4), evaluated on effective values of
// each virtual server (and each of its domains). Rules that rest on believed, unconfirmed service
// behaviour lean towards warning and say so in their message.
import { anchor, keySpan, occurrenceSpan, type SpanFinding } from './findings';
import { findOwn, lacksServiceKey } from './effective';
import { rawValue, type MetabaseKey, type MetabaseModel, type PropertyOccurrence } from './model';
import { maskPrefixOf, type AddressEntry, type DecodedIpList, type IpRange } from './relayList';
import { summarizeVirtualServer, virtualServers, type DomainSummary, type VirtualServerSummary } from './virtualServer';
import { decodeDword } from './values';
import { domainBasicSubmission, serverBasicSubmission } from './exchangeOnlineAuth';

const UNCONFIRMED = 'This rests on believed behaviour of the SMTP service that is not confirmed on a live server.';

function label(s: VirtualServerSummary): string {
  return s.name ? `virtual server ${s.instanceId} ("${s.name.slice(0, 60)}")` : s.key.pathDef?.keyClass === 'service' ? 'the SMTP service defaults' : `virtual server ${s.instanceId}`;
}

const capital = (t: string): string => t.charAt(0).toUpperCase() + t.slice(1);

function rangeList(ranges: readonly IpRange[], max = 5): string {
  const shown = ranges.slice(0, max).map((r) => r.cidr ?? `${r.address} mask ${r.mask}`);
  return shown.join(', ') + (ranges.length > max ? ' and more' : '');
}

function openRelay(s: VirtualServerSummary, out: SpanFinding[]): void {
  const r = s.relay;
  if (!r.list || !r.open) return;
  const at = anchor(s.key, r, 'RelayIpList');
  const fix =
    'Exchange cannot express a deny-style relay list: on Edge, create a dedicated receive connector whose -RemoteIPRanges lists only the application servers that must relay (the SMTP log assessment shows which hosts actually relay), and grant ms-Exch-SMTP-Accept-Any-Recipient on that connector only.';
  let why: string;
  if (r.mode === 'all-except') {
    const total = r.list.denyCount + r.list.denyNames.length;
    const denied = [...r.list.deny.slice(0, 5).map((x) => x.cidr ?? x.address), ...r.list.denyNames.slice(0, 5).map((n) => n.display)].slice(0, 5);
    why = `Open relay on ${label(s)}: RelayIpList is "All except the list below" (denied: ${denied.join(', ')}${total > 5 ? ` and ${total - 5} more` : ''}). Every other host that can reach the server may relay mail to any domain — spammers scan for exactly this.`;
  } else if (r.list.byteLength === 0) {
    why = `Probable open relay on ${label(s)}: RelayIpList is empty (a zero-length value, e.g. the Windows Server 2022 snap-in workaround). IIS Manager shows "All except the list below" with nothing listed, and by the believed evaluation rule every host may relay. ${UNCONFIRMED}`;
  } else if (r.list.degenerate) {
    why = `Open relay on ${label(s)}: RelayIpList holds an entry with only its mask and no address (as written by template scripts that appended no IP). IIS Manager reads it as "All except the list below" with nothing listed, so every host may relay.`;
  } else {
    why = `Open relay on ${label(s)}: RelayIpList has no address in either list ("All except the list below", empty), so every host may relay.`;
  }
  out.push({ code: 'openRelay', ...at, message: `${why} ${fix}` });
}

function relayCheckDisabled(s: VirtualServerSummary, out: SpanFinding[]): void {
  const d = s.relayCheckDisabled;
  if (!d.value) return;
  out.push({
    code: 'relayCheckDisabled',
    ...anchor(s.key, d, 'SmtpDisableRelay'),
    message: `SmtpDisableRelay is FALSE on ${label(s)}: the flag is reversed, so the relay check is skipped and every recipient is accepted — an open relay regardless of the relay list. ${UNCONFIRMED} Never migrate this; ask why it was set. Exchange always enforces relay permissions per receive connector.`,
  });
}

/** Private, loopback, link-local and shared (CGNAT) IPv4 blocks: [network, prefix]. */
const NON_PUBLIC: readonly [number, number][] = [
  [0x0a000000, 8],
  [0xac100000, 12],
  [0xc0a80000, 16],
  [0x7f000000, 8],
  [0xa9fe0000, 16],
  [0x64400000, 10],
];

function isPublicValue(v: number): boolean {
  return !NON_PUBLIC.some(([net, p]) => (v & ((0xffffffff << (32 - p)) >>> 0)) >>> 0 === net);
}

interface GrantAnalysis {
  everyone: IpRange[];
  wide: IpRange[];
  pub: IpRange[];
  odd: IpRange[];
}

/** Grant-list classification, computed once per decoded list; keeps at most a few examples of each kind. */
const analyses = new WeakMap<DecodedIpList, GrantAnalysis>();
const EXAMPLES = 6;

function analyseGrants(list: DecodedIpList): GrantAnalysis {
  let a = analyses.get(list);
  if (a) return a;
  a = { everyone: [], wide: [], pub: [], odd: [] };
  const take = (into: IpRange[], e: AddressEntry, i: number): void => {
    if (into.length < EXAMPLES) into.push(e.addresses[i]!);
  };
  // Classify per entry (one mask each); the public check runs on the numeric values.
  for (const e of list.grantEntries) {
    if (e.values.length === 0) continue;
    const prefix = maskPrefixOf(e.maskValue);
    for (let i = 0; i < e.values.length && (prefix === 0 || prefix === null || prefix < 16); i++) {
      if (prefix === 0) take(a.everyone, e, i);
      else take(a.wide, e, i);
      if (prefix === null) take(a.odd, e, i);
    }
    if (prefix !== 0 && !list.sentinel) {
      for (let i = 0; i < e.values.length && a.pub.length < EXAMPLES; i++) if (isPublicValue((e.values[i]! & e.maskValue) >>> 0)) take(a.pub, e, i);
    }
  }
  analyses.set(list, a);
  return a;
}

function broadGrants(s: VirtualServerSummary, out: SpanFinding[]): void {
  const list = s.relay.list;
  if (!list || s.relay.mode !== 'only-listed') return;
  const at = anchor(s.key, s.relay, 'RelayIpList');
  const { everyone, wide, pub, odd } = analyseGrants(list);
  if (everyone.length > 0) {
    out.push({ code: 'broadGrant', ...at, severity: 'error', message: `RelayIpList on ${label(s)} grants relay to mask 0.0.0.0, i.e. to every address: an open relay although IIS Manager shows "Only the list below". On Edge, list only the application servers in -RemoteIPRanges.` });
  }
  if (wide.length > 0) {
    out.push({ code: 'broadGrant', ...at, message: `RelayIpList on ${label(s)} grants relay to wide ranges (${rangeList(wide)}): every host in them may relay to any domain. Narrow them to the application servers before creating the Edge receive connector's -RemoteIPRanges.` });
  }
  if (pub.length > 0) {
    out.push({ code: 'broadGrant', ...at, message: `RelayIpList on ${label(s)} grants relay to public (non-RFC 1918) addresses (${rangeList(pub)}). Relay rights for internet addresses turn the server into a relay for whoever controls them; keep -RemoteIPRanges on Edge to internal application servers.` });
  }
  if (odd.length > 0) {
    out.push({ code: 'broadGrant', ...at, message: `RelayIpList on ${label(s)} has non-contiguous masks (${odd.slice(0, 3).map((g) => `${g.address} mask ${g.mask}`).join(', ')}), which Exchange -RemoteIPRanges cannot express; list the intended hosts explicitly.` });
  }
}

function dnsGrants(s: VirtualServerSummary, out: SpanFinding[]): void {
  const names = s.relay.list?.grantNames ?? [];
  if (names.length === 0) return;
  out.push({
    code: 'dnsGrant',
    ...anchor(s.key, s.relay, 'RelayIpList'),
    message: `RelayIpList on ${label(s)} grants relay by DNS name (${names.slice(0, 5).map((n) => n.display).join(', ')}). The service matches the reverse (PTR) name of the connecting address without forward confirmation (medium confidence), so whoever controls reverse DNS for an address can relay. Exchange -RemoteIPRanges cannot hold names: resolve them to addresses and review.`,
  });
}

/** Where authenticated relay goes on the Edge (reference exchange-2026.md: domain membership is irrelevant to "standalone"). */
const AUTH_RELAY_ON_EDGE =
  'On the Edge (Exchange Server SE), keep authenticated relay only for senders that need it: a receive connector restricted with -RemoteIPRanges and -AuthMechanism Tls,BasicAuth,BasicAuthRequireTLS, whose accounts the Edge must be able to verify (domain accounts only if the Edge is domain-joined; an Edge in a perimeter network is normally in a workgroup). Where on-premises Mailbox servers remain, their client connector (587) is an alternative; a tenant with only Exchange Online mailboxes has none, so prefer relay by address on the Edge for devices, and OAuth SMTP AUTH or High Volume Email in Exchange Online for applications that can use them.';

function relayForAuth(s: VirtualServerSummary, out: SpanFinding[]): void {
  const rfa = s.relayForAuth;
  if (!rfa.value) return;
  const canAuth = s.auth.basic || s.auth.integrated;
  const absent = rfa.origin !== 'own' && rfa.origin !== 'inherited';
  const how = absent ? `RelayForAuth is not set anywhere, and the service is believed to assume TRUE when it is absent (not confirmed)` : `RelayForAuth is on`;
  out.push({
    code: 'relayForAuth',
    ...anchor(s.key, rfa, 'RelayForAuth'),
    severity: canAuth ? 'warning' : 'info',
    message: `${how} for ${label(s)}: any account that can authenticate (any domain user, a compromised password, a service account) may relay to the internet${canAuth ? '' : ' — no authentication method is enabled right now, so this only matters if one is turned on'}. ${AUTH_RELAY_ON_EDGE}`,
  });
}

function basicWithoutTls(s: VirtualServerSummary, out: SpanFinding[]): void {
  if (!s.auth.basic || s.tls.required) return;
  out.push({
    code: 'basicNoTls',
    ...anchor(s.key, s.auth, 'AuthFlags'),
    message: `Basic authentication is enabled on ${label(s)} without "Require TLS encryption" (AccessSSLFlags lacks AccessSSL): AUTH LOGIN/PLAIN user names and passwords cross the network in base64, readable by anyone on the path. On Edge use -AuthMechanism Tls,BasicAuth,BasicAuthRequireTLS (and -RequireTLS $true where every sender can do STARTTLS). Note: the separate "Requires TLS encryption" box under Basic authentication is stored in an unknown property, so it cannot be checked here.`,
    related: s.tls.occurrence ? [{ ...occurrenceSpan(s.tls.occurrence), message: 'AccessSSLFlags' }] : undefined,
  });
}

function anonymousWithoutControl(s: VirtualServerSummary, out: SpanFinding[]): void {
  if (!s.auth.anonymous) return;
  const cc = s.connectionControl;
  if (!cc.open) return;
  out.push({
    code: 'anonNoConnectionControl',
    ...anchor(s.key, s.auth, 'AuthFlags'),
    message: `Anonymous access is enabled on ${label(s)} and connection control ${cc.mode === 'absent' ? 'is not set' : `is "${cc.verdict}"`}: any host that can reach the server may connect, and any relay weakness becomes exploitable from there. On Edge, scope the relay receive connector with -RemoteIPRanges to the application servers.`,
  });
}

function storedCredentials(model: MetabaseModel, s: VirtualServerSummary, out: SpanFinding[]): void {
  const check = (key: MetabaseKey, prop: string, what: string): void => {
    const occ = findOwn(key, prop);
    if (!occ) return;
    out.push({
      code: 'storedCredentials',
      ...occurrenceSpan(occ),
      message: `${prop} on ${key.location} stores a ${what} password (encrypted with the machine key; recoverable by administrators or malware on the box). It cannot be migrated: re-enter it on Edge with ${prop === 'SmtpDsPassword' ? 'EdgeSync/AD LDS (LDAP routing does not exist on Edge)' : 'New-SendConnector -AuthenticationCredential (Get-Credential)'} and rotate the password.`,
    });
  };
  check(s.key, 'RoutePassword', 'smart-host');
  for (const d of s.domains) check(d.key, 'RoutePassword', `smart-host (domain ${d.name})`);
  const routing = model.byPath.get(`${s.key.path}/routingsources`);
  if (routing) check(routing, 'SmtpDsPassword', 'LDAP routing');
}

function cleartextCredentials(s: VirtualServerSummary, out: SpanFinding[]): void {
  const ra = s.outbound.routeAction;
  const basic = (ra.value & 0x108) !== 0;
  if (basic && (ra.value & 0x4) === 0 && !s.outbound.alwaysTls.value) {
    out.push({
      code: 'cleartextCredentials',
      ...anchor(s.key, ra, 'RouteAction'),
      message: `Outbound Basic authentication (RouteAction ${ra.value}: SMTP_AUTH_CLEARTEXT/SMTP_SASL) is used on ${label(s)} without TLS (neither SMTP_SSL nor AlwaysUseSsl): the smart-host password is sent in clear text. On Edge use New-SendConnector -SmartHostAuthMechanism BasicAuthRequireTLS -RequireTLS $true. The GUI-to-bit mapping of the Outbound Security dialog is medium confidence.`,
    });
  }
  for (const d of s.domains) {
    if (d.outboundBasic && !d.outboundTls && !s.outbound.alwaysTls.value) {
      const occ = findOwn(d.key, 'RouteAction');
      out.push({
        code: 'cleartextCredentials',
        ...(occ ? occurrenceSpan(occ) : keySpan(d.key)),
        message: `Domain ${d.name} authenticates to its smart host with Basic authentication without TLS: the password is sent in clear text. On Edge use a per-domain send connector with -SmartHostAuthMechanism BasicAuthRequireTLS.`,
      });
    }
  }
}

function smartHostFallback(s: VirtualServerSummary, out: SpanFinding[]): void {
  const t = s.outbound.smartHostType;
  if (t.value !== 1) return;
  out.push({
    code: 'smartHostFallback',
    ...anchor(s.key, t, 'SmartHostType'),
    message: `SmartHostType 1 on ${label(s)}: direct (DNS) delivery is tried first and the smart host is used on failure. Exchange has no equivalent — a send connector uses either DNS routing or smart hosts. Choose one explicitly for the Edge send connector.`,
  });
}

function unboundedLimits(s: VirtualServerSummary, out: SpanFinding[]): void {
  const items: [keyof VirtualServerSummary['limits'], string, string][] = [
    ['maxMessageSize', 'MaxMessageSize', 'messages of any size are accepted; on Edge set the receive connector -MaxMessageSize'],
    ['maxRecipients', 'MaxRecipients', 'one message may fan out to any number of recipients; on Edge set -MaxRecipientsPerMessage'],
    ['maxSessionSize', 'MaxSessionSize', 'a connection may carry any amount of data (Exchange has no session size limit; rely on message size and rate limits)'],
  ];
  for (const [field, prop, why] of items) {
    const e = s.limits[field];
    if (e.value !== 0 || (e.origin !== 'own' && e.origin !== 'inherited')) continue;
    out.push({ code: 'unboundedLimit', ...anchor(s.key, e, prop), message: `${prop} is 0 on ${label(s)}, which means unlimited at run time: ${why}. A relay abused for spam is limited only by these.` });
  }
}

function logging(s: VirtualServerSummary, out: SpanFinding[]): void {
  const l = s.logging;
  if (!l.enabled.value) {
    out.push({ code: 'loggingOff', ...anchor(s.key, l.enabled, 'LogType'), message: `Logging is off on ${label(s)} (LogType 0): there is no trail of who relayed what, and the migration assessment has no data. Turn on W3C extended logging with all fields and let it run long enough to catch rare senders; on Edge set -ProtocolLoggingLevel Verbose on the connectors.` });
    return;
  }
  const plugin = l.plugin;
  if (plugin.value && plugin.value.toUpperCase() !== W3C_EXTENDED_CLSID) {
    out.push({ code: 'loggingOff', ...anchor(s.key, plugin, 'LogPluginClsid'), message: `The active log format of ${label(s)} (LogPluginClsid ${plugin.value.slice(0, 40)}) is not the one believed to be W3C extended (${W3C_EXTENDED_CLSID}; mapping not verified). The relay assessment reads W3C extended logs with the client address, user name and verb; switch the format (General → Active log format).` });
  }
  if (l.missingForAssessment.length > 0) {
    const set = l.fields.origin === 'own' || l.fields.origin === 'inherited';
    out.push({ code: 'loggingOff', ...anchor(s.key, l.fields, 'LogExtFileFlags'), message: `W3C logging on ${label(s)} lacks ${l.missingForAssessment.join(', ')}${set ? '' : ' (LogExtFileFlags is not set, so the schema default applies)'}: the relay assessment needs the client address, the user name and the SMTP verb to know who relays. Add them (General → Properties → Advanced). On Edge, protocol logs always contain every field once -ProtocolLoggingLevel is Verbose.` });
  }
}

/** The log module believed to be W3C extended logging (reference §2.1, unverified). */
const W3C_EXTENDED_CLSID = '{FF160663-DE82-11CF-BC0A-00AA006111E0}';

function allInterfaces(s: VirtualServerSummary, out: SpanFinding[]): void {
  const any = s.bindings.filter((b) => b.ip === null);
  if (any.length === 0) return;
  const relays = s.relay.open || s.relay.mode === 'only-listed' || s.relay.mode === 'only-names' || s.relayForAuth.value;
  if (!relays) return;
  const occ = findOwn(s.key, 'ServerBindings');
  out.push({
    code: 'allInterfaces',
    ...(occ ? occurrenceSpan(occ) : keySpan(s.key)),
    message: `${capital(label(s))} listens on every interface (${any.map((b) => `:${b.port}:`).join(', ')}) and relays: the relay listener is reachable on every NIC, including external ones. On Edge, bind the relay receive connector to the internal IP (-Bindings <internal IP>:25), not 0.0.0.0.`,
  });
}

function esmtpOutbound(model: MetabaseModel, s: VirtualServerSummary, out: SpanFinding[]): void {
  const occKey = [s.key, model.byPath.get('/lm/smtpsvc')].find((k) => k && findOwn(k, 'SmtpOutboundCommandSupportOptions'));
  const occ = occKey ? findOwn(occKey, 'SmtpOutboundCommandSupportOptions') : undefined;
  if (!occ) return;
  const v = decodeDword(rawValue(model, occ));
  if (!v.ok || v.value !== 7) return;
  out.push({ code: 'esmtpOutboundDisabled', ...occurrenceSpan(occ), message: `SmtpOutboundCommandSupportOptions is 7 (a known default bug): ESMTP is effectively disabled outbound, and large providers reject non-ESMTP senders. Nothing to migrate — Exchange always uses ESMTP.` });
}

function secureBindings(s: VirtualServerSummary, out: SpanFinding[]): void {
  if (s.secureBindings.length === 0) return;
  const occ = findOwn(s.key, 'SecureBindings');
  out.push({ code: 'secureBindings', ...(occ ? occurrenceSpan(occ) : keySpan(s.key)), message: `${capital(label(s))} has implicit-TLS bindings (${s.secureBindings.map((b) => `${b.ip ?? ''}:${b.port}`).join(', ')}). Exchange receive connectors offer STARTTLS only, no implicit-TLS listener (not verified): review which senders use these ports.` });
}

function domainRules(s: VirtualServerSummary, d: DomainSummary, out: SpanFinding[]): void {
  const occ = findOwn(d.key, 'RouteAction');
  const span = occ ? occurrenceSpan(occ) : keySpan(d.key);
  if (d.relayToAnyone) {
    const wildcard = d.name === '*';
    out.push({
      code: 'domainRelay',
      ...span,
      severity: wildcard ? 'error' : 'warning',
      message: wildcard
        ? `The wildcard domain * has "Allow incoming mail to be relayed to this domain" (RouteAction SMTP_DOMAIN_RELAY): it short-circuits the relay check for every remote domain — an open relay. Never migrate this.`
        : `Domain ${d.name} has "Allow incoming mail to be relayed to this domain" (SMTP_DOMAIN_RELAY): anyone may push mail for ${d.name} through ${label(s)}, bypassing the relay list. On Edge, only if intended: an accepted domain of type ExternalRelay (or InternalRelay) plus a send connector for it.`,
    });
  }
  if (d.authRelay) {
    out.push({ code: 'relayForAuth', ...span, message: `Domain ${d.name} has SMTP_AUTH_RELAY: authenticated users may relay to it even if RelayForAuth is off (believed behaviour, medium confidence). ${AUTH_RELAY_ON_EDGE}` });
  }
  const domainList = findOwn(d.key, 'RelayIpList');
  if (domainList) {
    out.push({ code: 'domainRelayList', ...occurrenceSpan(domainList), message: `Domain ${d.name} has its own RelayIpList. Whether the SMTP service honours a per-domain relay list is an open question (the relay decision is believed to use only the virtual server's list plus the domain's relay bits); do not rely on it, and on Edge express the intent with the receive connector's -RemoteIPRanges.` });
  }
  if ((d.routeAction & 0x40) !== 0 || d.unknownRouteBits !== 0) {
    out.push({ code: 'ignoredRoute', ...span, message: `RouteAction ${d.routeAction} on domain ${d.name} has ${d.unknownRouteBits ? `unknown bits (0x${d.unknownRouteBits.toString(16)})` : 'SMTP_DEFAULT'} set; the service is believed to ignore such an entry entirely (medium confidence). Check the domain in IIS Manager.` });
  }
}

/** Exchange Online SMTP AUTH with Basic credentials (reference exchange-2026.md, "Exchange Online SMTP AUTH"). */
const BASIC_SMTP_AUTH_END =
  'Microsoft disables Basic authentication for SMTP AUTH client submission by default for existing tenants at the end of December 2026 (message center MC786329; admins can still re-enable it then, and a final removal date is to be announced in the second half of 2027); the relay then fails with 550 5.7.30 Basic authentication is not supported for Client Submission.';
const BASIC_SMTP_AUTH_FIX =
  'Do not carry the Basic credential to the Edge: relay from the Edge to the tenant MX endpoint (<tenant>.mail.protection.outlook.com, port 25) with TLS and a certificate, matched in Exchange Online by an OnPremises inbound connector (certificate or IP), and publish SPF (~all). The code action "Generate Exchange connectors for this virtual server" writes that path. For applications that talk to Exchange Online directly, Microsoft lists OAuth for SMTP AUTH, High Volume Email (internal recipients) and Azure Communication Services Email. The Exchange admin center\'s SMTP AUTH Clients Submission Report shows who still uses Basic.';

function basicSmtpAuth(s: VirtualServerSummary, out: SpanFinding[]): void {
  const b = serverBasicSubmission(s);
  if (b) {
    const how = [`smart host ${b.host}`, `port ${b.port}`, b.basicFlag ? 'Basic authentication (RouteAction SMTP_SASL/SMTP_AUTH_CLEARTEXT)' : 'an account (RouteUserName)', b.userName ? `as ${b.userName.slice(0, 80)}` : ''].filter(Boolean).join(', ');
    out.push({ code: 'exoBasicSmtpAuth', ...anchor(s.key, s.outbound.routeAction, 'RouteAction'), message: `${capital(label(s))} relays through Exchange Online SMTP AUTH with Basic credentials (${how}). ${BASIC_SMTP_AUTH_END} ${BASIC_SMTP_AUTH_FIX}` });
  }
  for (const d of s.domains) {
    const db = domainBasicSubmission(s, d);
    if (!db) continue;
    const occ = findOwn(d.key, 'RouteAction');
    out.push({ code: 'exoBasicSmtpAuth', ...(occ ? occurrenceSpan(occ) : keySpan(d.key)), message: `Domain ${d.name} is sent through Exchange Online SMTP AUTH (${db.host}) with Basic credentials. ${BASIC_SMTP_AUTH_END} ${BASIC_SMTP_AUTH_FIX}` });
  }
}

function relayListAbsent(s: VirtualServerSummary, out: SpanFinding[]): void {
  if (s.relay.mode !== 'absent') return;
  out.push({
    code: 'relayListAbsent',
    ...keySpan(s.key),
    message: `No RelayIpList anywhere in the inheritance chain of ${label(s)}${s.inheritedUnknown ? ' (this export has no /LM/SmtpSvc key, so it may be set there)' : ''}. Whether the service then allows or denies relay by IP is not established (WMI reports "Only the list below" with an empty list; the Windows Server 2022 snap-in crashes). Treat it as possibly open: verify on the server and set an explicit list; on Edge, list the relaying hosts in -RemoteIPRanges.`,
  });
}

function serverFindings(model: MetabaseModel, s: VirtualServerSummary, out: SpanFinding[]): void {
  openRelay(s, out);
  relayCheckDisabled(s, out);
  broadGrants(s, out);
  dnsGrants(s, out);
  relayForAuth(s, out);
  basicWithoutTls(s, out);
  anonymousWithoutControl(s, out);
  storedCredentials(model, s, out);
  cleartextCredentials(s, out);
  smartHostFallback(s, out);
  unboundedLimits(s, out);
  logging(s, out);
  allInterfaces(s, out);
  esmtpOutbound(model, s, out);
  secureBindings(s, out);
  relayListAbsent(s, out);
  basicSmtpAuth(s, out);
  for (const d of s.domains) domainRules(s, d, out);
}

function fileFindings(model: MetabaseModel, servers: MetabaseKey[], out: SpanFinding[]): void {
  if (lacksServiceKey(model) && servers[0]) {
    out.push({ code: 'exportNotInherited', ...keySpan(servers[0]), message: 'This file has virtual servers but no /LM/SmtpSvc key (an export without inherited values?): values set on the service are missing, so effective values here fall back to defaults and may be wrong. Re-export including inherited values, or open the full MetaBase.xml.' });
  }
  for (const key of model.keys) {
    const occ = exchangeProperty(key);
    if (occ) {
      out.push({ code: 'exchangeOwned', ...occurrenceSpan(occ), message: `${occ.name} looks like a property written by Exchange (inferred, low confidence). If Exchange manages this server, it rewrites the metabase from Active Directory (KB 321757): edits here do not stick — change settings in Exchange System Manager instead.` });
      break;
    }
  }
}

/** Exchange stores its own properties with ids the IIS schema does not know ([inf]: ids ≥ 61440 seen in an Exchange 2003 excerpt). */
const exchangeProps = new WeakMap<MetabaseKey, PropertyOccurrence | null>();

function exchangeProperty(key: MetabaseKey): PropertyOccurrence | null {
  let occ = exchangeProps.get(key);
  if (occ === undefined) {
    occ = key.props.find((p) => /^UnknownName_(\d+)$/i.test(p.name) && Number(/\d+/.exec(p.name)![0]) >= 61440) ?? null;
    exchangeProps.set(key, occ);
  }
  return occ;
}

/**
 * A server's findings are reused while its summary is the same object (nothing it depends on was
 * re-parsed) and none of the keys it reports on has moved.
 */
const serverCache = new WeakMap<MetabaseKey, { summary: VirtualServerSummary; starts: number[]; findings: SpanFinding[] }>();

function anchorStarts(model: MetabaseModel, s: VirtualServerSummary): number[] {
  const service = model.byPath.get('/lm/smtpsvc');
  const routing = model.byPath.get(`${s.key.path}/routingsources`);
  return [s.key.start, service?.start ?? -1, routing?.start ?? -1, ...s.domains.map((d) => d.key.start)];
}

function cachedServerFindings(model: MetabaseModel, key: MetabaseKey, out: SpanFinding[]): void {
  const summary = summarizeVirtualServer(model, key);
  const starts = anchorStarts(model, summary);
  const cached = serverCache.get(key);
  if (cached && cached.summary === summary && cached.starts.length === starts.length && cached.starts.every((v, i) => v === starts[i])) {
    out.push(...cached.findings);
    return;
  }
  const findings: SpanFinding[] = [];
  serverFindings(model, summary, findings);
  serverCache.set(key, { summary, starts, findings });
  out.push(...findings);
}

export function ruleFindings(model: MetabaseModel): SpanFinding[] {
  const out: SpanFinding[] = [];
  const servers = virtualServers(model);
  const targets = servers.length > 0 ? servers : model.keys.filter((k) => k.path === '/lm/smtpsvc');
  for (const key of targets) cachedServerFindings(model, key, out);
  fileFindings(model, servers, out);
  return out;
}

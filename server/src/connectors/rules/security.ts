// The insecure-configuration catalogue (connectors.md §3, EXR001–EXR024, and EXR025–EXR029 added for issues 10
// and 11) applied to the script state.
// Codes are CONNECTOR1NN for EXRNNN. Where a value is unknown the rule stays silent rather than guess.
import { securityCode, type ScriptFinding } from '../catalogue/codes';
import { bindingPort, isAllInterfaces, isEveryone, isWide, parseIpRange, type IpSpan } from './formats';
import type { ConnectorCommand, Span, Value } from '../syntax/model';
import { boolOf, has, includesCI, isNew, nameSpanOf, spanOf, stringsOf, useOf } from '../syntax/params';
import { effectiveRights, type ConnectorState, type ScriptState } from '../syntax/state';
import type { ScriptModel } from '../syntax/script';
import { checkBasicSmtpAuth, checkInboundMatchesEdge, checkTreatAsInternal } from './exoRules';
import { checkDuplicateListeners, checkRangeReplacements, type Emit } from './listenerRules';
import { leaves } from '../syntax/values';

const ANONYMOUS = 'NT AUTHORITY\\ANONYMOUS LOGON';
const EVERYONE = ['Everyone', 'NT AUTHORITY\\Everyone', 'S-1-1-0'];
const RELAY_RIGHT = 'ms-exch-smtp-accept-any-recipient';
const SPOOF_RIGHTS = ['ms-Exch-SMTP-Accept-Any-Sender', 'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender'];
const BYPASS_RIGHTS = ['ms-Exch-Accept-Headers-Organization', 'ms-Exch-Accept-Headers-Forest', 'ms-Exch-SMTP-Accept-Exch50', 'ms-Exch-Bypass-Anti-Spam', 'ms-Exch-Bypass-Message-Size-Limit', 'ms-Exch-SMTP-Accept-Authentication-Flag'];
const EXO_HOST = /\.mail\.protection\.outlook\.com\.?$/i;
const EXO_SPACE = /\.mail\.onmicrosoft\.com$/i;
export const RANGE_PLACEHOLDER = "'<device-ip-address>'";


interface RangeView {
  spans: IpSpan[];
  /** False when any range is unknown or malformed. */
  complete: boolean;
  everyone: boolean;
  wide: boolean;
  public: boolean;
}

const rangeViews = new WeakMap<string[], RangeView>();

function rangeView(state: ConnectorState): RangeView | undefined {
  const items = state.remoteIPRanges.items;
  if (!items) return undefined;
  let view = rangeViews.get(items);
  if (!view) rangeViews.set(items, (view = computeRangeView(items)));
  return view;
}

function computeRangeView(items: string[]): RangeView {
  const spans = items.map((i) => parseIpRange(i).span).filter((s): s is IpSpan => s !== undefined);
  return {
    spans,
    complete: spans.length === items.length,
    everyone: spans.some(isEveryone),
    wide: spans.some(isWide),
    public: spans.some((s) => !s.internal),
  };
}

function describeWidth(v: RangeView): string {
  if (v.everyone) return 'every address (0.0.0.0-255.255.255.255 or equivalent)';
  if (v.wide) return 'more than a /24';
  return 'public address space';
}

function isAnonymous(users: string[] | undefined): boolean {
  return users !== undefined && users.some((u) => u.toLowerCase() === ANONYMOUS.toLowerCase() || EVERYONE.some((e) => e.toLowerCase() === u.toLowerCase()));
}

/** The value span of a RemoteIPRanges item that is too wide, for the scoped-range quick fix. */
function wideRangeSpan(state: ConnectorState): Span | undefined {
  const v = state.remoteIPRanges.use?.value;
  if (!v) return state.remoteIPRanges.cmd?.nameSpan;
  const wide = leaves(v).find((l) => l.kind === 'string' && parseIpRange(l.value).span && (isWide(parseIpRange(l.value).span!) || !parseIpRange(l.value).span!.internal));
  return wide?.span ?? v.span;
}

function viaVariable(v: Value | undefined): boolean {
  return v !== undefined && 'via' in v && v.via !== undefined;
}

function relayState(state: ConnectorState): { anonymousRelay: boolean; externallySecured: boolean; authenticatedRelay: boolean } {
  const anon = effectiveRights(state, ANONYMOUS).rights.has(RELAY_RIGHT);
  const ext = includesCI(state.authMechanism.items, 'ExternalAuthoritative');
  const authUsers = effectiveRights(state, 'NT AUTHORITY\\Authenticated Users').rights.has(RELAY_RIGHT);
  return { anonymousRelay: anon, externallySecured: ext, authenticatedRelay: authUsers };
}

function checkReceive(state: ConnectorState, text: string, emit: Emit): void {
  const relay = relayState(state);
  const ranges = rangeView(state);
  const rangesNote = !ranges ? ' Its RemoteIPRanges are not statically known here.' : '';
  const hasRelay = relay.anonymousRelay || relay.externallySecured;
  const tooWide = ranges !== undefined && (ranges.everyone || ranges.wide || ranges.public);
  const rangeSpan = tooWide ? wideRangeSpan(state) : undefined;
  const rangeFix = rangeSpan && state.remoteIPRanges.use && !state.remoteIPRanges.fromTemplate
    ? [{ title: 'Replace with a scoped range placeholder (the exact device IPs)', edits: [{ start: rangeSpan.start, end: rangeSpan.end, newText: RANGE_PLACEHOLDER }] }]
    : undefined;

  // EXR001: anonymous relay, reported on each grant that gives it (or on the permission groups).
  if (relay.anonymousRelay) {
    const grants = state.grants.filter((g) => !g.removal && !g.deny && isAnonymous(g.users) && g.rights?.some((r) => r.toLowerCase() === RELAY_RIGHT));
    const where = grants.length > 0 ? grants.map((g) => spanOf(g.cmd, 'ExtendedRights')) : [nameSpanOf(state.created ?? state.commands[0]!, 'PermissionGroups')];
    const wide = tooWide ? ` Its RemoteIPRanges cover ${describeWidth(ranges!)}, so this is an open relay.` : '';
    for (const span of where) {
      emit('EXR001', span, `Anonymous relay on '${state.name}': ANONYMOUS LOGON gets ms-Exch-SMTP-Accept-Any-Recipient, so anyone who reaches the connector can send to any domain.${wide}${rangesNote} Use a dedicated connector whose RemoteIPRanges list only the devices' exact IPs (never a default connector), or authenticated submission.`, {
        severity: tooWide ? 'error' : undefined,
        fixes: tooWide ? rangeFix : undefined,
      });
    }
  }
  // EXR002: externally secured.
  if (relay.externallySecured && state.authMechanism.use) {
    const escalate = ranges !== undefined && (ranges.everyone || ranges.wide || ranges.public);
    emit('EXR002', spanOf(state.authMechanism.cmd!, 'AuthMechanism'), `'${state.name}' is externally secured (ExternalAuthoritative): listed hosts get relay, any-sender, anti-spam and size-limit bypass and are treated as internal, and Exchange encrypts nothing.${escalate ? ` With RemoteIPRanges covering ${describeWidth(ranges!)} this is an open, fully trusted relay.` : ''}${rangesNote} Use it only with single-host RemoteIPRanges on an isolated or IPsec network; prefer AnonymousUsers + ms-Exch-SMTP-Accept-Any-Recipient on a narrowly scoped connector, which keeps anti-spam and size checks.`, { severity: escalate ? 'error' : undefined, fixes: escalate ? rangeFix : undefined });
  }
  // EXR003: wide ranges on a connector with relay rights.
  if ((hasRelay || relay.authenticatedRelay) && ranges && tooWide && state.remoteIPRanges.use) {
    emit('EXR003', rangeSpan ?? spanOf(state.remoteIPRanges.cmd!, 'RemoteIPRanges'), `RemoteIPRanges of '${state.name}' cover ${describeWidth(ranges)}, and the connector grants relay${relay.authenticatedRelay && !hasRelay ? ' to authenticated users' : ''}: every matching source can relay. List the individual device IPs or the smallest subnet.`, {
      severity: ranges.everyone ? 'error' : 'warning',
      fixes: rangeFix,
    });
  }
  // EXR004: BasicAuth without TLS.
  const auth = state.authMechanism.items;
  if (auth && state.authMechanism.use && includesCI(auth, 'BasicAuth') && (!includesCI(auth, 'BasicAuthRequireTLS') || !includesCI(auth, 'Tls'))) {
    const cmd = state.authMechanism.cmd!;
    const span = spanOf(cmd, 'AuthMechanism');
    const others = auth.filter((a) => !/^(Tls|BasicAuth|BasicAuthRequireTLS)$/i.test(a));
    const fixed = ['Tls', 'BasicAuth', 'BasicAuthRequireTLS', ...others].join(',');
    const basic = leaves(useOf(cmd, 'AuthMechanism')?.value).find((l) => l.kind === 'string' && /^basicauth$/i.test(l.value));
    emit('EXR004', basic?.span ?? span, `AuthMechanism on '${state.name}' offers BasicAuth without requiring TLS, so passwords can travel in clear text. Use -AuthMechanism ${fixed} (and -RequireTLS $true).`, {
      fixes: viaVariable(useOf(cmd, 'AuthMechanism')?.value) ? undefined : [{ title: 'Require TLS for basic authentication (BasicAuthRequireTLS)', edits: [{ start: span.start, end: span.end, newText: fixed }] }],
    });
  } else if (auth && includesCI(auth, 'BasicAuth')) {
    const last = state.latest.get('RequireTLS');
    if (last && boolOf(last.cmd, 'RequireTLS') === false) emit('EXR004', spanOf(last.cmd, 'RequireTLS'), `'${state.name}' offers basic authentication but -RequireTLS is $false; set -RequireTLS $true so credentials are never sent in clear text.`);
  }
  // EXR009 / EXR012: listeners.
  const bindings = state.bindings.items ?? [];
  const bindingsCmd = state.bindings.cmd;
  if (hasRelay && bindingsCmd && !state.bindings.fromTemplate) {
    const all = bindings.find(isAllInterfaces);
    if (all) emit('EXR009', spanOf(bindingsCmd, 'Bindings'), `'${state.name}' has relay rights and listens on every interface (${all}), so the relay is also reachable on an internet-facing NIC. Bind it to the internal NIC's IP (e.g. 10.1.1.2:25).`, { severity: 'warning' });
    if (bindings.some((b) => bindingPort(b) === 587)) emit('EXR012', spanOf(bindingsCmd, 'Bindings'), `Port 587 is for authenticated client submission, but '${state.name}' grants anonymous or externally secured relay on it. Relay devices on port 25 through a scoped connector, or authenticate on 587 with TLS.`);
  }
  const internetFacing = state.usage?.toLowerCase() === 'internet' || (ranges?.everyone ?? false);
  if (internetFacing && auth && state.authMechanism.use && auth.some((a) => /^basicauth/i.test(a)) && bindings.some((b) => bindingPort(b) === 25)) {
    emit('EXR012', spanOf(state.authMechanism.cmd!, 'AuthMechanism'), `Offering basic authentication on the internet-facing port 25 connector '${state.name}' invites password spraying. Offer AUTH only on an internal or 587 connector.`);
  }
  // EXR010 / EXR011: rights explicitly granted to anonymous.
  for (const g of state.grants) {
    if (g.removal || g.deny || !isAnonymous(g.users) || !g.rights) continue;
    const bypass = g.rights.filter((r) => includesCI(BYPASS_RIGHTS, r));
    if (bypass.length > 0) {
      emit('EXR011', spanOf(g.cmd, 'ExtendedRights'), `${bypass.join(', ')} granted to an anonymous principal on '${state.name}': external senders could inject X-MS-Exchange-Organization-* headers, skip anti-spam or size limits, or be treated as internal. Never grant these to anonymous users; use ExternalAuthoritative only for tightly scoped hosts.`);
    }
    const spoof = g.rights.filter((r) => includesCI(SPOOF_RIGHTS, r));
    const exposed = (ranges && (ranges.everyone || ranges.wide || ranges.public)) || internetFacing || bindings.some(isAllInterfaces);
    if (spoof.length > 0 && exposed) {
      emit('EXR010', spanOf(g.cmd, 'ExtendedRights'), `${spoof.join(', ')} granted to anonymous users on '${state.name}', which is internet-facing or widely reachable: unauthenticated hosts may send as your own domains. Keep spoofing rights on narrowly scoped relay connectors only, and publish SPF/DKIM/DMARC.`);
    }
  }
  // EXR015: relay without protocol logging.
  if (hasRelay) {
    const logging = state.latest.get('ProtocolLoggingLevel');
    const level = logging ? stringsOf(logging.cmd, 'ProtocolLoggingLevel')?.[0] : 'None';
    if (level !== undefined && level.toLowerCase() === 'none') {
      const at = logging ? spanOf(logging.cmd, 'ProtocolLoggingLevel') : (state.created ?? state.commands[0]!).nameSpan;
      emit('EXR015', at, `Relay connector '${state.name}' has protocol logging off (the default), so relay abuse leaves no audit trail. Add -ProtocolLoggingLevel Verbose.`);
    }
  }
  // EXR017: default banner on an internet connector.
  if (state.created && state.usage?.toLowerCase() === 'internet' && !state.latest.has('Banner')) {
    emit('EXR017', state.created.nameSpan, `Internet connector '${state.name}' keeps the default banner, which shows the server name and time. Add -Banner '220 SMTP Server Ready'.`);
  }
  // EXR023: Custom connector with no permissions.
  if (state.created && state.usage?.toLowerCase() === 'custom' && !state.created.opaqueSplat && !state.latest.has('PermissionGroups') && state.grants.length === 0) {
    emit('EXR023', state.created.nameSpan, `Custom connector '${state.name}' gets no permission groups and no later Set-ReceiveConnector -PermissionGroups or Add-ADPermission in this script, so it accepts no mail (which often leads to "fixes" that grant too much). Add the intended group explicitly, e.g. -PermissionGroups AnonymousUsers on an IP-scoped connector.`);
  }
  checkRangeReplacements(state, text, emit);
}

function checkThrottles(cmd: ConnectorCommand, emit: Emit): void {
  for (const p of ['MessageRateLimit', 'MaxInboundConnectionPerSource', 'MaxProtocolErrors', 'MaxInboundConnection']) {
    if (stringsOf(cmd, p)?.some((v) => /^unlimited$/i.test(v))) emit('EXR016', spanOf(cmd, p), `-${p} unlimited removes a throttle and makes abuse faster. Keep the default (Edge MessageRateLimit is 600).`);
  }
  const tarpit = stringsOf(cmd, 'TarpitInterval')?.[0];
  if (tarpit !== undefined && /^0?0:00:00$|^0\.00:00:00$/.test(tarpit)) emit('EXR016', spanOf(cmd, 'TarpitInterval'), `TarpitInterval 00:00:00 disables the tarpit that slows down directory harvesting. Keep the default 00:00:05.`);
  const recipients = stringsOf(cmd, 'MaxRecipientsPerMessage')?.[0];
  if (recipients !== undefined && Number(recipients) > 5000) emit('EXR016', spanOf(cmd, 'MaxRecipientsPerMessage'), `MaxRecipientsPerMessage ${recipients} is very high; a compromised sender can reach many recipients per message. Keep it at the default 200 or the hardening value 5000 at most.`);
}

function isExoSend(state: ConnectorState): boolean {
  const hosts = state.latest.get('SmartHosts');
  const spaces = state.latest.get('AddressSpaces');
  return (hosts !== undefined && (stringsOf(hosts.cmd, 'SmartHosts') ?? []).some((h) => EXO_HOST.test(h))) ||
    (spaces !== undefined && (stringsOf(spaces.cmd, 'AddressSpaces') ?? []).some((s) => EXO_SPACE.test(s.replace(/;\d+$/, ''))));
}

function checkSend(state: ConnectorState, emit: Emit, role: string): void {
  const last = (p: string) => state.latest.get(p);
  const mainCmd = state.created ?? state.commands[state.commands.length - 1]!;
  const end = mainCmd.span.end;
  const addFix = (title: string, text: string) => [{ title, edits: [{ start: end, end, newText: text }] }];
  const shAuth = last('SmartHostAuthMechanism');
  if (shAuth && stringsOf(shAuth.cmd, 'SmartHostAuthMechanism')?.some((m) => m.toLowerCase() === 'basicauth')) {
    const span = spanOf(shAuth.cmd, 'SmartHostAuthMechanism');
    emit('EXR005', span, `SmartHostAuthMechanism BasicAuth sends the password to the smart host in clear text. Use BasicAuthRequireTLS with -RequireTLS $true (the smart host's certificate must match its name).`, {
      fixes: [{ title: 'Change to BasicAuthRequireTLS', edits: [{ start: span.start, end: span.end, newText: 'BasicAuthRequireTLS' }] }],
    });
  }
  const ignore = last('IgnoreSTARTTLS');
  if (ignore && boolOf(ignore.cmd, 'IgnoreSTARTTLS') === true) {
    emit('EXR014', spanOf(ignore.cmd, 'IgnoreSTARTTLS'), `-IgnoreSTARTTLS $true turns off opportunistic TLS, so mail leaves in clear text even when the receiver offers encryption. Leave it $false.`);
  }
  if (isExoSend(state) && mainCmd.entry.name !== 'Get-SendConnector' && !mainCmd.opaqueSplat) {
    const req = last('RequireTLS');
    if (!req || boolOf(req.cmd, 'RequireTLS') === false) {
      emit('EXR006', req ? spanOf(req.cmd, 'RequireTLS') : mainCmd.nameSpan, `Send connector '${state.name}' relays to Exchange Online without -RequireTLS $true: mail and tenant attribution may travel unencrypted, and a certificate-based inbound connector cannot identify this server. Add -RequireTLS $true -TlsAuthLevel DomainValidation -TlsDomain mail.protection.outlook.com.`, {
        fixes: req ? [{ title: 'Set -RequireTLS $true', edits: [{ start: spanOf(req.cmd, 'RequireTLS').start, end: spanOf(req.cmd, 'RequireTLS').end, newText: '$true' }] }] : addFix('Add -RequireTLS $true', ' -RequireTLS $true'),
      });
    }
    const level = last('TlsAuthLevel');
    const levelValue = level ? stringsOf(level.cmd, 'TlsAuthLevel')?.[0] : undefined;
    const domain = last('TlsDomain');
    const domainValue = domain ? stringsOf(domain.cmd, 'TlsDomain')?.[0] : undefined;
    if (!level || levelValue?.toLowerCase() === 'encryptiononly') {
      emit('EXR007', level ? spanOf(level.cmd, 'TlsAuthLevel') : mainCmd.nameSpan, `Send connector '${state.name}' to Exchange Online ${level ? 'uses TlsAuthLevel EncryptionOnly' : 'sets no TlsAuthLevel'}: the certificate is not checked, so a man in the middle or a DNS hijack can redirect mail. Use -TlsAuthLevel DomainValidation -TlsDomain mail.protection.outlook.com (CertificateValidation at minimum).`, {
        fixes: level ? undefined : addFix('Add -TlsAuthLevel DomainValidation -TlsDomain mail.protection.outlook.com', ` -TlsAuthLevel DomainValidation${domain ? '' : ' -TlsDomain mail.protection.outlook.com'}`),
      });
    } else if (levelValue?.toLowerCase() === 'domainvalidation' && (!domain || (domainValue !== undefined && domainValue.toLowerCase() !== 'mail.protection.outlook.com'))) {
      emit('EXR007', domain ? spanOf(domain.cmd, 'TlsDomain') : spanOf(level.cmd, 'TlsAuthLevel'), `TlsAuthLevel DomainValidation on '${state.name}' needs -TlsDomain mail.protection.outlook.com; ${domain ? `'${domainValue}' does not match Exchange Online's certificate` : 'without it the name is not checked'}.`, {
        fixes: domain ? [{ title: 'Use mail.protection.outlook.com', edits: [{ start: spanOf(domain.cmd, 'TlsDomain').start, end: spanOf(domain.cmd, 'TlsDomain').end, newText: 'mail.protection.outlook.com' }] }] : addFix('Add -TlsDomain mail.protection.outlook.com', ' -TlsDomain mail.protection.outlook.com'),
      });
    }
    if (!last('TlsCertificateName')) {
      emit('EXR008', mainCmd.nameSpan, `Send connector '${state.name}' to Exchange Online has no -TlsCertificateName: Exchange Online cannot attribute the mail to your tenant (550 5.7.64 TenantAttribution) or treats it as anonymous. Set it from the certificate: $c = Get-ExchangeCertificate -Thumbprint …; -TlsCertificateName "<I>$($c.Issuer)<S>$($c.Subject)" (its name should be a tenant accepted domain).`);
    }
  }
  checkBasicSmtpAuth(state, emit);
  if (role === 'EdgeTransport' && state.created && (isExoSend(state) || boolOf(state.created, 'DNSRoutingEnabled') !== false)) {
    emit('EXR013', state.created.nameSpan, `Mail sent by '${state.name}' leaves from the Edge: publish SPF (v=spf1 ip4:<Edge public IP> include:spf.protection.outlook.com ~all) and a PTR record matching the connector's Fqdn, or receivers and Exchange Online may junk it.`);
  }
}

function checkAcceptedDomain(state: ConnectorState, emit: Emit): void {
  for (const cmd of state.commands) {
    const name = stringsOf(cmd, 'DomainName')?.[0] ?? (cmd.entry.name.startsWith('Set-') ? state.name : undefined);
    const type = stringsOf(cmd, 'DomainType')?.[0];
    if (name === '*' && type && /relay$/i.test(type)) {
      emit('EXR018', spanOf(cmd, 'DomainType'), `Accepted domain '*' of type ${type} lets anyone relay to any domain (HealthChecker also links InternalRelay '*' to transport crashes). Scope relay to specific domains.`);
    }
  }
}

function checkInbound(state: ConnectorState, emit: Emit): void {
  checkTreatAsInternal(state, emit);
  const cmd = state.created;
  if (!cmd) return;
  const type = stringsOf(cmd, 'ConnectorType')?.[0];
  if (type?.toLowerCase() !== 'onpremises') return;
  const ips = useOf(cmd, 'SenderIPAddresses');
  const cert = has(cmd, 'TlsSenderCertificateName');
  const items = stringsOf(cmd, 'SenderIPAddresses');
  const broad = items?.find((i) => /\/(2[4-7])$/.test(i));
  if (!ips && !cert && !cmd.opaqueSplat) {
    emit('EXR019', cmd.nameSpan, `OnPremises inbound connector '${state.name}' identifies the sender by neither certificate nor IP. Add -TlsSenderCertificateName (an accepted domain on your certificate) and -RequireTls $true.`);
  } else if (broad) {
    emit('EXR019', spanOf(cmd, 'SenderIPAddresses'), `SenderIPAddresses ${broad} on OnPremises connector '${state.name}' may cover shared or third-party addresses, and anything from them can relay through your tenant as you. Prefer a certificate (-TlsSenderCertificateName) and the narrowest IPs.`);
  }
}

function checkOutbound(state: ConnectorState, emit: Emit): void {
  for (const cmd of state.commands) {
    const tls = useOf(cmd, 'TlsSettings');
    if (tls && (tls.value?.kind === 'null' || stringsOf(cmd, 'TlsSettings')?.[0]?.toLowerCase() === 'encryptiononly')) {
      emit('EXR020', spanOf(cmd, 'TlsSettings'), `TlsSettings ${tls.value?.kind === 'null' ? '$null' : 'EncryptionOnly'} on '${state.name}' does not validate the receiver's certificate, so downgrade or MX spoofing go unnoticed. Use CertificateValidation or DomainValidation.`);
    }
    for (const p of ['MtaStsMode', 'SmtpDaneMode']) {
      if (stringsOf(cmd, p)?.[0]?.toLowerCase() === 'none') emit('EXR020', spanOf(cmd, p), `-${p} None removes protection against TLS downgrade and MX spoofing. Keep Opportunistic${p === 'SmtpDaneMode' ? ' or use Mandatory' : ''}.`);
    }
  }
}

interface StateFindings {
  role: string;
  commands: ConnectorCommand[];
  /** Findings relative to an anchor command, so they follow it when it moves after an edit. */
  findings: { anchor: ConnectorCommand; from: number; to: number; finding: ScriptFinding }[];
}

/** Per connector: the findings of the last analysis, reused while the same command objects act on it. */
const stateCache = new WeakMap<ConnectorCommand, StateFindings>();

function sameCommands(a: ConnectorCommand[], b: ConnectorCommand[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function anchorOf(state: ConnectorState, f: ScriptFinding): ConnectorCommand {
  return state.commands.find((c) => f.start >= c.span.start && f.start <= c.span.end) ?? state.created ?? state.commands[0]!;
}

function stateFindings(s: ConnectorState, model: ScriptModel, role: string): ScriptFinding[] {
  const key = s.commands[0]!;
  const cached = stateCache.get(key);
  if (cached && cached.role === role && sameCommands(cached.commands, s.commands)) {
    return cached.findings.map(({ anchor, from, to, finding }) => {
      const base = anchor.nameSpan.start;
      const delta = base + from - finding.start;
      if (delta === 0) return finding;
      return {
        ...finding,
        start: base + from,
        end: base + to,
        fixes: finding.fixes?.map((fx) => ({ ...fx, edits: fx.edits.map((e) => ({ ...e, start: e.start + delta, end: e.end + delta })) })),
      };
    });
  }
  const out: ScriptFinding[] = [];
  const emit: Emit = (exr, span, message, opts) => {
    const c = securityCode(exr);
    out.push({ code: c.code, severity: opts?.severity ?? c.severity, message, start: span.start, end: span.end, fixes: opts?.fixes });
  };
  if (s.kind === 'receive') checkReceive(s, model.text, emit);
  else if (s.kind === 'send') checkSend(s, emit, role);
  else if (s.kind === 'acceptedDomain') checkAcceptedDomain(s, emit);
  else if (s.kind === 'inbound') checkInbound(s, emit);
  else if (s.kind === 'outbound') checkOutbound(s, emit);
  stateCache.set(key, {
    role,
    commands: [...s.commands],
    findings: out.map((f) => {
      const anchor = anchorOf(s, f);
      return { anchor, from: f.start - anchor.nameSpan.start, to: f.end - anchor.nameSpan.start, finding: f };
    }),
  });
  return out;
}

export function checkSecurity(model: ScriptModel, state: ScriptState, role: string, out: ScriptFinding[]): void {
  for (const s of state.objects) {
    if (s.commands.length === 0) continue;
    for (const f of stateFindings(s, model, role)) out.push(f);
  }
  const emit: Emit = (exr, span, message, opts) => {
    const c = securityCode(exr);
    out.push({ code: c.code, severity: opts?.severity ?? c.severity, message, start: span.start, end: span.end, fixes: opts?.fixes });
  };
  checkDuplicateListeners(state, role, emit);
  checkInboundMatchesEdge(state, emit);
  for (const cmd of model.commands) {
    if (/-(Receive|Send)Connector$/.test(cmd.entry.name) && !cmd.entry.name.startsWith('Get-')) checkThrottles(cmd, emit);
    if (boolOf(cmd, 'PrivateKeyExportable') === true) {
      emit('EXR024', spanOf(cmd, 'PrivateKeyExportable'), `-PrivateKeyExportable $true lets the private key be exported, which makes key theft easier. Keep transport keys non-exportable, especially on an Edge server.`);
    }
  }
  void isNew;
}

// Implementations of cmdlets.json `crossParameterRules`, keyed by rule id. A cmdlet gets a check only
// when its catalogue entry lists the rule, so the data decides where each rule applies.
import type { ConnectorCommand } from '../syntax/model';
import { boolOf, has, includesCI, isNew, nameSpanOf, spanOf, stringsOf, useOf } from '../syntax/params';
import { parseAddressSpace, parseTimeSpan } from './formats';
import type { Emit } from '../catalogue/codes';

type RuleCheck = (cmd: ConnectorCommand, emit: Emit, text: string) => void;

const USAGE_SWITCHES = ['Client', 'Custom', 'Internal', 'Internet', 'Partner'];

function usageOf(cmd: ConnectorCommand): string | undefined {
  const sw = USAGE_SWITCHES.find((s) => boolOf(cmd, s) === true);
  if (sw) return sw;
  const u = stringsOf(cmd, 'Usage');
  return u?.[0];
}

function literalText(cmd: ConnectorCommand, name: string, text: string): string {
  const span = spanOf(cmd, name);
  return text.slice(span.start, span.end);
}

export const RULE_CHECKS: Record<string, RuleCheck> = {
  'sc-usage-exclusive': (cmd, emit) => {
    const given = [...USAGE_SWITCHES, 'Usage'].filter((n) => has(cmd, n) && boolOf(cmd, n) !== false);
    if (given.length > 1) emit('crossParameter', nameSpanOf(cmd, given[1]!), `-${given[1]} conflicts with -${given[0]}: give one usage type only.`);
  },
  'rc-remoteip-required': (cmd, emit) => {
    if (usageOf(cmd)?.toLowerCase() === 'internet' && has(cmd, 'RemoteIPRanges')) {
      emit('crossParameter', nameSpanOf(cmd, 'RemoteIPRanges'), `An Internet receive connector accepts every IPv4 address and cannot be given -RemoteIPRanges at creation; the cmdlet rejects it. Use -Custom (or -Usage Custom) for a connector scoped to given ranges.`);
    }
  },
  'rc-bindings-forbidden': (cmd, emit) => {
    const usage = usageOf(cmd)?.toLowerCase();
    if ((usage === 'client' || usage === 'internal') && has(cmd, 'Bindings')) {
      emit('crossParameter', nameSpanOf(cmd, 'Bindings'), `The docs say -Bindings cannot be given with ${usage === 'client' ? 'Client (fixed 0.0.0.0:587)' : 'Internal (fixed 0.0.0.0:25)'} usage at creation (the syntax block lists it as optional). If creation fails, create the connector first and change the binding with Set-ReceiveConnector.`, undefined, 'warning');
    }
  },
  'rc-auth-none-alone': (cmd, emit) => {
    const auth = stringsOf(cmd, 'AuthMechanism');
    if (auth && auth.length > 1 && includesCI(auth, 'None')) emit('crossParameter', spanOf(cmd, 'AuthMechanism'), `AuthMechanism None must be the only value; combined with other mechanisms the cmdlet rejects it.`);
  },
  'rc-auth-basicrequiretls': (cmd, emit) => {
    const auth = stringsOf(cmd, 'AuthMechanism');
    if (auth && includesCI(auth, 'BasicAuthRequireTLS') && (!includesCI(auth, 'BasicAuth') || !includesCI(auth, 'Tls'))) {
      emit('crossParameter', spanOf(cmd, 'AuthMechanism'), `AuthMechanism BasicAuthRequireTLS also needs BasicAuth and Tls: write -AuthMechanism Tls,BasicAuth,BasicAuthRequireTLS.`);
    }
  },
  'rc-auth-externalauth': (cmd, emit) => {
    const auth = stringsOf(cmd, 'AuthMechanism');
    if (!auth || !includesCI(auth, 'ExternalAuthoritative')) return;
    if (auth.some((a) => !/^(ExternalAuthoritative|Tls)$/i.test(a))) {
      emit('crossParameter', spanOf(cmd, 'AuthMechanism'), `AuthMechanism ExternalAuthoritative may only be combined with Tls.`);
    }
    const groups = stringsOf(cmd, 'PermissionGroups');
    if (groups && !includesCI(groups, 'ExchangeServers')) {
      emit('crossParameter', spanOf(cmd, 'PermissionGroups'), `AuthMechanism ExternalAuthoritative requires PermissionGroups ExchangeServers; the cmdlet rejects this combination.`);
    }
  },
  'rc-requiretls-needs-tls': (cmd, emit) => {
    const auth = stringsOf(cmd, 'AuthMechanism');
    if (boolOf(cmd, 'RequireTLS') === true && auth && !includesCI(auth, 'Tls')) {
      emit('crossParameter', spanOf(cmd, 'AuthMechanism'), `-RequireTLS $true needs Tls in -AuthMechanism; otherwise STARTTLS is never offered and every session is refused.`);
    }
  },
  'rc-timeouts': (cmd, emit, text) => {
    const inactivity = parseTimeSpan(literalText(cmd, 'ConnectionInactivityTimeout', text).replace(/['"]/g, ''));
    const connection = parseTimeSpan(literalText(cmd, 'ConnectionTimeout', text).replace(/['"]/g, ''));
    if (has(cmd, 'ConnectionInactivityTimeout') && has(cmd, 'ConnectionTimeout') && inactivity !== undefined && connection !== undefined && inactivity >= connection) {
      emit('crossParameter', spanOf(cmd, 'ConnectionInactivityTimeout'), `ConnectionInactivityTimeout must be less than ConnectionTimeout.`);
    }
  },
  'rc-binarymime-chunking': (cmd, emit) => {
    if (boolOf(cmd, 'BinaryMimeEnabled') === true && boolOf(cmd, 'ChunkingEnabled') === false) {
      emit('crossParameter', spanOf(cmd, 'BinaryMimeEnabled'), `BinaryMimeEnabled $true requires ChunkingEnabled $true.`);
    }
  },
  'rc-domainsecure': (cmd, emit) => {
    const auth = stringsOf(cmd, 'AuthMechanism');
    if (boolOf(cmd, 'DomainSecureEnabled') === true && auth && (!includesCI(auth, 'Tls') || includesCI(auth, 'ExternalAuthoritative'))) {
      emit('crossParameter', spanOf(cmd, 'DomainSecureEnabled'), `DomainSecureEnabled $true needs Tls and no ExternalAuthoritative in AuthMechanism.`);
    }
  },
  'sc-smarthost-dns': (cmd, emit) => {
    const dns = boolOf(cmd, 'DNSRoutingEnabled');
    if (has(cmd, 'SmartHosts') && dns === true) {
      emit('crossParameter', spanOf(cmd, 'DNSRoutingEnabled'), `With -SmartHosts, -DNSRoutingEnabled must be $false; otherwise the smart hosts are ignored.`);
    } else if (dns === false && !has(cmd, 'SmartHosts') && !cmd.opaqueSplat) {
      emit('crossParameter', spanOf(cmd, 'DNSRoutingEnabled'), `-DNSRoutingEnabled $false needs -SmartHosts in the same command; the cmdlet rejects it otherwise.`);
    } else if (isNew(cmd) && has(cmd, 'SmartHosts') && dns === undefined && !has(cmd, 'DNSRoutingEnabled') && !cmd.opaqueSplat) {
      emit('crossParameter', nameSpanOf(cmd, 'SmartHosts'), `-SmartHosts needs -DNSRoutingEnabled $false in the same command.`);
    }
  },
  'sc-smarthostauth-needs-smarthost': (cmd, emit, text) => {
    if (isNew(cmd) && has(cmd, 'SmartHostAuthMechanism') && !/none/i.test(literalText(cmd, 'SmartHostAuthMechanism', text)) && !has(cmd, 'SmartHosts') && !cmd.opaqueSplat) {
      emit('crossParameter', nameSpanOf(cmd, 'SmartHostAuthMechanism'), `-SmartHostAuthMechanism only applies with -SmartHosts and -DNSRoutingEnabled $false.`, undefined, 'warning');
    }
  },
  'sc-basicauth-cred': (cmd, emit) => {
    const mech = stringsOf(cmd, 'SmartHostAuthMechanism');
    if (mech && mech.some((m) => /^basicauth/i.test(m)) && !has(cmd, 'AuthenticationCredential') && !cmd.opaqueSplat) {
      emit('crossParameter', spanOf(cmd, 'SmartHostAuthMechanism'), `SmartHostAuthMechanism ${mech[0]} needs -AuthenticationCredential (e.g. -AuthenticationCredential (Get-Credential)).`);
    }
  },
  'sc-requiretls-ignorestarttls': (cmd, emit) => {
    if (boolOf(cmd, 'RequireTLS') === true && boolOf(cmd, 'IgnoreSTARTTLS') === true) {
      emit('crossParameter', spanOf(cmd, 'IgnoreSTARTTLS'), `-RequireTLS $true requires -IgnoreSTARTTLS $false: a connector cannot both require and ignore TLS.`);
    }
  },
  'sc-tlsauthlevel': (cmd, emit) => {
    if (!has(cmd, 'TlsAuthLevel')) return;
    const requireTls = boolOf(cmd, 'RequireTLS');
    if (boolOf(cmd, 'IgnoreSTARTTLS') === true || requireTls === false || (isNew(cmd) && !has(cmd, 'RequireTLS') && !cmd.opaqueSplat)) {
      emit('crossParameter', nameSpanOf(cmd, 'TlsAuthLevel'), `-TlsAuthLevel can only be set when -RequireTLS is $true and -IgnoreSTARTTLS is $false; add -RequireTLS $true.`, [
        ...(has(cmd, 'RequireTLS') ? [] : [{ title: 'Add -RequireTLS $true', edits: [{ start: cmd.span.end, end: cmd.span.end, newText: ' -RequireTLS $true' }] }]),
      ]);
    }
  },
  'sc-tlsdomain': (cmd, emit) => {
    const level = stringsOf(cmd, 'TlsAuthLevel');
    if (includesCI(level, 'DomainValidation') && has(cmd, 'SmartHosts') && !has(cmd, 'TlsDomain') && !cmd.opaqueSplat) {
      emit('crossParameter', spanOf(cmd, 'TlsAuthLevel'), `TlsAuthLevel DomainValidation on a smart-host connector needs -TlsDomain (for Exchange Online: mail.protection.outlook.com).`);
    }
  },
  'sc-domainsecure': (cmd, emit) => {
    if (boolOf(cmd, 'DomainSecureEnabled') !== true) return;
    const spaces = stringsOf(cmd, 'AddressSpaces');
    if (boolOf(cmd, 'DNSRoutingEnabled') === false || boolOf(cmd, 'IgnoreSTARTTLS') === true || spaces?.some((s) => s.includes('*'))) {
      emit('crossParameter', spanOf(cmd, 'DomainSecureEnabled'), `DomainSecureEnabled needs DNS routing, IgnoreSTARTTLS $false and no wildcard address spaces.`);
    }
  },
  'sc-nonsmtp-smarthost': (cmd, emit) => {
    const spaces = stringsOf(cmd, 'AddressSpaces');
    const nonSmtp = spaces?.map(parseAddressSpace).some((s) => typeof s !== 'string' && s.type.toUpperCase() !== 'SMTP');
    if (nonSmtp && (!has(cmd, 'SmartHosts') || boolOf(cmd, 'DNSRoutingEnabled') !== false) && !cmd.opaqueSplat) {
      emit('crossParameter', spanOf(cmd, 'AddressSpaces'), `A non-SMTP address space needs -SmartHosts and -DNSRoutingEnabled $false.`);
    }
  },
  'are-wildcard-outbound': (cmd, emit) => {
    const internal = stringsOf(cmd, 'InternalAddress');
    if (internal?.some((a) => a.startsWith('*.')) && boolOf(cmd, 'OutboundOnly') !== true && !cmd.opaqueSplat) {
      emit('crossParameter', spanOf(cmd, 'InternalAddress'), `A wildcard -InternalAddress ('*.domain') requires -OutboundOnly $true.`);
    }
  },
  'oc-smarthosts': (cmd, emit) => {
    if (isNew(cmd) && boolOf(cmd, 'UseMXRecord') === false && !has(cmd, 'SmartHosts') && !cmd.opaqueSplat) {
      emit('crossParameter', spanOf(cmd, 'UseMXRecord'), `-UseMXRecord $false needs -SmartHosts: without them the connector has nowhere to send.`);
    }
  },
  'oc-onprem-only': (cmd, emit) => {
    const type = stringsOf(cmd, 'ConnectorType');
    if (!type || type[0]?.toLowerCase() === 'onpremises') return;
    for (const p of ['AllAcceptedDomains', 'RouteAllMessagesViaOnPremises', 'SenderRewritingEnabled']) {
      if (boolOf(cmd, p) === true) emit('crossParameter', spanOf(cmd, p), `-${p} $true requires -ConnectorType OnPremises.`);
    }
  },
  'oc-tlsdomain': (cmd, emit) => {
    const settings = stringsOf(cmd, 'TlsSettings');
    if (has(cmd, 'TlsDomain') && settings && !includesCI(settings, 'DomainValidation')) {
      emit('crossParameter', nameSpanOf(cmd, 'TlsDomain'), `-TlsDomain only matters with -TlsSettings DomainValidation; it is ignored here.`, undefined, 'warning');
    }
  },
};

export function checkCrossRules(cmd: ConnectorCommand, emit: Emit, text = ''): void {
  for (const rule of cmd.entry.spec.crossParameterRules ?? []) RULE_CHECKS[rule.id]?.(cmd, emit, text);
  void useOf;
}

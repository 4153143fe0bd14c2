// The decoded view of one SMTP virtual server, on effective values: bindings, authentication,
// relay and connection lists (decoded, with a verdict), outbound delivery, limits, logging and
// domains. Hover, diagnostics, the connector generator and the assessment engine all read this.
import { ACCESS_SSL_FLAGS, AUTH_FLAGS, LOG_EXT_FILE_FLAGS, RA, ROUTE_ACTION_FLAGS, flagNames } from './catalog/flags';
import { describeOrigin, effectiveValue, lacksServiceKey, type EffectiveValue, type Origin } from './effective';
import { modelCache, rawValue, type MetabaseKey, type MetabaseModel, type PropertyOccurrence } from './model';
import { decodeIpListHex, ipListVerdict, type DecodedIpList, type IpListMode, type ListPurpose } from './relayList';
import { decodeBindings, decodeBool, decodeDword, decodeFlags, type Binding } from './values';

export interface Effective<T> {
  value: T;
  origin: Origin;
  /** Location of the key the value was read from (own or inherited). */
  from?: string;
  /** Human description of the origin. */
  originText: string;
  occurrence?: PropertyOccurrence;
}

export interface IpListSummary {
  /** Null when the property is absent from the whole inheritance chain. */
  list: DecodedIpList | null;
  origin: Origin;
  from?: string;
  originText: string;
  occurrence?: PropertyOccurrence;
  mode: IpListMode | 'absent';
  verdict: string;
  /** Every host not explicitly denied may use it (all-except / empty list). */
  open: boolean;
}

export interface DomainSummary {
  key: MetabaseKey;
  location: string;
  /** Domain name from the location (`*` for the wildcard entry). */
  name: string;
  routeAction: number;
  routeActionNames: string[];
  unknownRouteBits: number;
  actionString?: string;
  isLocal: boolean;
  relayToAnyone: boolean;
  authRelay: boolean;
  smartHost?: string;
  outboundTls: boolean;
  outboundBasic: boolean;
  outboundIntegrated: boolean;
  passwordStored: boolean;
  userName?: string;
}

export type OutboundAuth = 'anonymous' | 'basic' | 'integrated';

export interface VirtualServerSummary {
  key: MetabaseKey;
  location: string;
  instanceId: string;
  name?: string;
  bindings: Binding[];
  bindingErrors: string[];
  secureBindings: Binding[];
  enabled: Effective<boolean>;
  auth: Effective<number> & { anonymous: boolean; basic: boolean; integrated: boolean };
  tls: Effective<number> & { required: boolean; require128: boolean };
  relay: IpListSummary;
  relayForAuth: Effective<boolean>;
  /** SmtpDisableRelay effective FALSE: the relay check is skipped (medium confidence). */
  relayCheckDisabled: Effective<boolean>;
  connectionControl: IpListSummary;
  outbound: {
    smartHost?: string;
    smartHostType: Effective<number>;
    port: Effective<number>;
    alwaysTls: Effective<boolean>;
    routeAction: Effective<number>;
    auth: OutboundAuth;
    userName?: string;
    passwordStored: boolean;
    remoteTimeoutSeconds: Effective<number>;
    fqdn?: string;
    masqueradeDomain?: string;
  };
  limits: {
    maxMessageSize: Effective<number>;
    maxRecipients: Effective<number>;
    maxSessionSize: Effective<number>;
    maxConnections: Effective<number>;
    maxBatchedMessages: Effective<number>;
    connectionTimeoutSeconds: Effective<number>;
    maxSmtpErrors: Effective<number>;
    maxLogonErrors: Effective<number>;
    hopCount: Effective<number>;
  };
  logging: {
    enabled: Effective<boolean>;
    fields: Effective<number> & { names: string[] };
    /** Fields a relay assessment needs that are not logged. */
    missingForAssessment: string[];
    directory?: string;
    period: Effective<number>;
    /** Active log module (LogPluginClsid), when set. */
    plugin: Effective<string | undefined>;
  };
  domains: DomainSummary[];
  defaultDomain?: string;
  banner?: string;
  /** The export has no /LM/SmtpSvc key: inherited values may be missing. */
  inheritedUnknown: boolean;
}

/** Fields the relay assessment needs (reference §2.7). */
export const ASSESSMENT_LOG_FIELDS = ['LogExtFileClientIp', 'LogExtFileUserName', 'LogExtFileMethod'] as const;

function wrap<T>(ev: EffectiveValue, value: T): Effective<T> {
  return { value, origin: ev.origin, from: ev.from?.location, originText: describeOrigin(ev), occurrence: ev.occurrence };
}

export function effectiveNumber(model: MetabaseModel, key: MetabaseKey, name: string, fallback = 0): Effective<number> {
  const ev = effectiveValue(model, key, name);
  if (ev.text === undefined) return wrap(ev, fallback);
  const d = ev.def?.flags ? decodeFlags(ev.text, ev.def.flags) : decodeDword(ev.text);
  return wrap(ev, d.ok ? d.value : fallback);
}

export function effectiveBool(model: MetabaseModel, key: MetabaseKey, name: string, fallback: boolean): Effective<boolean> {
  const ev = effectiveValue(model, key, name);
  if (ev.text === undefined) return wrap(ev, fallback);
  const d = decodeBool(ev.text);
  return wrap(ev, d.ok ? d.value : fallback);
}

function effectiveString(model: MetabaseModel, key: MetabaseKey, name: string): string | undefined {
  const ev = effectiveValue(model, key, name);
  return ev.origin === 'own' || ev.origin === 'inherited' ? ev.text?.trim() : undefined;
}

/** Decodes (and caches on the occurrence) a RelayIpList / IPSecurity value. */
export function decodeOccurrenceList(model: MetabaseModel, occ: PropertyOccurrence): DecodedIpList {
  const cache = (occ.cache ??= new Map());
  let d = cache.get('ipList') as DecodedIpList | undefined;
  if (!d) {
    d = decodeIpListHex(rawValue(model, occ));
    cache.set('ipList', d);
  }
  return d;
}

export function ipListSummary(model: MetabaseModel, key: MetabaseKey, name: 'RelayIpList' | 'IPSecurity', purpose: ListPurpose): IpListSummary {
  const ev = effectiveValue(model, key, name);
  if (!ev.occurrence) {
    return {
      list: null,
      origin: 'absent',
      originText: describeOrigin(ev),
      mode: 'absent',
      verdict:
        purpose === 'relay'
          ? 'no relay list anywhere in the inheritance chain: whether the service then allows or denies relay is not established'
          : 'no connection control: every host may connect',
      open: purpose === 'connect',
    };
  }
  const list = decodeOccurrenceList(model, ev.occurrence);
  return {
    list,
    origin: ev.origin,
    from: ev.from?.location,
    originText: describeOrigin(ev),
    occurrence: ev.occurrence,
    mode: list.mode,
    verdict: ipListVerdict(list, purpose),
    open: list.mode === 'all-except' || list.mode === 'no-list',
  };
}

/** Strips the brackets IIS puts around IP literals. */
export function stripBrackets(host: string): string {
  const t = host.trim();
  return t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1).trim() : t;
}

function domainSummary(model: MetabaseModel, key: MetabaseKey): DomainSummary {
  const name = key.location.slice(key.location.toLowerCase().lastIndexOf('/domain/') + 8);
  const ra = effectiveNumber(model, key, 'RouteAction');
  const { names, unknownBits } = flagNames(ROUTE_ACTION_FLAGS, ra.value);
  const own = (n: string): string | undefined => {
    const ev = effectiveValue(model, key, n);
    return ev.origin === 'own' ? ev.text?.trim() : undefined;
  };
  const actionString = own('RouteActionString');
  const v = ra.value;
  return {
    key,
    location: key.location,
    name,
    routeAction: v,
    routeActionNames: names,
    unknownRouteBits: unknownBits,
    actionString,
    isLocal: (v & (RA.DROP | RA.ALIAS)) !== 0,
    relayToAnyone: (v & RA.DOMAIN_RELAY) !== 0,
    authRelay: (v & RA.AUTH_RELAY) !== 0,
    smartHost: (v & RA.SMARTHOST) !== 0 ? stripBrackets(actionString || name) : undefined,
    outboundTls: (v & RA.SSL) !== 0,
    outboundBasic: (v & (RA.AUTH_CLEARTEXT | RA.SASL)) !== 0,
    outboundIntegrated: (v & RA.AUTH_NTLM) !== 0,
    passwordStored: own('RoutePassword') !== undefined,
    userName: own('RouteUserName'),
  };
}

/** Keys under the server whose class is domain (direct `Domain/<name>` children). */
export function serverDomains(model: MetabaseModel, server: MetabaseKey): MetabaseKey[] {
  const index = modelCache(model, 'domainsByServer', () => {
    const byServer = new Map<string, MetabaseKey[]>();
    for (const k of model.keys) {
      const m = /^(\/lm\/smtpsvc\/[^/]+)\/domain\/[^/]+$/.exec(k.path);
      if (!m) continue;
      const list = byServer.get(m[1]!);
      if (list) list.push(k);
      else byServer.set(m[1]!, [k]);
    }
    return byServer;
  });
  return index.get(server.path) ?? [];
}

/** The virtual server (IIsSmtpServer) a key belongs to, if any. */
export function serverOf(model: MetabaseModel, key: MetabaseKey): MetabaseKey | undefined {
  const m = /^\/lm\/smtpsvc\/\d+/.exec(key.path);
  return m ? model.byPath.get(m[0]) : undefined;
}

export function isServerKey(key: MetabaseKey): boolean {
  return key.pathDef?.keyClass === 'server' && (key.typeDef === undefined || key.typeDef.keyClass === 'server');
}

export function virtualServers(model: MetabaseModel): MetabaseKey[] {
  return modelCache(model, 'virtualServers', () => model.keys.filter(isServerKey));
}

export function summarizeVirtualServer(model: MetabaseModel, key: MetabaseKey): VirtualServerSummary {
  // A summary depends only on the server key, its ancestors, its domains and routing key. An edit
  // replaces the key objects it touches, so unchanged identities mean an unchanged summary.
  const deps: unknown[] = [model.byPath.get('/lm/smtpsvc'), model.byPath.get('/lm'), lacksServiceKey(model), model.byPath.get(`${key.path}/routingsources`), ...serverDomains(model, key)];
  const cached = summaryCache.get(key);
  if (cached && cached.deps.length === deps.length && cached.deps.every((d, i) => d === deps[i])) return cached.s;
  const s = computeSummary(model, key);
  summaryCache.set(key, { deps, s });
  return s;
}

const summaryCache = new WeakMap<MetabaseKey, { deps: unknown[]; s: VirtualServerSummary }>();

function computeSummary(model: MetabaseModel, key: MetabaseKey): VirtualServerSummary {
  const bindingsEv = effectiveValue(model, key, 'ServerBindings');
  const b = bindingsEv.text !== undefined ? decodeBindings(bindingsEv.text) : { bindings: [], errors: [] };
  const secureEv = effectiveValue(model, key, 'SecureBindings');
  const sb = secureEv.text !== undefined ? decodeBindings(secureEv.text) : { bindings: [], errors: [] };
  const auth = effectiveNumber(model, key, 'AuthFlags', 1);
  const tls = effectiveNumber(model, key, 'AccessSSLFlags');
  const routeAction = effectiveNumber(model, key, 'RouteAction');
  const ra = routeAction.value;
  const logFields = effectiveNumber(model, key, 'LogExtFileFlags');
  const fieldNames = flagNames(LOG_EXT_FILE_FLAGS, logFields.value).names;
  const smartHostRaw = effectiveString(model, key, 'SmartHost');
  const relayForAuthEv = effectiveValue(model, key, 'RelayForAuth');
  const rfaNum = relayForAuthEv.text !== undefined ? decodeDword(relayForAuthEv.text) : undefined;
  const relayForAuth = wrap(relayForAuthEv, rfaNum?.ok ? rfaNum.value !== 0 : true);
  const disableRelay = effectiveBool(model, key, 'SmtpDisableRelay', true);
  const pw = effectiveValue(model, key, 'RoutePassword');
  return {
    key,
    location: key.location,
    instanceId: key.path.slice(key.path.lastIndexOf('/') + 1),
    name: effectiveString(model, key, 'ServerComment'),
    bindings: b.bindings,
    bindingErrors: b.errors,
    secureBindings: sb.bindings,
    enabled: effectiveBool(model, key, 'ServerAutoStart', true),
    auth: {
      ...auth,
      anonymous: (auth.value & AUTH_FLAGS.bits[0]!.value) !== 0,
      basic: (auth.value & 0x2) !== 0,
      integrated: (auth.value & 0x4) !== 0,
    },
    tls: { ...tls, required: (tls.value & 0x8) !== 0, require128: (tls.value & ACCESS_SSL_FLAGS.bits[4]!.value) !== 0 },
    relay: ipListSummary(model, key, 'RelayIpList', 'relay'),
    relayForAuth,
    relayCheckDisabled: { ...disableRelay, value: !disableRelay.value },
    connectionControl: ipListSummary(model, key, 'IPSecurity', 'connect'),
    outbound: {
      smartHost: smartHostRaw ? stripBrackets(smartHostRaw) : undefined,
      smartHostType: effectiveNumber(model, key, 'SmartHostType'),
      port: effectiveNumber(model, key, 'RemoteSmtpPort', 25),
      alwaysTls: effectiveBool(model, key, 'AlwaysUseSsl', false),
      routeAction,
      auth: (ra & (RA.AUTH_CLEARTEXT | RA.SASL)) !== 0 ? 'basic' : (ra & RA.AUTH_NTLM) !== 0 ? 'integrated' : 'anonymous',
      userName: effectiveString(model, key, 'RouteUserName'),
      passwordStored: pw.origin === 'own' || pw.origin === 'inherited',
      remoteTimeoutSeconds: effectiveNumber(model, key, 'RemoteTimeout', 600),
      fqdn: effectiveString(model, key, 'FullyQualifiedDomainName'),
      masqueradeDomain: effectiveString(model, key, 'MasqueradeDomain'),
    },
    limits: {
      maxMessageSize: effectiveNumber(model, key, 'MaxMessageSize'),
      maxRecipients: effectiveNumber(model, key, 'MaxRecipients'),
      maxSessionSize: effectiveNumber(model, key, 'MaxSessionSize'),
      maxConnections: effectiveNumber(model, key, 'MaxConnections'),
      maxBatchedMessages: effectiveNumber(model, key, 'MaxBatchedMessages'),
      connectionTimeoutSeconds: effectiveNumber(model, key, 'ConnectionTimeout', 900),
      maxSmtpErrors: effectiveNumber(model, key, 'MaxSmtpErrors', 10),
      maxLogonErrors: effectiveNumber(model, key, 'MaxSmtpLogonErrors', 4),
      hopCount: effectiveNumber(model, key, 'HopCount', 15),
    },
    logging: {
      enabled: (() => {
        const lt = effectiveNumber(model, key, 'LogType', 1);
        return { ...lt, value: lt.value !== 0 };
      })(),
      fields: { ...logFields, names: fieldNames },
      missingForAssessment: ASSESSMENT_LOG_FIELDS.filter((f) => !fieldNames.includes(f)),
      directory: effectiveString(model, key, 'LogFileDirectory'),
      period: effectiveNumber(model, key, 'LogFilePeriod', 1),
      plugin: (() => {
        const ev = effectiveValue(model, key, 'LogPluginClsid');
        return wrap(ev, ev.origin === 'own' || ev.origin === 'inherited' ? ev.text?.trim() : undefined);
      })(),
    },
    domains: serverDomains(model, key).map((d) => domainSummary(model, d)),
    defaultDomain: effectiveString(model, key, 'DefaultDomain'),
    banner: effectiveString(model, key, 'ConnectResponse'),
    inheritedUnknown: lacksServiceKey(model),
  };
}

/** Summaries for every virtual server in the file. */
export function summarizeAll(model: MetabaseModel): VirtualServerSummary[] {
  return virtualServers(model).map((k) => summarizeVirtualServer(model, k));
}


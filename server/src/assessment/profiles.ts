// Turns accumulated totals into the assessment: one profile per inbound source, classified (application,
// relay denied, public, noise), the accepted domains, the outbound next hop and data-quality notes.
// Output order is deterministic: by category, then messages, then address.
import type { Assessment, AuthUse, Count, FileSummary, NextHop, OutboundSummary, QualityNote, SourceCategory, SourceProfile } from '../protocol/assessment';
import { classifyAddress } from '../common/ipClass';
import { resolveAcceptedDomains } from '../traffic/domains';
import { internetTraffic, isExternalDomain, refusalKind } from '../traffic/relay';
import { isExchangeOnlineMx, isExchangeOnlineSubmission as isExchangeOnlineSubmissionName } from '../common/exchangeOnlineHosts';
import { exchangeOnlineMxFor } from '../scriptEmitter/exchangeOnline';
import { decideRouting, isExchangeOnlineFrontEnd, isExchangeOnlineSubmission } from '../traffic/routing';
import { isOrganisationSource } from '../traffic/source';
import { NEEDED_FIELDS, type AssessmentAccumulator, type CountMap, type FileAcc, type HopAcc, type SourceAcc } from './accumulator';
import { isHostName } from '../common/hostName';
import { isDomainName } from '../traffic/domains';
import { applicationVerdict } from './verdict';
import { predictRejections, rejectionSummary, type ExoRoute } from './exoRejections';
import { dayText, isoTime as iso } from '../common/days';
import { givenUpNote } from '../smtpLog/sessions';

export interface FinalizeOptions {
  /** Accepted domains from settings or the command line; empty means "from the metabase, else inferred". */
  acceptedDomains: readonly string[];
  /** Smart host from the metabase, if one was given. */
  metabaseSmartHost?: string;
  /** The metabase says IIS always used TLS to the next hop. */
  metabaseRequireTls?: boolean;
  /** Local domains of the virtual server (metabase IIsSmtpDomain entries). */
  metabaseDomains?: readonly string[];
  /** MaxMessageSize of the virtual server in bytes (metabase), 0 or absent when unknown or unlimited. */
  metabaseMaxMessageSize?: number;
  /** Why the input is incomplete (a cancelled read, for example); unreadable files are added here. */
  partial?: readonly string[];
}

/** Count list ordered by count (descending), then key. */
export function sortedCounts(map: CountMap): Count[] {
  return [...map].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const CATEGORY_ORDER: Record<SourceCategory, number> = { application: 0, 'relay-denied': 1, inbound: 2, public: 3, noise: 4 };

function authUses(s: SourceAcc): AuthUse[] {
  const uses = new Set<AuthUse>();
  if (s.sessions > s.authenticatedSessions) uses.add('none');
  for (const kind of s.authKinds.keys()) uses.add(kind === 'login' || kind === 'plain' ? 'basic' : kind === 'ntlm' || kind === 'gssapi' ? 'integrated' : 'other');
  const order: AuthUse[] = ['none', 'basic', 'integrated', 'other'];
  return order.filter((u) => uses.has(u));
}

/** Adds n to a count map key. */
function add(map: Map<string, number>, key: string, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

function profileOf(s: SourceAcc, accepted: readonly string[], sessionsGivenUp: boolean): SourceProfile {
  const acceptedRcpt = new Map<string, number>();
  const external = new Map<string, number>();
  let anonymousExternal = 0;
  let authenticatedExternal = 0;
  let acceptedDelivered = 0;
  for (const [domains, anonymous] of [
    [s.anonDomains, true],
    [s.authDomains, false],
  ] as const) {
    for (const [d, n] of domains) {
      if (isExternalDomain(d, accepted)) {
        add(external, d, n);
        if (anonymous) anonymousExternal += n;
        else authenticatedExternal += n;
      } else {
        add(acceptedRcpt, d, n);
        acceptedDelivered += n;
      }
    }
  }
  const unconfirmedExternal = [...s.unconfirmedDomains].filter(([d]) => isExternalDomain(d, accepted)).length;
  // A 550 is a relay denial only for a domain that is not accepted; for an accepted one it is an unknown user.
  const denied = new Map<string, number>();
  const rejected = new Map<string, number>();
  for (const [d, n] of s.deniedDomains) add(d !== '(none)' && refusalKind(`x@${d}`, accepted) === 'rejected-recipient' ? rejected : denied, d, n);
  const rejectedCount = [...rejected.values()].reduce((a, b) => a + b, 0);
  const relayDenials = s.denials - rejectedCount;
  const organisation = isOrganisationSource(s.origin);
  const traffic = organisation ? '' : internetTraffic({ authenticated: authenticatedExternal > 0, externalDelivered: anonymousExternal + authenticatedExternal, acceptedDelivered });
  const category: SourceCategory =
    s.origin === 'invalid' ? 'noise' : !organisation ? (traffic === 'inbound' ? 'inbound' : 'public') : s.messages > 0 ? 'application' : relayDenials > 0 ? 'relay-denied' : 'noise';
  const senderDomains = new Set<string>();
  for (const a of s.senders.keys()) if (a.includes('@')) senderDomains.add(a.slice(a.lastIndexOf('@') + 1));
  const profile: SourceProfile = {
    address: s.address,
    addressClass: s.addressClass,
    origin: s.origin,
    category,
    heloNames: sortedCounts(s.helos).map((c) => c.key),
    usedHelo: s.heloSessions > 0,
    firstSeen: iso(s.first),
    lastSeen: iso(s.last),
    sessions: s.sessions,
    messages: s.messages,
    recipients: s.recipients,
    bytes: s.bytes,
    maxMessageSize: s.maxSize,
    messagesPerDay: [...s.perDay].sort((a, b) => a[0] - b[0]).map(([d, count]) => ({ key: dayText(d), count })),
    senders: sortedCounts(s.senders),
    senderDomains: [...senderDomains].sort(),
    acceptedRecipientDomains: sortedCounts(acceptedRcpt),
    externalRecipientDomains: sortedCounts(external),
    anonymousExternalMessages: anonymousExternal,
    unconfirmedRecipientDomains: sortedCounts(s.unconfirmedDomains),
    unknownRecipientMessages: s.unknownRecipientMessages,
    authentication: authUses(s),
    authMechanisms: sortedCounts(s.authMechanisms).map((c) => c.key),
    authenticatedSessions: s.authenticatedSessions,
    failedAuthentications: s.failedAuth,
    tlsSessions: s.tlsSessions,
    authInClearSessions: s.authInClear,
    relayDenials,
    deniedDomains: sortedCounts(denied),
    rejectedRecipients: rejectedCount,
    rejectedRecipientDomains: sortedCounts(rejected),
    rejections: sortedCounts(s.rejections),
    unrecognizedCommands: s.unrecognized,
    detailCapped: s.capped,
  };
  if (s.zoneDropped) profile.zoneDropped = true;
  if (traffic !== '') profile.internetTraffic = traffic;
  if (category === 'application') {
    // No relay right without a proven delivery to a domain that is not accepted (issue 10, item 3). Nor anonymous relay
    // on sessions that may be an authenticated one cut in two by a cap (see anonymousRelayWithheld).
    const withheld = anonymousExternal > 0 && s.authenticatedSessions > 0 && sessionsGivenUp;
    if (withheld) profile.anonymousRelayWithheld = true;
    profile.scenario = anonymousExternal > 0 && !withheld ? 'anonymous-relay' : authenticatedExternal > 0 ? 'authenticated' : withheld || s.unknownRecipientMessages > 0 || unconfirmedExternal > 0 ? 'review' : 'internal-only';
  }
  return profile;
}

function hopOf(h: HopAcc): NextHop {
  const banner = sortedCounts(h.banners).find((c) => isHostName(c.key));
  return {
    address: h.address,
    bannerHost: banner ? banner.key : '',
    recipientDomains: sortedCounts(h.recipientDomains),
    submissionRecords: h.submissionRecords,
    basicAuthCommands: h.basicAuthCommands,
    connections: h.connections,
    messages: h.messages,
    tlsConnections: h.tls,
    replies: sortedCounts(h.replies),
    nullSenderMessages: h.nullSender,
  };
}

/** A smart host value safe for a script: a validated host name or a re-printed IP ('' otherwise). */
function smartHostValue(text: string): string {
  const host = text.trim().replace(/^\[|\]$/g, '').toLowerCase();
  const ip = classifyAddress(host);
  return isHostName(host) ? host : ip.cls !== 'invalid' ? ip.canonical : '';
}

/**
 * The smart host a next hop stands for: the tenant's MX host for Exchange Online (never a front end's banner).
 * That host is derived from an accepted domain, so only from one the admin configured (settings or metabase):
 * from an inferred domain it is only a `candidate`, and the script keeps a placeholder.
 */
function hopSmartHost(hop: NextHop | undefined, acc: AssessmentAccumulator, accepted: readonly string[], domainsConfigured: boolean): { host: string; candidate: string; exchangeOnline: boolean } {
  if (!hop) return { host: '', candidate: '', exchangeOnline: false };
  if (isExchangeOnlineFrontEnd(hop.bannerHost) || isExchangeOnlineSubmission(hop)) {
    const primary = mainDomain(acc, accepted);
    const tenant = (primary && exchangeOnlineMxFor(primary)) || '';
    return { host: domainsConfigured ? tenant : '', candidate: tenant, exchangeOnline: true };
  }
  const host = smartHostValue(hop.bannerHost || hop.address);
  return { host, candidate: host, exchangeOnline: false };
}

/** Says why the tenant's MX endpoint was left a placeholder when it could only come from an inferred domain. */
function guessedTenant(summary: OutboundSummary, tenant: { host: string; candidate: string; exchangeOnline: boolean }): void {
  if (!tenant.exchangeOnline || tenant.host !== '' || tenant.candidate === '') return;
  summary.alternativeSmartHost = tenant.candidate;
  summary.explanation += ' The tenant MX endpoint comes from an accepted domain, and these are only inferred: the send connector stays commented.';
}

function outboundOf(acc: AssessmentAccumulator, accepted: readonly string[], domainsConfigured: boolean, metabaseSmartHost: string | undefined, metabaseRequireTls: boolean): OutboundSummary {
  const hops = [...acc.hops.values()].map(hopOf).sort((a, b) => b.messages - a.messages || b.connections - a.connections || (a.address < b.address ? -1 : 1));
  const messages = hops.reduce((n, h) => n + h.messages, 0);
  const fromMetabase = metabaseSmartHost !== undefined && metabaseSmartHost.trim() !== '';
  const decision = decideRouting(hops, fromMetabase);
  const summary: OutboundSummary = { mode: decision.mode, evidence: decision.evidence, explanation: decision.explanation, smartHost: '', smartHostSource: '', exchangeOnline: false, hops, messages };
  const basic = hops.filter((h) => h.basicAuthCommands > 0 && isExchangeOnlineSubmission(h));
  const metabaseSubmission = fromMetabase && isExchangeOnlineSubmissionName(metabaseSmartHost!.trim().replace(/^\[|\]$/g, ''));
  if (basic.length > 0 || metabaseSubmission) {
    const evidence = basic.length > 0 ? `${basic.reduce((n, h) => n + h.basicAuthCommands, 0)} AUTH LOGIN/PLAIN command(s) to ${basic.map((h) => h.bannerHost || h.address).join(', ')}${basic.some((h) => h.submissionRecords > 0) ? ' on port 587' : ''}` : 'the metabase smart host is Exchange Online client submission';
    summary.exchangeOnlineBasicAuth = { hops: basic.map((h) => h.address), evidence };
  }
  if (metabaseSubmission) {
    // Never carry client submission forward: the tenant's MX endpoint on port 25 replaces it.
    const tenant = hopSmartHost({ address: '', bannerHost: 'smtp.office365.com', recipientDomains: [], submissionRecords: 1, basicAuthCommands: 0, connections: 0, messages: 0, tlsConnections: 0, replies: [], nullSenderMessages: 0 }, acc, accepted, domainsConfigured);
    summary.evidence = 'exo-submission';
    summary.explanation = 'The metabase smart host is Exchange Online client submission (smtp.office365.com): the Edge relays to the MX endpoint of the tenant on port 25 instead, with TLS and a certificate, and no Basic credential.';
    summary.smartHost = tenant.host;
    summary.smartHostSource = tenant.host !== '' ? 'log' : 'placeholder';
    summary.exchangeOnline = true;
    guessedTenant(summary, tenant);
    return summary;
  }
  if (fromMetabase) {
    const value = smartHostValue(metabaseSmartHost!);
    summary.smartHost = value;
    summary.smartHostSource = value !== '' ? 'metabase' : 'placeholder';
    summary.exchangeOnline = isExchangeOnlineMx(value);
    if (metabaseRequireTls) summary.requireTls = true;
    return summary;
  }
  const chosen = hopSmartHost(decision.hop ? hops.find((h) => h.address === decision.hop!.address) : undefined, acc, accepted, domainsConfigured);
  if (decision.mode === 'smart-host') {
    summary.smartHost = chosen.host;
    summary.smartHostSource = chosen.host !== '' ? 'log' : 'placeholder';
    summary.exchangeOnline = chosen.exchangeOnline;
    guessedTenant(summary, chosen);
  } else if (decision.evidence === 'undetermined') {
    summary.ambiguous = true;
    if (chosen.candidate !== '') summary.alternativeSmartHost = chosen.candidate;
  }
  return summary;
}

/** The accepted domain most messages were sent from (ties: alphabetical), for the tenant's MX host name. */
function mainDomain(acc: AssessmentAccumulator, accepted: readonly string[]): string | undefined {
  const valid = accepted.filter((d) => isDomainName(d));
  const counts = new Map<string, number>();
  for (const s of acc.sources.values()) {
    for (const [sender, n] of s.senders) {
      const d = sender.slice(sender.lastIndexOf('@') + 1);
      if (valid.includes(d)) counts.set(d, (counts.get(d) ?? 0) + n);
    }
  }
  let best = valid[0];
  for (const d of valid) if ((counts.get(d) ?? 0) > (counts.get(best!) ?? 0)) best = d;
  return best;
}

function fileOf(f: FileAcc): FileSummary {
  const out: FileSummary = { name: f.name, format: f.format, bytes: f.bytes, lines: f.lines, records: f.records, firstSeen: iso(f.first), lastSeen: iso(f.last), missingFields: [...f.missingFields] };
  if (f.error) out.error = f.error;
  if (f.range) out.range = f.range;
  return out;
}

function qualityOf(acc: AssessmentAccumulator, sources: SourceProfile[]): QualityNote[] {
  const notes: QualityNote[] = [];
  for (const f of acc.files) {
    if (f.error) notes.push({ code: 'unreadable', message: `${f.name}: could not be read (${f.error}).` });
    for (const name of f.missingFields) {
      const need = NEEDED_FIELDS.find((n) => n.name === name);
      notes.push({ code: 'missing-field', message: `${f.name}: field ${name} is not logged, so the assessment cannot tell ${need?.loses ?? 'some facts'}.` });
    }
    if (f.localTime) notes.push({ code: 'local-time', message: `${f.name}: ${f.format.toUpperCase()} format records local time, not UTC; days follow the server's clock.` });
    if (f.undated > 0) notes.push({ code: 'undated', message: `${f.name}: ${f.undated} record(s) have no usable date or time.` });
    if (f.givenUp > 0) notes.push({ code: 'sessions-given-up', message: givenUpNote(f.name, f.givenUp) });
    if (f.records === 0 && !f.error) notes.push({ code: 'empty', message: `${f.name}: no SMTP records.` });
  }
  const days = [...acc.days].sort((a, b) => a - b);
  const gaps: string[] = [];
  for (let i = 1; i < days.length; i++) {
    if (days[i]! - days[i - 1]! > 1) gaps.push(days[i]! - days[i - 1]! === 2 ? dayText(days[i - 1]! + 1) : `${dayText(days[i - 1]! + 1)} to ${dayText(days[i]! - 1)}`);
  }
  if (gaps.length > 0) notes.push({ code: 'gap', message: `No records on ${gaps.slice(0, 10).join(', ')}${gaps.length > 10 ? ` and ${gaps.length - 10} more gaps` : ''}: missing files or logging was off; rare senders may be missed.` });
  if (days.length > 0 && days.length < 7) notes.push({ code: 'short-period', message: `Only ${days.length} day(s) of logs: monthly or quarter-end jobs may not appear. Collect at least a month before cutting over.` });
  if (acc.overflowAddresses.size > 0) notes.push({ code: 'capped', message: `${acc.overflowAddresses.size} further source address(es) (${acc.overflow.sessions} sessions, ${acc.overflow.messages} messages, ${acc.overflow.denials} relay denials) were counted but not detailed: too many distinct sources (a spam flood?).` });
  const capped = sources.filter((s) => s.detailCapped).length;
  if (capped > 0) notes.push({ code: 'detail-capped', message: `${capped} source(s) used so many distinct senders or domains that their lists were cut (counts stay exact).` });
  return notes;
}

export function finalizeAssessment(acc: AssessmentAccumulator, options: FinalizeOptions): Assessment {
  const resolved = resolveAcceptedDomains(options.acceptedDomains, options.metabaseDomains ?? [], acc.domainEvidence);
  const accepted = resolved.domains;
  const sessionsGivenUp = acc.files.some((f) => f.givenUp > 0);
  const sources = [...acc.sources.values()]
    .map((s) => profileOf(s, accepted, sessionsGivenUp))
    .sort(
      (a, b) =>
        CATEGORY_ORDER[a.category] - CATEGORY_ORDER[b.category] ||
        b.messages - a.messages ||
        b.relayDenials - a.relayDenials ||
        b.sessions - a.sessions ||
        (a.address < b.address ? -1 : a.address > b.address ? 1 : 0),
    );
  const days = [...acc.days].sort((a, b) => a - b);
  let first = NaN;
  let last = NaN;
  for (const f of acc.files) {
    if (!Number.isNaN(f.first) && !(f.first >= first)) first = f.first;
    if (!Number.isNaN(f.last) && !(f.last <= last)) last = f.last;
  }
  const count = (c: SourceCategory): number => sources.filter((s) => s.category === c).length;
  const apps = sources.filter((s) => s.category === 'application');
  const largest = apps.reduce<SourceProfile | undefined>((best, p) => (!best || p.maxMessageSize > best.maxMessageSize ? p : best), undefined);
  const partial = [...(options.partial ?? [])];
  const unread = acc.files.filter((f) => f.error).length;
  if (unread > 0) partial.push(`${unread} file(s) could not be read`);
  const summary: Assessment['summary'] = {
    firstSeen: iso(first),
    lastSeen: iso(last),
    days: days.length,
    messages: apps.reduce((n, s) => n + s.messages, 0),
    applications: apps.length,
    relayDeniedSources: count('relay-denied'),
    publicSources: count('public'),
    noiseSources: count('noise'),
    cappedSources: acc.overflowAddresses.size,
    acceptedDomains: accepted,
    acceptedDomainsInferred: resolved.source === 'inferred' || resolved.source === 'none',
    acceptedDomainSource: resolved.source,
    acceptedDomainEvidence: resolved.inferred,
    excludedDomains: resolved.excluded,
    inboundSources: count('inbound'),
    largestMessage: { bytes: largest?.maxMessageSize ?? 0, source: largest && largest.maxMessageSize > 0 ? largest.address : '' },
  };
  if (options.metabaseMaxMessageSize && options.metabaseMaxMessageSize > 0) summary.configuredMaxMessageSize = options.metabaseMaxMessageSize;
  if (partial.length > 0) summary.partial = partial;
  if (resolved.unlisted) summary.unlistedDomains = resolved.unlisted;
  const outbound = outboundOf(acc, accepted, resolved.source === 'settings' || resolved.source === 'metabase', options.metabaseSmartHost, options.metabaseRequireTls === true);
  for (const p of apps) p.verdict = applicationVerdict(p, summary.firstSeen, summary.lastSeen, outbound);
  const route: ExoRoute = { accepted, acceptedSource: resolved.source, suggested: resolved.inferred.map((d) => d.domain), outbound };
  for (const p of apps) {
    const rejections = predictRejections(p, acc.sources.get(p.address)?.senderRecipientDomains ?? new Map(), route);
    if (rejections.length > 0) p.exoRejections = rejections;
  }
  const exo = rejectionSummary(apps, route);
  if (exo) summary.exoRejections = exo;
  return {
    summary,
    sources,
    outbound,
    files: acc.files.map(fileOf),
    quality: qualityOf(acc, sources),
  };
}

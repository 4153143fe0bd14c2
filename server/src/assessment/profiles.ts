// Turns accumulated totals into the assessment: one profile per inbound source, classified (application,
// relay denied, public, noise), the accepted domains, the outbound next hop and data-quality notes.
// Output order is deterministic: by category, then messages, then address.
import type { Assessment, AuthUse, Count, FileSummary, NextHop, OutboundSummary, QualityNote, Scenario, SourceCategory, SourceProfile } from '../protocol/assessment';
import { classifyAddress } from '../common/ipClass';
import { domainMatches } from '../smtpLog/addresses';
import { NEEDED_FIELDS, type AssessmentAccumulator, type CountMap, type FileAcc, type HopAcc, type SourceAcc } from './accumulator';
import { isDomainName, isHostName } from './psText';
import { plural } from '../common/plural';

const DAY_MS = 86_400_000;
const EXO_SUFFIX = /(^|\.)(mail\.protection\.outlook\.com|protection\.outlook\.com|outlook\.com)$/;

export interface FinalizeOptions {
  /** Accepted domains from settings or the command line; empty means "infer from senders". */
  acceptedDomains: readonly string[];
  /** Smart host from the metabase, if one was given. */
  metabaseSmartHost?: string;
  /** The metabase says IIS always used TLS to the next hop. */
  metabaseRequireTls?: boolean;
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace('.000Z', 'Z') : '';
}

function dayText(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Count list ordered by count (descending), then key. */
export function sortedCounts(map: CountMap): Count[] {
  return [...map].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const CATEGORY_ORDER: Record<SourceCategory, number> = { application: 0, 'relay-denied': 1, public: 2, noise: 3 };

/** Only internal addresses can be applications; public and special-purpose ones (documentation, multicast…) never are. */
const INTERNAL_CLASSES = new Set(['private', 'loopback', 'link-local']);

function categoryOf(s: SourceAcc): SourceCategory {
  if (!INTERNAL_CLASSES.has(s.addressClass)) return s.addressClass === 'invalid' ? 'noise' : 'public';
  if (s.messages > 0) return 'application';
  if (s.denials > 0) return 'relay-denied';
  return 'noise';
}

function authUses(s: SourceAcc): AuthUse[] {
  const uses = new Set<AuthUse>();
  if (s.sessions > s.authenticatedSessions) uses.add('none');
  for (const kind of s.authKinds.keys()) uses.add(kind === 'login' || kind === 'plain' ? 'basic' : kind === 'ntlm' || kind === 'gssapi' ? 'integrated' : 'other');
  const order: AuthUse[] = ['none', 'basic', 'integrated', 'other'];
  return order.filter((u) => uses.has(u));
}

/** Accepted domains: as configured, else the valid sender domains of internal applications. */
export function inferAcceptedDomains(acc: AssessmentAccumulator): string[] {
  const domains = new Set<string>();
  for (const s of acc.sources.values()) {
    if (!INTERNAL_CLASSES.has(s.addressClass) || s.messages === 0) continue;
    for (const sender of s.senders.keys()) {
      const d = sender.slice(sender.lastIndexOf('@') + 1);
      if (sender.includes('@') && isDomainName(d)) domains.add(d);
    }
  }
  return [...domains].sort();
}

function profileOf(s: SourceAcc, accepted: readonly string[]): SourceProfile {
  const acceptedRcpt = new Map<string, number>();
  const external = new Map<string, number>();
  let anonymousExternal = 0;
  for (const [domains, anonymous] of [
    [s.anonDomains, true],
    [s.authDomains, false],
  ] as const) {
    for (const [d, n] of domains) {
      const target = domainMatches(d, accepted) ? acceptedRcpt : external;
      target.set(d, (target.get(d) ?? 0) + n);
      if (anonymous && target === external) anonymousExternal += n;
    }
  }
  const category = categoryOf(s);
  const senderDomains = new Set<string>();
  for (const a of s.senders.keys()) if (a.includes('@')) senderDomains.add(a.slice(a.lastIndexOf('@') + 1));
  const profile: SourceProfile = {
    address: s.address,
    addressClass: s.addressClass,
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
    authentication: authUses(s),
    authMechanisms: sortedCounts(s.authMechanisms).map((c) => c.key),
    authenticatedSessions: s.authenticatedSessions,
    failedAuthentications: s.failedAuth,
    tlsSessions: s.tlsSessions,
    authInClearSessions: s.authInClear,
    relayDenials: s.denials,
    deniedDomains: sortedCounts(s.deniedDomains),
    rejections: sortedCounts(s.rejections),
    unrecognizedCommands: s.unrecognized,
    detailCapped: s.capped,
  };
  if (category === 'application') profile.scenario = scenarioOf(profile, s);
  return profile;
}

/** The playbook scenario an application's traffic needs (the narrowest that carries all of it). */
function scenarioOf(p: SourceProfile, s: SourceAcc): Scenario {
  if (p.anonymousExternalMessages > 0) return 'anonymous-relay';
  if (s.authenticatedSessions > 0 && s.authDomains.size > 0) return 'authenticated';
  return 'internal-only';
}

function hopOf(h: HopAcc): NextHop {
  const banner = sortedCounts(h.banners).find((c) => isHostName(c.key));
  return {
    address: h.address,
    bannerHost: banner ? banner.key : '',
    connections: h.connections,
    messages: h.messages,
    tlsConnections: h.tls,
    replies: sortedCounts(h.replies),
    nullSenderMessages: h.nullSender,
  };
}

function outboundOf(acc: AssessmentAccumulator, accepted: readonly string[], metabaseSmartHost: string | undefined, metabaseRequireTls: boolean): OutboundSummary {
  const hops = [...acc.hops.values()].map(hopOf).sort((a, b) => b.messages - a.messages || b.connections - a.connections || (a.address < b.address ? -1 : 1));
  const messages = hops.reduce((n, h) => n + h.messages, 0);
  const exchangeOnline = hops.some((h) => EXO_SUFFIX.test(h.bannerHost));
  const summary: OutboundSummary = { mode: 'none', smartHost: '', smartHostSource: '', exchangeOnline, hops, messages };
  if (metabaseSmartHost && metabaseSmartHost.trim() !== '') {
    const host = metabaseSmartHost.trim().replace(/^\[|\]$/g, '').toLowerCase();
    // A host name is validated; an IP smart host is re-printed from the parsed address.
    const ip = classifyAddress(host);
    const value = isHostName(host) ? host : ip.cls !== 'invalid' ? ip.canonical : '';
    summary.mode = 'smart-host';
    summary.smartHost = value;
    summary.smartHostSource = value !== '' ? 'metabase' : 'placeholder';
    summary.exchangeOnline = EXO_SUFFIX.test(host);
    if (metabaseRequireTls) summary.requireTls = true;
    return summary;
  }
  if (hops.length === 0) return summary;
  const bannerHosts = new Set(hops.map((h) => (EXO_SUFFIX.test(h.bannerHost) ? 'exo' : h.bannerHost || h.address)));
  if (exchangeOnline && bannerHosts.size === 1) {
    // The tenant's MX host is never logged (only a front-end's banner is): it is derived from the main accepted domain.
    summary.mode = 'smart-host';
    const primary = mainDomain(acc, accepted);
    summary.smartHost = primary ? `${primary.replace(/\./g, '-')}.mail.protection.outlook.com` : '';
    summary.smartHostSource = primary ? 'log' : 'placeholder';
  } else if (hops.length <= 2 && bannerHosts.size === 1) {
    summary.mode = 'smart-host';
    const h = hops[0]!;
    summary.smartHost = h.bannerHost || h.address;
    summary.smartHostSource = 'log';
    // One next hop for mail to one domain is also what direct delivery to that domain's MX looks like.
    const domains = new Set<string>();
    for (const s of acc.sources.values()) for (const d of [...s.anonDomains.keys(), ...s.authDomains.keys()]) domains.add(d);
    if (domains.size < 2) summary.ambiguous = true;
  } else {
    summary.mode = 'direct';
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
    if (f.records === 0 && !f.error) notes.push({ code: 'empty', message: `${f.name}: no SMTP records.` });
  }
  const days = [...acc.days].sort((a, b) => a - b);
  const gaps: string[] = [];
  for (let i = 1; i < days.length; i++) {
    if (days[i]! - days[i - 1]! > 1) gaps.push(days[i]! - days[i - 1]! === 2 ? dayText(days[i - 1]! + 1) : `${dayText(days[i - 1]! + 1)} to ${dayText(days[i]! - 1)}`);
  }
  if (gaps.length > 0) notes.push({ code: 'gap', message: `No records on ${gaps.slice(0, 10).join(', ')}${gaps.length > 10 ? ` and ${gaps.length - 10} more gaps` : ''}: missing files or logging was off; rare senders may be missed.` });
  if (days.length > 0 && days.length < 7) notes.push({ code: 'short-period', message: `Only ${days.length} day(s) of logs: monthly or quarter-end jobs may not appear. Collect at least a month before cutting over.` });
  if (acc.overflowAddresses.size > 0) notes.push({ code: 'capped', message: `${plural(acc.overflowAddresses.size, 'further source address', 'further source addresses')} (${plural(acc.overflow.sessions, 'session', 'sessions')}, ${plural(acc.overflow.messages, 'message', 'messages')}, ${plural(acc.overflow.denials, 'relay denial', 'relay denials')}) were counted but not detailed: too many distinct sources (a spam flood?).` });
  const capped = sources.filter((s) => s.detailCapped).length;
  if (capped > 0) notes.push({ code: 'detail-capped', message: `${plural(capped, 'source', 'sources')} used so many distinct senders or domains that their lists were cut (counts stay exact).` });
  return notes;
}

export function finalizeAssessment(acc: AssessmentAccumulator, options: FinalizeOptions): Assessment {
  const configured = options.acceptedDomains.map((d) => d.trim().toLowerCase()).filter((d) => d !== '');
  const accepted = configured.length > 0 ? [...new Set(configured)].sort() : inferAcceptedDomains(acc);
  const sources = [...acc.sources.values()]
    .map((s) => profileOf(s, accepted))
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
  return {
    summary: {
      firstSeen: iso(first),
      lastSeen: iso(last),
      days: days.length,
      messages: sources.reduce((n, s) => n + (s.category === 'application' ? s.messages : 0), 0),
      applications: count('application'),
      relayDeniedSources: count('relay-denied'),
      publicSources: count('public'),
      noiseSources: count('noise'),
      cappedSources: acc.overflowAddresses.size,
      acceptedDomains: accepted,
      acceptedDomainsInferred: configured.length === 0,
    },
    sources,
    outbound: outboundOf(acc, accepted, options.metabaseSmartHost, options.metabaseRequireTls === true),
    files: acc.files.map(fileOf),
    quality: qualityOf(acc, sources),
  };
}

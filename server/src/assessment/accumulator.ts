// Running totals of an assessment: fed records and sessions as they stream by, merged across files or
// worker threads, and turned into profiles at the end (profiles.ts). Memory is bounded by the number of
// distinct sources, and per-source detail lists are capped (the caps are counted, totals stay exact).
import { hostName } from '../common/hostName';
import { boundedMemo } from '../common/memo';
import { classifyAddress } from '../common/ipClass';
import { addressDomain, authMechanism } from '../smtpLog/addresses';
import type { LogRecord, Session, SessionMessage } from '../smtpLog/types';
import { isDelivered, recipientsConfirmed } from '../traffic/delivery';
import { addEvidence, sessionDomainEvidence, type DomainEvidence } from '../traffic/domains';
import { fnv1a } from '../traffic/hash';
import { sourceOrigin, type SourceOrigin } from '../traffic/source';
import { DAY_MS } from '../common/days';

export { isDelivered } from '../traffic/delivery';

/**
 * Internal and public sources detailed at most. Past a cap, the sources kept are those with the smallest
 * (hash, address) rank: a rule that does not depend on the order sessions arrive in, so files, byte ranges and
 * worker threads can be merged in any grouping with the same result. The others only add to the overflow totals.
 */
export const MAX_SOURCES = 5000;
/** Public sources are mostly spam floods of one-shot addresses: fewer are detailed. */
export const MAX_PUBLIC_SOURCES = 500;
/** Distinct overflow addresses remembered (for the count of sources not detailed). */
const MAX_OVERFLOW_ADDRESSES = 100_000;
/** Distinct values kept per detail list of one source. */
export const MAX_DETAIL = 200;

/** A counting map that stops adding new keys at a cap (existing keys still count). */
export type CountMap = Map<string, number>;

function bump(map: CountMap, key: string, by: number, cap: number): boolean {
  const v = map.get(key);
  if (v !== undefined) map.set(key, v + by);
  else if (map.size < cap) map.set(key, by);
  else return false;
  return true;
}

export interface SourceAcc {
  address: string;
  addressClass: string;
  /** traffic/source.ts: loopback, local (c-ip = s-ip), internal, public or invalid. */
  origin: SourceOrigin;
  /** The log wrote the address with an IPv6 zone index, dropped here. */
  zoneDropped: boolean;
  /** Public (not internal) sources have their own cap. */
  isPublic: boolean;
  /** FNV-1a hash of the address: with the address, the order-independent rank used by the caps. */
  rank: number;
  helos: CountMap;
  heloSessions: number;
  sessions: number;
  first: number;
  last: number;
  messages: number;
  /** Day number (UTC ms / 86400000) → messages. */
  perDay: Map<number, number>;
  recipients: number;
  bytes: number;
  maxSize: number;
  senders: CountMap;
  /** Recipient domains of messages delivered anonymously / after authentication (status codes logged). */
  anonDomains: CountMap;
  authDomains: CountMap;
  /** Recipient domains of messages delivered without status codes (sc-status not logged): acceptance unproven. */
  unconfirmedDomains: CountMap;
  /** Delivered messages with no readable recipient (cs-uri-query not logged, RCPT records missing). */
  unknownRecipientMessages: number;
  /**
   * Messages by (MAIL FROM domain, accepted recipient domain), status codes logged: `senderRecipientKey`. What
   * Exchange Online's sender-domain rules read (assessment/exoRejections.ts); '' is the null sender `<>`.
   */
  senderRecipientDomains: CountMap;
  authKinds: CountMap;
  authMechanisms: CountMap;
  authenticatedSessions: number;
  failedAuth: number;
  tlsSessions: number;
  authInClear: number;
  denials: number;
  deniedDomains: CountMap;
  rejections: CountMap;
  unrecognized: number;
  mailAttempts: number;
  capped: boolean;
}

export interface HopAcc {
  address: string;
  banners: CountMap;
  /** Recipient domains of the RCPT commands sent to this hop. */
  recipientDomains: CountMap;
  /** Outbound records to port 587 (client submission, e.g. smtp.office365.com). */
  submissionRecords: number;
  /** AUTH LOGIN/PLAIN commands this server sent to the hop (Basic authentication). */
  basicAuthCommands: number;
  connections: number;
  messages: number;
  tls: number;
  replies: CountMap;
  nullSender: number;
}

export interface FileAcc {
  name: string;
  format: string;
  bytes: number;
  lines: number;
  records: number;
  first: number;
  last: number;
  missingFields: string[];
  localTime: boolean;
  undated: number;
  /** Sessions given up unterminated to bound memory (smtpLog/sessions.ts MAX_OPEN_SESSIONS). */
  givenUp: number;
  error?: string;
  range?: string;
}

/** Fields some answers need, and what is lost without them. */
export const NEEDED_FIELDS: readonly { name: string; loses: string }[] = [
  { name: 'date', loses: 'messages per day (unless #Date gives the day)' },
  { name: 'time', loses: 'first/last seen times' },
  { name: 'c-ip', loses: 'which application sent what (no source address)' },
  { name: 'cs-method', loses: 'every SMTP command' },
  { name: 'cs-uri-query', loses: 'senders, recipients, HELO names and auth mechanisms' },
  { name: 'sc-status', loses: 'accepted vs refused recipients and messages' },
  { name: 'cs-bytes', loses: 'message sizes' },
  { name: 'cs-username', loses: 'the outbound/inbound marker and HELO names of some records' },
];

function newSource(address: string, addressClass: string, origin: SourceOrigin, zoneDropped: boolean): SourceAcc {
  return {
    address,
    addressClass,
    origin,
    zoneDropped,
    isPublic: isPublicOrigin(origin),
    rank: rankOf(address),
    helos: new Map(),
    heloSessions: 0,
    sessions: 0,
    first: NaN,
    last: NaN,
    messages: 0,
    perDay: new Map(),
    recipients: 0,
    bytes: 0,
    maxSize: 0,
    senders: new Map(),
    anonDomains: new Map(),
    authDomains: new Map(),
    unconfirmedDomains: new Map(),
    unknownRecipientMessages: 0,
    senderRecipientDomains: new Map(),
    authKinds: new Map(),
    authMechanisms: new Map(),
    authenticatedSessions: 0,
    failedAuth: 0,
    tlsSessions: 0,
    authInClear: 0,
    denials: 0,
    deniedDomains: new Map(),
    rejections: new Map(),
    unrecognized: 0,
    mailAttempts: 0,
    capped: false,
  };
}

function minTime(a: number, b: number): number {
  return Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b);
}
function maxTime(a: number, b: number): number {
  return Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b);
}

const AUTH_MECHANISM_NAME: Record<string, string> = { login: 'LOGIN', plain: 'PLAIN', ntlm: 'NTLM', gssapi: 'GSSAPI', other: 'OTHER' };

export class AssessmentAccumulator {
  readonly sources = new Map<string, SourceAcc>();
  readonly hops = new Map<string, HopAcc>();
  readonly files: FileAcc[] = [];
  /** Days (UTC day numbers) with at least one record. */
  readonly days = new Set<number>();
  /** Accepted-domain evidence of every inbound session (traffic/domains.ts), detailed or not. */
  readonly domainEvidence: DomainEvidence = new Map();
  overflow = { sessions: 0, messages: 0, denials: 0 };
  /** Addresses of sources not detailed (bounded). */
  overflowAddresses = new Set<string>();
  publicSources = 0;
  internalSources = 0;
  /** The worst-ranked detailed source of each pool, found again after an eviction. */
  private worst: { public?: SourceAcc; internal?: SourceAcc } = {};
  private current: FileAcc | undefined;
  private lastDay = NaN;

  /** Starts the facts of one file (or document). */
  beginFile(name: string, format: string, bytes: number): FileAcc {
    const f: FileAcc = { name, format, bytes, lines: 0, records: 0, first: NaN, last: NaN, missingFields: [], localTime: false, undated: 0, givenUp: 0 };
    this.files.push(f);
    this.current = f;
    return f;
  }

  /** Notes a `#Fields` layout (missing fields are recorded once per file). */
  addLayout(names: readonly string[]): void {
    const f = this.current;
    if (!f) return;
    for (const need of NEEDED_FIELDS) {
      if (!names.includes(need.name) && !f.missingFields.includes(need.name)) f.missingFields.push(need.name);
    }
  }

  addRecord(r: LogRecord): void {
    this.noteRecord(r.time, r.localTime);
    if (r.direction === 'out-response') this.noteReply(r.clientIp, r.query);
    if (r.direction === 'out-command' && (r.serverPort === 587 || r.verb === 'AUTH')) this.noteSubmission(r);
  }

  /** Outbound client submission (port 587) and Basic AUTH to a next hop: the Exchange Online Basic SMTP AUTH dependency. */
  noteSubmission(r: Pick<LogRecord, 'clientIp' | 'serverPort' | 'verb' | 'query'>): void {
    const hop = this.hop(r.clientIp);
    if (!hop) return;
    if (r.serverPort === 587) hop.submissionRecords++;
    if (r.verb === 'AUTH') {
      const mech = authMechanism(r.query);
      if (mech === 'LOGIN' || mech === 'PLAIN') hop.basicAuthCommands++;
    }
  }

  /** Counts one record of the current file at `time` (NaN when it has none). */
  noteRecord(time: number, localTime: boolean): void {
    const f = this.current;
    if (f) {
      f.records++;
      if (localTime) f.localTime = true;
      if (Number.isNaN(time)) f.undated++;
      else {
        if (!(time >= f.first)) f.first = time;
        if (!(time <= f.last)) f.last = time;
      }
    }
    if (!Number.isNaN(time)) {
      const day = Math.floor(time / DAY_MS);
      if (day !== this.lastDay) {
        this.days.add(day);
        this.lastDay = day;
      }
    }
  }

  /** An outbound reply: the next hop's name is only in its 220 banner (outbound records carry just the remote IP). */
  noteReply(ip: string, query: string): void {
    if (!query.startsWith('220+')) return;
    const end = query.indexOf('+', 4);
    const host = query.slice(4, end < 0 ? undefined : end);
    // The one host-name rule (the only reader, profiles.ts, needs a usable smart-host name): a token that is
    // not a host name never takes one of the five banner slots.
    const name = bannerHost(host);
    if (name !== null) {
      const hop = this.hop(ip);
      if (hop) bump(hop.banners, name, 1, 5);
    }
  }

  addSession(s: Session): void {
    if (s.direction === 'out') this.addOutbound(s);
    else this.addInbound(s);
  }

  private hop(ip: string): HopAcc | undefined {
    const c = classifyAddress(ip);
    const address = c.cls === 'invalid' ? '' : c.canonical;
    let h = this.hops.get(address);
    if (!h) {
      if (this.hops.size >= MAX_SOURCES) return undefined;
      h = { address, banners: new Map(), recipientDomains: new Map(), submissionRecords: 0, basicAuthCommands: 0, connections: 0, messages: 0, tls: 0, replies: new Map(), nullSender: 0 };
      this.hops.set(address, h);
    }
    return h;
  }

  private addOutbound(s: Session): void {
    let messages = 0;
    let nullSender = 0;
    const domains: string[] = [];
    for (const m of s.messages) {
      if (m.dataStatus === 250) {
        messages++;
        if (m.from === '') nullSender++;
      }
      for (const a of m.accepted) domains.push(addressDomain(a));
      for (const r of m.refused) domains.push(addressDomain(r.address));
    }
    this.addConnection(s.clientIp, s.tls, s.remoteReplies, messages, nullSender, domains);
  }

  /** One outbound connection's facts (from a session, or from the OutboundTracker). */
  addConnection(ip: string, tls: boolean, replies: readonly number[], messages: number, nullSender: number, recipientDomains: readonly string[] = []): void {
    const h = this.hop(ip);
    if (!h) return;
    for (const d of recipientDomains) if (d !== '') bump(h.recipientDomains, d, 1, MAX_DETAIL);
    h.connections++;
    if (tls) h.tls++;
    for (const code of replies) bump(h.replies, String(code), 1, 50);
    h.messages += messages;
    h.nullSender += nullSender;
  }

  private addInbound(s: Session): void {
    for (const k of sessionDomainEvidence(s)) addEvidence(this.domainEvidence, k);
    const c = sourceOrigin(s.clientIp, s.serverIp);
    const address = c.address;
    let src = this.sources.get(address);
    if (src && c.origin === 'local' && src.origin !== 'local') {
      // An address first seen from another server of the log, then as this server's own: it is local.
      src.origin = 'local';
    }
    if (!src) {
      // Asked before a source is built: a spam run's addresses are refused by the thousand, each would cost a
      // record of ten maps.
      if (!this.admits(address, isPublicOrigin(c.origin))) {
        this.noteOverflow(address, 1, deliveredCount(s), deniedCount(s));
        return;
      }
      src = newSource(address, c.addressClass, c.origin, c.zoneDropped);
      this.add(src);
    }
    src.sessions++;
    src.first = minTime(src.first, s.startTime);
    src.last = maxTime(src.last, s.endTime);
    if (s.helo !== '') {
      if (!bump(src.helos, s.helo.slice(0, 255), 1, 20)) src.capped = true;
    }
    if (s.helo !== '' && !s.usedEhlo) src.heloSessions++;
    if (s.tls) src.tlsSessions++;
    if (s.authInClear) src.authInClear++;
    src.unrecognized += s.unrecognized;
    const authenticated = s.auth !== 'none' && s.authStatus === 235;
    if (s.auth !== 'none') {
      if (authenticated) {
        src.authenticatedSessions++;
        bump(src.authKinds, s.auth, 1, 10);
        bump(src.authMechanisms, AUTH_MECHANISM_NAME[s.auth] ?? 'OTHER', 1, 10);
      } else {
        src.failedAuth++;
        if (s.authStatus >= 400) bump(src.rejections, String(s.authStatus), 1, 50);
      }
    }
    for (const m of s.messages) {
      if (m.mailLine >= 0 && m.mailStatus !== -1) src.mailAttempts++;
      if (m.mailStatus >= 400) bump(src.rejections, String(m.mailStatus), 1, 50);
      for (const d of m.denied) {
        src.denials++;
        if (!bump(src.deniedDomains, addressDomain(d.address) || '(none)', 1, MAX_DETAIL)) src.capped = true;
      }
      for (const r of m.refused) bump(src.rejections, String(r.status), 1, 50);
      if (m.dataStatus >= 400) bump(src.rejections, String(m.dataStatus), 1, 50);
      if (!isDelivered(m)) continue;
      src.messages++;
      src.recipients += m.accepted.length;
      if (m.size > 0) {
        src.bytes += m.size;
        if (m.size > src.maxSize) src.maxSize = m.size;
      }
      if (!Number.isNaN(m.time)) {
        const day = Math.floor(m.time / DAY_MS);
        src.perDay.set(day, (src.perDay.get(day) ?? 0) + 1);
      }
      if (!bump(src.senders, m.from, 1, MAX_DETAIL)) src.capped = true;
      this.addRecipients(src, m, authenticated);
    }
  }

  /** Recipient domains of a delivered message: proven (status logged), unproven, or unknown. */
  private addRecipients(src: SourceAcc, m: SessionMessage, authenticated: boolean): void {
    const confirmed = recipientsConfirmed(m);
    const domains = confirmed ? (authenticated ? src.authDomains : src.anonDomains) : src.unconfirmedDomains;
    let known = 0;
    const from = confirmed ? addressDomain(m.from) : '';
    // One count per message and recipient domain (most messages have one recipient: no set for them).
    let seen: Set<string> | undefined;
    for (const a of m.accepted) {
      const d = addressDomain(a);
      if (d === '') continue;
      known++;
      if (!bump(domains, d, 1, MAX_DETAIL)) src.capped = true;
      if (!confirmed) continue;
      if (m.accepted.length > 1) {
        seen ??= new Set<string>();
        if (seen.has(d)) continue;
        seen.add(d);
      }
      if (!bump(src.senderRecipientDomains, senderRecipientKey(from, d), 1, MAX_DETAIL)) src.capped = true;
    }
    if (known === 0) src.unknownRecipientMessages++;
  }

  /** Whether a new source of this address would be detailed: its pool has room, or it ranks before the pool's worst. */
  private admits(address: string, isPublic: boolean): boolean {
    if (!this.poolFull(isPublic)) return true;
    const worst = this.worstOf(isPublic);
    return worst !== undefined && ranksBefore({ rank: rankOf(address), address }, worst);
  }

  private poolFull(isPublic: boolean): boolean {
    return isPublic ? this.publicSources >= MAX_PUBLIC_SOURCES : this.internalSources >= MAX_SOURCES;
  }

  /** Whether a new source is detailed (evicting the worst-ranked one of a full pool if it ranks better). */
  private admit(src: SourceAcc): boolean {
    if (!this.admits(src.address, src.isPublic)) return false;
    this.add(src);
    return true;
  }

  /** Details a source that `admits` let in, evicting the worst-ranked one of a full pool. */
  private add(src: SourceAcc): void {
    if (this.poolFull(src.isPublic)) this.evict(this.worstOf(src.isPublic)!);
    this.sources.set(src.address, src);
    if (src.isPublic) this.publicSources++;
    else this.internalSources++;
    const w = src.isPublic ? this.worst.public : this.worst.internal;
    if (w && ranksBefore(w, src)) {
      if (src.isPublic) this.worst.public = src;
      else this.worst.internal = src;
    }
  }

  private worstOf(isPublic: boolean): SourceAcc | undefined {
    let w = isPublic ? this.worst.public : this.worst.internal;
    if (!w) {
      for (const s of this.sources.values()) if (s.isPublic === isPublic && (!w || ranksBefore(w, s))) w = s;
      if (isPublic) this.worst.public = w;
      else this.worst.internal = w;
    }
    return w;
  }

  private evict(src: SourceAcc): void {
    this.sources.delete(src.address);
    if (src.isPublic) {
      this.publicSources--;
      this.worst.public = undefined;
    } else {
      this.internalSources--;
      this.worst.internal = undefined;
    }
    this.noteOverflow(src.address, src.sessions, src.messages, src.denials);
  }

  private noteOverflow(address: string, sessions: number, messages: number, denials: number): void {
    if (this.overflowAddresses.size < MAX_OVERFLOW_ADDRESSES) this.overflowAddresses.add(address);
    this.overflow.sessions += sessions;
    this.overflow.messages += messages;
    this.overflow.denials += denials;
  }

  /** Adds another accumulator's totals (another file, a worker's result). */
  merge(other: AssessmentAccumulator): void {
    for (const f of other.files) this.files.push(f);
    this.mergeTotals(other);
  }

  /**
   * Adds the next byte range of the same file (read by another thread): its file facts are summed into this
   * accumulator's last file instead of being listed again.
   */
  mergeRange(other: AssessmentAccumulator): void {
    const mine = this.files[this.files.length - 1];
    for (const f of other.files) {
      if (!mine) {
        this.files.push(f);
        continue;
      }
      mine.bytes += f.bytes;
      mine.lines += f.lines;
      mine.records += f.records;
      mine.undated += f.undated;
      mine.givenUp += f.givenUp;
      mine.first = minTime(mine.first, f.first);
      mine.last = maxTime(mine.last, f.last);
      mine.localTime = mine.localTime || f.localTime;
      if (mine.format === '') mine.format = f.format;
      for (const m of f.missingFields) if (!mine.missingFields.includes(m)) mine.missingFields.push(m);
      if (!mine.error && f.error) mine.error = f.error;
    }
    this.mergeTotals(other);
  }

  private mergeTotals(other: AssessmentAccumulator): void {
    for (const d of other.days) this.days.add(d);
    for (const [k, n] of other.domainEvidence) addEvidence(this.domainEvidence, k, n);
    this.overflow.sessions += other.overflow.sessions;
    this.overflow.messages += other.overflow.messages;
    this.overflow.denials += other.overflow.denials;
    for (const a of other.overflowAddresses) if (this.overflowAddresses.size < MAX_OVERFLOW_ADDRESSES) this.overflowAddresses.add(a);
    for (const [k, o] of other.hops) {
      const h = this.hops.get(k);
      if (h) mergeHop(h, o);
      else if (this.hops.size < MAX_SOURCES) this.hops.set(k, o);
    }
    for (const [k, o] of other.sources) {
      const s = this.sources.get(k);
      if (s) mergeSource(s, o);
      else if (!this.admit(o)) this.noteOverflow(o.address, o.sessions, o.messages, o.denials);
    }
  }

  /** Rebuilds an accumulator from its structured clone (what a worker thread posts back). */
  static fromClone(data: unknown): AssessmentAccumulator {
    const d = data as AssessmentAccumulator;
    const acc = new AssessmentAccumulator();
    for (const [k, v] of d.sources) acc.sources.set(k, v);
    for (const [k, v] of d.hops) acc.hops.set(k, v);
    acc.files.push(...d.files);
    for (const day of d.days) acc.days.add(day);
    for (const [k, n] of d.domainEvidence) acc.domainEvidence.set(k, n);
    acc.overflow = { ...d.overflow };
    for (const a of d.overflowAddresses) acc.overflowAddresses.add(a);
    acc.publicSources = d.publicSources;
    acc.internalSources = d.internalSources;
    return acc;
  }
}

/**
 * The key of a (sender domain, recipient domain) count: a line break never occurs in a log line's values. The keys
 * already built are kept by sender then recipient domain (see evidenceKey in traffic/domains.ts for why), at most
 * 1,000 x 256 of them: a hostile log's endless pairs must not grow the memo past a few megabytes.
 */
const pairKeys = boundedMemo((sender) => boundedMemo((recipient) => `${sender}\n${recipient}`, { limit: 256 }), { limit: 1_000 });

export function senderRecipientKey(senderDomain: string, recipientDomain: string): string {
  return pairKeys(senderDomain)(recipientDomain);
}

/** The two domains of a `senderRecipientKey`. */
export function splitSenderRecipientKey(key: string): { sender: string; recipient: string } {
  const cut = key.indexOf('\n');
  return { sender: key.slice(0, cut), recipient: key.slice(cut + 1) };
}

/** hostName of each banner host seen (a relay server logs the same one or two next hops all day). */
const bannerHost = boundedMemo(hostName, { limit: 10_000 });

/** FNV-1a over the address's characters. */
const rankOf = fnv1a;

/** Sources kept in the public pool: Internet hosts, and addresses that do not parse. */
function isPublicOrigin(origin: SourceOrigin): boolean {
  return origin === 'public' || origin === 'invalid';
}

function ranksBefore(a: Pick<SourceAcc, 'rank' | 'address'>, b: Pick<SourceAcc, 'rank' | 'address'>): boolean {
  return a.rank !== b.rank ? a.rank < b.rank : a.address < b.address;
}

function deliveredCount(s: Session): number {
  let n = 0;
  for (const m of s.messages) if (isDelivered(m)) n++;
  return n;
}

function deniedCount(s: Session): number {
  let n = 0;
  for (const m of s.messages) n += m.denied.length;
  return n;
}

function mergeCounts<K>(into: Map<K, number>, from: Map<K, number>, cap: number): boolean {
  let complete = true;
  for (const [k, v] of from) {
    const cur = into.get(k);
    if (cur !== undefined) into.set(k, cur + v);
    else if (into.size < cap) into.set(k, v);
    else complete = false;
  }
  return complete;
}

function mergeHop(h: HopAcc, o: HopAcc): void {
  mergeCounts(h.banners, o.banners, 5);
  mergeCounts(h.recipientDomains, o.recipientDomains, MAX_DETAIL);
  h.submissionRecords += o.submissionRecords;
  h.basicAuthCommands += o.basicAuthCommands;
  mergeCounts(h.replies, o.replies, 50);
  h.connections += o.connections;
  h.messages += o.messages;
  h.tls += o.tls;
  h.nullSender += o.nullSender;
}

function mergeSource(s: SourceAcc, o: SourceAcc): void {
  let complete = true;
  complete = mergeCounts(s.helos, o.helos, 20) && complete;
  s.heloSessions += o.heloSessions;
  s.sessions += o.sessions;
  s.first = minTime(s.first, o.first);
  s.last = maxTime(s.last, o.last);
  s.messages += o.messages;
  mergeCounts(s.perDay, o.perDay, Number.MAX_SAFE_INTEGER);
  s.recipients += o.recipients;
  s.bytes += o.bytes;
  s.maxSize = Math.max(s.maxSize, o.maxSize);
  complete = mergeCounts(s.senders, o.senders, MAX_DETAIL) && complete;
  complete = mergeCounts(s.anonDomains, o.anonDomains, MAX_DETAIL) && complete;
  complete = mergeCounts(s.authDomains, o.authDomains, MAX_DETAIL) && complete;
  complete = mergeCounts(s.unconfirmedDomains, o.unconfirmedDomains, MAX_DETAIL) && complete;
  s.unknownRecipientMessages += o.unknownRecipientMessages;
  complete = mergeCounts(s.senderRecipientDomains, o.senderRecipientDomains, MAX_DETAIL) && complete;
  if (o.origin === 'local') s.origin = 'local';
  s.zoneDropped = s.zoneDropped || o.zoneDropped;
  mergeCounts(s.authKinds, o.authKinds, 10);
  mergeCounts(s.authMechanisms, o.authMechanisms, 10);
  s.authenticatedSessions += o.authenticatedSessions;
  s.failedAuth += o.failedAuth;
  s.tlsSessions += o.tlsSessions;
  s.authInClear += o.authInClear;
  s.denials += o.denials;
  complete = mergeCounts(s.deniedDomains, o.deniedDomains, MAX_DETAIL) && complete;
  mergeCounts(s.rejections, o.rejections, 50);
  s.unrecognized += o.unrecognized;
  s.mailAttempts += o.mailAttempts;
  s.capped = s.capped || o.capped || !complete;
}

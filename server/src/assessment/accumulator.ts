// Running totals of an assessment: fed records and sessions as they stream by, merged across files or
// worker threads, and turned into profiles at the end (profiles.ts). Memory is bounded by the number of
// distinct sources, and per-source detail lists are capped (the caps are counted, totals stay exact).
import { classifyAddress } from '../common/ipClass';
import { addressDomain } from '../smtpLog/addresses';
import type { LogRecord, Session } from '../smtpLog/types';

/** Detailed sources kept; later new sources only add to the overflow counters. */
export const MAX_SOURCES = 5000;
/** Public sources are mostly spam floods of one-shot addresses: fewer are detailed. */
export const MAX_PUBLIC_SOURCES = 500;
/** Distinct values kept per detail list of one source. */
export const MAX_DETAIL = 200;

const DAY_MS = 86_400_000;

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
  /** Recipient domains of messages delivered anonymously / after authentication. */
  anonDomains: CountMap;
  authDomains: CountMap;
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

function newSource(address: string, addressClass: string): SourceAcc {
  return {
    address,
    addressClass,
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
const HOST_TOKEN = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;

export class AssessmentAccumulator {
  readonly sources = new Map<string, SourceAcc>();
  readonly hops = new Map<string, HopAcc>();
  readonly files: FileAcc[] = [];
  /** Days (UTC day numbers) with at least one record. */
  readonly days = new Set<number>();
  overflow = { sources: 0, sessions: 0, messages: 0, denials: 0 };
  publicSources = 0;
  private current: FileAcc | undefined;
  private lastDay = NaN;

  /** Starts the facts of one file (or document). */
  beginFile(name: string, format: string, bytes: number): FileAcc {
    const f: FileAcc = { name, format, bytes, lines: 0, records: 0, first: NaN, last: NaN, missingFields: [], localTime: false, undated: 0 };
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
    if (HOST_TOKEN.test(host) && /[A-Za-z]/.test(host) && host.includes('.')) {
      const hop = this.hop(ip);
      if (hop) bump(hop.banners, host.toLowerCase(), 1, 5);
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
      h = { address, banners: new Map(), connections: 0, messages: 0, tls: 0, replies: new Map(), nullSender: 0 };
      this.hops.set(address, h);
    }
    return h;
  }

  private addOutbound(s: Session): void {
    let messages = 0;
    let nullSender = 0;
    for (const m of s.messages) {
      if (m.dataStatus === 250) {
        messages++;
        if (m.from === '') nullSender++;
      }
    }
    this.addConnection(s.clientIp, s.tls, s.remoteReplies, messages, nullSender);
  }

  /** One outbound connection's facts (from a session, or from the OutboundTracker). */
  addConnection(ip: string, tls: boolean, replies: readonly number[], messages: number, nullSender: number): void {
    const h = this.hop(ip);
    if (!h) return;
    h.connections++;
    if (tls) h.tls++;
    for (const code of replies) bump(h.replies, String(code), 1, 50);
    h.messages += messages;
    h.nullSender += nullSender;
  }

  private addInbound(s: Session): void {
    const c = classifyAddress(s.clientIp);
    const address = c.cls === 'invalid' ? '' : c.canonical;
    let src = this.sources.get(address);
    if (!src) {
      const isPublic = c.cls !== 'private' && c.cls !== 'loopback' && c.cls !== 'link-local';
      if (this.sources.size >= MAX_SOURCES || (isPublic && this.publicSources >= MAX_PUBLIC_SOURCES)) {
        this.overflow.sources += this.overflowSeen(address);
        this.overflow.sessions++;
        for (const m of s.messages) {
          if (m.dataStatus === 250) this.overflow.messages++;
          this.overflow.denials += m.denied.length;
        }
        return;
      }
      if (isPublic) this.publicSources++;
      src = newSource(address, c.cls === 'invalid' ? 'invalid' : c.cls);
      this.sources.set(address, src);
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
      // A DATA record without a status (sc-status not logged) still stands for a message sent.
      if (m.dataStatus !== 250 && !(m.dataStatus === -1 && m.dataLine >= 0)) continue;
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
      const domains = authenticated ? src.authDomains : src.anonDomains;
      for (const a of m.accepted) {
        if (!bump(domains, addressDomain(a) || '(none)', 1, MAX_DETAIL)) src.capped = true;
      }
    }
  }

  private overflowSeen(_address: string): number {
    // Without keeping the address we cannot tell repeats apart; count sessions of unknown sources as sources.
    return 1;
  }

  /** Adds another accumulator's totals (from another file or a worker), in a deterministic order. */
  merge(other: AssessmentAccumulator): void {
    for (const f of other.files) this.files.push(f);
    for (const d of other.days) this.days.add(d);
    this.overflow.sources += other.overflow.sources;
    this.overflow.sessions += other.overflow.sessions;
    this.overflow.messages += other.overflow.messages;
    this.overflow.denials += other.overflow.denials;
    for (const [k, o] of other.hops) {
      const h = this.hops.get(k);
      if (!h) {
        this.hops.set(k, o);
        continue;
      }
      mergeCounts(h.banners, o.banners, 5);
      mergeCounts(h.replies, o.replies, 50);
      h.connections += o.connections;
      h.messages += o.messages;
      h.tls += o.tls;
      h.nullSender += o.nullSender;
    }
    for (const [k, o] of other.sources) {
      const s = this.sources.get(k);
      if (!s) {
        if (this.sources.size >= MAX_SOURCES) {
          this.overflow.sources++;
          this.overflow.sessions += o.sessions;
          this.overflow.messages += o.messages;
          this.overflow.denials += o.denials;
          continue;
        }
        if (o.addressClass !== 'private' && o.addressClass !== 'loopback' && o.addressClass !== 'link-local') this.publicSources++;
        this.sources.set(k, o);
        continue;
      }
      mergeSource(s, o);
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
    acc.overflow = { ...d.overflow };
    acc.publicSources = d.publicSources;
    return acc;
  }
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

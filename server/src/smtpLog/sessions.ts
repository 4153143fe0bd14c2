// Groups records into SMTP sessions. Logs carry no session id, so this follows the reference's
// heuristics: inbound sessions are keyed by client and server address, opened by HELO/EHLO and closed by
// the QUIT/240 record; outbound connections are keyed by the remote address and run from a 220 banner
// to the reply after QUIT. Records stream in one at a time, so files of any size work.
import { authMechanism, envelopeAddress, replyCodeOf } from './addresses';
import type { AuthKind, LogRecord, Session, SessionMessage } from './types';

/** A gap this long between two records of one client starts a new session (IIS times out idle ones far sooner). */
export const MAX_IDLE_MS = 30 * 60 * 1000;
/**
 * A 220 reply that does not answer STARTTLS (`lastCommand`: the remote address's previous command): a banner,
 * which opens a new outbound connection whatever was open before it.
 */
export function isBanner(code: number, lastCommand: string): boolean {
  return code === 220 && lastCommand !== 'STARTTLS';
}

/**
 * Whether an outbound reply (`code`, at `time`) to an address with a connection open (its last command, and its
 * last record at `endTime`) opens a new one: it is a banner, or the open one has been idle longer than
 * MAX_IDLE_MS. A reply with nothing open opens one too. The one rule for SessionBuilder and the assessment's
 * OutboundTracker.
 */
export function replyOpensConnection(lastCommand: string, endTime: number, code: number, time: number): boolean {
  return isBanner(code, lastCommand) || (!Number.isNaN(time) && !Number.isNaN(endTime) && time - endTime > MAX_IDLE_MS);
}

/** Parallel connections kept open per client address before the oldest is given up as unterminated. */
const MAX_OPEN_PER_KEY = 64;
/**
 * Server addresses (with their sites) a client keeps sessions open with at once; past it the least recently active
 * one's sessions are given up as unterminated. IIS listens on a few addresses; a crafted log of one client and
 * 40,000 server addresses made every record scan them all (check: 7.3 s, and 4x per doubling).
 */
const MAX_SERVERS_PER_CLIENT = 16;
/** Addresses kept, at least, before those with nothing open are swept out (see sweep). */
const MIN_SWEEP_AT = 1024;
/**
 * Inbound sessions a file reader keeps open at once (SessionBuilder's `capOpen`); past it the oldest are given up
 * unterminated. Nothing else bounds them in a log without times (no idle limit to time them out) or in a spam run
 * faster than the idle limit. Above what the bench's spam run holds open within the idle limit (23k), so its grouping
 * stays exact; a log without times of 130 MB held 59k open (check: 213 MB RSS, 323 MB at 260 MB).
 */
export const MAX_OPEN_SESSIONS = 1 << 15;
/** New inbound sessions between two counts of the open ones (each count walks the client addresses). */
const COUNT_OPEN_EVERY = MAX_OPEN_SESSIONS >> 2;
/**
 * Outbound connections a file reader keeps open at once, one per remote address (SessionBuilder's `capOpen`, the
 * assessment's OutboundTracker): a relay's next hops are a smart host or the recipients' MX hosts, hundreds at most;
 * a crafted log of 500k remote addresses that never QUIT took check to 554 MB.
 */
export const MAX_OPEN_CONNECTIONS = 1 << 14;
/** New outbound connections between two counts of the open ones. */
export const COUNT_CONNECTIONS_EVERY = MAX_OPEN_CONNECTIONS >> 2;

/**
 * Of `open` (sessions or connections, `span` giving their first and last lines), those to give up past `cap`: all
 * but the half-cap most recently active (a few more stay on ties), in file order. None at or below the cap. The
 * one rule for SessionBuilder's caps and the assessment's OutboundTracker.
 */
export function staleBeyondCap<T>(open: readonly T[], span: (item: T) => { firstLine: number; lastLine: number }, cap: number): T[] {
  if (open.length <= cap) return [];
  const lastLines = Float64Array.from(open, (item) => span(item).lastLine).sort();
  const keepFrom = lastLines[open.length - (cap >> 1)]!;
  return open.filter((item) => span(item).lastLine < keepFrom).sort((a, b) => span(a).firstLine - span(b).firstLine);
}

/** What a reader that gave up `count` sessions or connections of `file` (past the caps above) tells its user. */
export function givenUpNote(file: string, count: number): string {
  return `${file}: ${count} session(s) or outbound connection(s) left open without QUIT were ended early to bound memory (more than ${MAX_OPEN_SESSIONS} sessions or ${MAX_OPEN_CONNECTIONS} connections open at once: a spam run, or a log without times, whose idle sessions cannot be timed out). A client that went on after that is counted as a new session, without the HELO or AUTH it gave before.`;
}

/**
 * What a builder that lets idle sessions go early (see SessionBuilder's `releaseIdle`) needs checked: the grouping
 * equals the one that keeps every session open until its client's next record only if no inbound record after a
 * release could have joined a released session, which holds when the log's clock never goes back past `until`.
 */
export interface IdleRelease {
  /** The latest time (ms) at which a record of a released session's client would still have joined it; -Infinity: none released. */
  until: number;
  /** The earliest inbound record time seen (-Infinity when a record had none): checked against earlier ranges' `until`. */
  earliest: number;
  /** An inbound record came after a release at or before `until`, or without a time: the grouping may differ. */
  outOfOrder: boolean;
  /**
   * Inbound sessions and outbound connections given up unterminated past MAX_OPEN_SESSIONS or MAX_OPEN_CONNECTIONS:
   * the grouping differs from one pass that keeps them (a client that went on afterwards starts a new session), and
   * ranges that gave any up do not stitch.
   */
  givenUp: number;
}

/** Nothing released, nothing seen. */
export function noIdleRelease(): IdleRelease {
  return { until: -Infinity, earliest: Infinity, outOfOrder: false, givenUp: 0 };
}

/** Whether idle releases in consecutive byte ranges of one file (in file order) left its grouping as one pass without releases gives it. */
export function idleReleasesHeld(ranges: readonly IdleRelease[]): boolean {
  let until = -Infinity;
  for (const r of ranges) {
    if (r.outOfOrder || (until > -Infinity && r.earliest <= until)) return false;
    until = Math.max(until, r.until);
  }
  return true;
}

/**
 * Whether the groupings of a file's byte ranges (in file order) stitch into the one a single pass gives: their idle
 * releases held, and none gave up sessions (a range's cap does not fall where a single pass's would).
 */
export function rangeGroupingsStitch(ranges: readonly IdleRelease[]): boolean {
  return idleReleasesHeld(ranges) && (ranges.length === 1 || ranges.every((r) => r.givenUp === 0));
}

export interface InboundState {
  serverIp: string;
  siteName: string;
  open: Session[];
  /** The verb of the previous record of the latest session, for "EHLO again after STARTTLS". */
  lastVerb: string;
}

export interface OutboundState {
  session: Session;
  lastCommand: string;
  awaitingDataResult: boolean;
  /**
   * RCPT commands of the current message waiting for their replies, oldest first from `pendingHead`: pipelined
   * replies settle them in order, each in constant time (a crafted log of 40,000 pipelined RCPTs took check 6.2 s,
   * 4.8x per doubling, when each reply was spliced off the front of the message's list).
   */
  pending: { address: string; line: number }[];
  pendingHead: number;
}

function newOutboundState(r: LogRecord): OutboundState {
  return { session: newSession('out', r), lastCommand: '', awaitingDataResult: false, pending: [], pendingHead: 0 };
}

/**
 * Moves the RCPTs still waiting for a reply into their message's `refused`, marked PENDING: before the next message
 * starts (replies settle the current message's only) and before the connection's session is let go.
 */
function parkPending(st: OutboundState): OutboundState {
  if (st.pending.length === 0) return st;
  const m = last(st.session.messages);
  if (m) for (let i = st.pendingHead; i < st.pending.length; i++) m.refused = append(m.refused, { ...st.pending[i]!, status: PENDING });
  st.pending.length = 0;
  st.pendingHead = 0;
  return st;
}

function newSession(direction: 'in' | 'out', r: LogRecord): Session {
  return {
    direction,
    clientIp: r.clientIp,
    serverIp: r.serverIp,
    helo: '',
    usedEhlo: false,
    firstLine: r.line,
    lastLine: r.line,
    recordCount: 0,
    startTime: r.time,
    endTime: r.time,
    auth: 'none',
    authStatus: -1,
    authLine: -1,
    tls: false,
    authInClear: false,
    messages: NONE as never[],
    closed: false,
    durationMs: -1,
    unrecognized: 0,
    remoteReplies: NONE as never[],
  };
}

function newMessage(from: string, r: LogRecord, status: number): SessionMessage {
  return { from, mailStatus: status, mailLine: r.line, accepted: NONE as never[], denied: NONE as never[], refused: NONE as never[], dataStatus: -1, dataLine: -1, size: -1, time: r.time };
}

function authKind(mechanism: string): AuthKind {
  switch (mechanism) {
    case 'LOGIN':
      return 'login';
    case 'PLAIN':
      return 'plain';
    case 'NTLM':
      return 'ntlm';
    case 'GSSAPI':
    case 'KERBEROS':
      return 'gssapi';
    default:
      return 'other';
  }
}

/**
 * One shared empty list: most sessions never refuse a recipient, and big logs hold many sessions. Lists start
 * from it and then hold exactly one item (a first push would reserve room for seventeen).
 */
const NONE: readonly never[] = Object.freeze([]);

/** Appends to a list that may still be the shared empty one. */
function append<T>(list: T[], item: T): T[] {
  // Any empty list is replaced, not only NONE itself: a structured clone (a worker's partial sessions) turns the
  // shared empty list into one unfrozen array aliased by every field that held it.
  if (list.length === 0) return [item];
  list.push(item);
  return list;
}

/**
 * The last item of a list, or undefined when it is empty. Not `list[list.length - 1]`: on an empty list that reads
 * index -1, which V8 looks up as a named property along the prototype chain (~8x slower; once per session here).
 */
function last<T>(list: readonly T[]): T | undefined {
  const n = list.length;
  return n > 0 ? list[n - 1] : undefined;
}

/** Counts a record into a session and moves its end. */
function extend(s: Session, r: LogRecord): void {
  s.recordCount++;
  s.lastLine = r.line;
  if (!Number.isNaN(r.time)) {
    if (Number.isNaN(s.startTime)) s.startTime = r.time;
    s.endTime = r.time;
  }
}

function isAccepted(status: number): boolean {
  return status === 250 || status === 251;
}

/** A HELO/EHLO argument without the leading '+' (IIS writes the space after the verb as '+'). */
function heloName(query: string): string {
  let i = 0;
  while (query.charCodeAt(i) === 43) i++;
  return i === 0 ? query : query.slice(i);
}

/** Marks an outbound RCPT that never had its reply (see OutboundState's `pending`), in its message's `refused`. */
const PENDING = -2;

export class SessionBuilder {
  /** Inbound state by client address, then by server address and site (nearly always one of those). */
  private readonly inbound = new Map<string, InboundState[]>();
  /** Outbound state by remote address; null: its last connection QUIT (the key stays for the next one). */
  private readonly outbound = new Map<string, OutboundState | null>();
  /** The size of `inbound` at which clients with nothing open are swept out. */
  private sweepAt = MIN_SWEEP_AT;
  /** The size of `outbound` at which remote addresses with no connection open are swept out. */
  private outboundSweepAt = MIN_SWEEP_AT;

  /** The line of the record being pushed (MAX_SAFE_INTEGER while flushing): where sessions are let go. */
  private at = -1;
  private readonly emit: (session: Session) => void;
  /** The latest inbound record time seen (only when releasing idle sessions). */
  private clock = -Infinity;
  private readonly idle = noIdleRelease();
  /** Inbound sessions opened since the open ones were last counted (only with `capOpen`). */
  private openedSinceCount = 0;
  /** The same for outbound connections. */
  private connectionsSinceCount = 0;

  /**
   * `emit` receives every session once it is complete (or at `flush()` for those still open), with the
   * line of the record that let it go (its QUIT, or a later record that timed it out or replaced it;
   * MAX_SAFE_INTEGER at `flush()`); until then the session was open and a record of its client could
   * still join it. `assign`, if given, learns which session each record joined.
   *
   * With `releaseIdle` (records pushed in file order), sessions idle longer than MAX_IDLE_MS by the log's clock are
   * let go when the addresses are swept, not kept to the end: a spam run's clients that never QUIT would otherwise
   * hold memory in proportion to the file. `idleRelease()` then says whether that grouping can be trusted.
   *
   * With `capOpen` (file readers, which must not hold memory in proportion to the file whatever its clock), at most
   * about MAX_OPEN_SESSIONS inbound sessions and MAX_OPEN_CONNECTIONS outbound connections stay open: past either the
   * least recently active are given up, as `flush` lets go what is open at the end, and counted
   * (`idleRelease().givenUp`). The editor keeps its whole document, and every session with it.
   */
  constructor(
    emit: (session: Session, releasedAt: number) => void,
    private readonly assign?: (record: LogRecord, session: Session) => void,
    private readonly releaseIdle = false,
    private readonly capOpen = false,
  ) {
    this.emit = (session) => emit(session, this.at);
  }

  /** The idle releases so far (see the constructor); a copy. */
  idleRelease(): IdleRelease {
    return { ...this.idle };
  }

  /** Whether a record came too early for a release already made (idleRelease().outOfOrder): reading on is wasted. */
  clockWentBack(): boolean {
    return this.idle.outOfOrder;
  }

  push(r: LogRecord): void {
    this.at = r.line;
    if (r.direction === 'in') this.pushInbound(r);
    else this.pushOutbound(r);
  }

  /** What each client address with open sessions could still join (plain data: it can cross threads). */
  clientStates(): Map<string, ClientState> {
    const states = new Map<string, ClientState>();
    for (const [ip, inbound] of this.inbound) if (!nothingOpen(inbound)) states.set(ip, { inbound, outbound: undefined });
    for (const [ip, outbound] of this.outbound) if (outbound) states.set(ip, { inbound: states.get(ip)?.inbound, outbound });
    return states;
  }

  /** Puts a client address in a state taken from another builder (undefined: nothing open). */
  setClientState(clientIp: string, state: ClientState | undefined): void {
    if (state?.inbound?.length) this.inbound.set(clientIp, state.inbound);
    else this.inbound.delete(clientIp);
    if (state?.outbound) this.outbound.set(clientIp, state.outbound);
    else this.outbound.delete(clientIp);
  }

  /** Whether every open session of this client address (inbound or outbound) started on `line`. */
  openOnlySince(clientIp: string, line: number): boolean {
    const out = this.outbound.get(clientIp);
    if (out && out.session.firstLine !== line) return false;
    const states = this.inbound.get(clientIp);
    return !states || states.every((st) => st.open.every((s) => s.firstLine === line));
  }

  private touch(s: Session, r: LogRecord): void {
    extend(s, r);
    this.assign?.(r, s);
  }

  /** Emits every session still open (they did not end within the records seen). */
  flush(): void {
    this.at = Number.MAX_SAFE_INTEGER;
    const rest: Session[] = [];
    for (const states of this.inbound.values()) for (const st of states) rest.push(...st.open);
    for (const st of this.outbound.values()) if (st) rest.push(parkPending(st).session);
    this.inbound.clear();
    this.outbound.clear();
    rest.sort((a, b) => a.firstLine - b.firstLine);
    for (const s of rest) this.emit(s);
  }

  private pushInbound(r: LogRecord): void {
    if (this.releaseIdle) this.noteTime(r.time);
    if (this.openedSinceCount >= COUNT_OPEN_EVERY) {
      this.openedSinceCount = 0;
      this.giveUpOldest();
    }
    let states = this.inbound.get(r.clientIp);
    let st: InboundState | undefined;
    if (!states) {
      if (this.inbound.size >= this.sweepAt) {
        if (this.releaseIdle) this.releaseIdleSessions();
        this.sweepAt = sweep(this.inbound, nothingOpen, this.releaseIdle ? RELEASING_SWEEP_GROWTH : SWEEP_GROWTH);
      }
      // Lists made with their one item (a first push onto [] reserves room for seventeen: bytes per client).
      st = { serverIp: r.serverIp, siteName: r.siteName, open: [], lastVerb: '' };
      states = [st];
      this.inbound.set(r.clientIp, states);
    } else {
      for (let i = 0; i < states.length; i++) {
        const x = states[i]!;
        if (x.serverIp === r.serverIp && x.siteName === r.siteName) {
          st = x;
          break;
        }
      }
      if (!st) {
        if (states.length >= MAX_SERVERS_PER_CLIENT) this.closeLeastRecent(states);
        st = { serverIp: r.serverIp, siteName: r.siteName, open: [], lastVerb: '' };
        states.push(st);
      }
    }
    const verb = r.verb;
    let s: Session | undefined = last(st.open);
    if (s && !Number.isNaN(r.time) && !Number.isNaN(s.endTime) && r.time - s.endTime > MAX_IDLE_MS) {
      this.closeAll(st);
      s = undefined;
    }
    const isQuitRecord = r.status === 240 || verb === 'QUIT';
    if (verb === 'HELO' || verb === 'EHLO') {
      const continuing = s && (s.helo === '' ? s.messages.length === 0 : (st.lastVerb === 'STARTTLS' || st.lastVerb === 'TLS') && s.tls);
      if (!s || !continuing) {
        s = newSession('in', r);
        st.open = append(st.open, s);
        if (this.capOpen) this.openedSinceCount++;
        if (st.open.length > MAX_OPEN_PER_KEY) this.emit(st.open.shift()!);
      }
      const name = heloName(r.query);
      if (name !== '') s.helo = name;
      else if (r.username !== '') s.helo = r.username;
      if (verb === 'EHLO') s.usedEhlo = true;
    } else if (!s) {
      s = newSession('in', r);
      if (r.username !== '') s.helo = r.username;
      st.open = append(st.open, s);
      if (this.capOpen) this.openedSinceCount++;
    }
    this.touch(s, r);
    if (r.status === 500) s.unrecognized++;
    switch (verb) {
      case 'MAIL': {
        s.messages = append(s.messages, newMessage(envelopeAddress(r.query) ?? '', r, r.status));
        break;
      }
      case 'RCPT': {
        let m = last(s.messages);
        if (!m || m.dataLine >= 0) {
          m = newMessage('', r, -1);
          s.messages = append(s.messages, m);
        }
        const address = envelopeAddress(r.query) ?? '';
        if (isAccepted(r.status) || r.status === -1) m.accepted = append(m.accepted, address);
        else if (r.status === 550) m.denied = append(m.denied, { address, line: r.line, status: r.status });
        else m.refused = append(m.refused, { address, line: r.line, status: r.status });
        break;
      }
      case 'DATA':
      case 'BDAT': {
        let m = last(s.messages);
        if (!m || m.dataLine >= 0) {
          m = newMessage('', r, -1);
          s.messages = append(s.messages, m);
        }
        m.dataStatus = r.status;
        m.dataLine = r.line;
        m.size = r.bytesReceived;
        m.time = r.time;
        break;
      }
      case 'AUTH': {
        if (s.auth === 'none' || s.authStatus !== 235) {
          s.auth = authKind(authMechanism(r.query));
          s.authStatus = r.status;
          s.authLine = r.line;
        }
        if (!s.tls) s.authInClear = true;
        break;
      }
      case 'STARTTLS':
      case 'TLS':
        if (r.status === 220 || r.status === -1) s.tls = true;
        break;
    }
    st.lastVerb = verb;
    if (isQuitRecord) {
      s.closed = true;
      if (r.status === 240) s.durationMs = r.win32Status;
      st.open.pop();
      this.emit(s);
      // The client's entry stays, empty, for its next session (see sweep).
      if (st.open.length === 0) states.splice(states.indexOf(st), 1);
    }
  }

  /** Moves the clock and checks the record against the releases so far. */
  private noteTime(time: number): void {
    const idle = this.idle;
    if (Number.isNaN(time)) {
      idle.earliest = -Infinity;
      if (idle.until > -Infinity) idle.outOfOrder = true;
      return;
    }
    if (time < idle.earliest) idle.earliest = time;
    if (time > this.clock) this.clock = time;
    if (time <= idle.until) idle.outOfOrder = true;
  }

  /**
   * Lets go the sessions a later record would time out (pushInbound closes all of a server's open sessions when the
   * latest has been idle longer than MAX_IDLE_MS): in a log whose clock does not go back, exactly those whose client's
   * next record, if any, is no earlier than the clock now. Released in file order, as `flush` does.
   */
  private releaseIdleSessions(): void {
    const before = this.clock - MAX_IDLE_MS;
    const released: Session[] = [];
    for (const states of this.inbound.values()) {
      for (let i = states.length - 1; i >= 0; i--) {
        const st = states[i]!;
        const s = last(st.open);
        // A session without a time (NaN) is never idle: no record would time it out.
        if (!s || !(s.endTime < before)) continue;
        this.idle.until = Math.max(this.idle.until, s.endTime + MAX_IDLE_MS);
        for (const x of st.open) released.push(x);
        // As after a QUIT: a server with nothing open leaves the client's list.
        states.splice(i, 1);
      }
    }
    released.sort((a, b) => a.firstLine - b.firstLine);
    for (const s of released) this.emit(s);
  }

  /**
   * With more than MAX_OPEN_SESSIONS inbound sessions open, gives up the least recently active (by their last line)
   * until half that many are left: the next count is then a quarter of the cap's new sessions away, and each count
   * walks only what is open. Given up in file order, as `flush` lets go what is left.
   */
  private giveUpOldest(): void {
    let count = 0;
    for (const states of this.inbound.values()) for (const st of states) count += st.open.length;
    if (count <= MAX_OPEN_SESSIONS) return;
    const open: Session[] = [];
    for (const states of this.inbound.values()) for (const st of states) open.push(...st.open);
    const stale = staleBeyondCap(open, (s) => s, MAX_OPEN_SESSIONS);
    const going = new Set(stale);
    for (const states of this.inbound.values()) {
      for (let i = states.length - 1; i >= 0; i--) {
        const st = states[i]!;
        if (!st.open.some((s) => going.has(s))) continue;
        st.open = st.open.filter((s) => !going.has(s));
        // As after a QUIT: a server with nothing open leaves the client's list.
        if (st.open.length === 0) states.splice(i, 1);
      }
    }
    this.giveUp(stale);
  }

  /** Emits sessions given up at a cap (in file order) and counts them. */
  private giveUp(stale: readonly Session[]): void {
    this.idle.givenUp += stale.length;
    for (const s of stale) this.emit(s);
  }

  /** Gives up the sessions of the client's least recently active server address (MAX_SERVERS_PER_CLIENT). */
  private closeLeastRecent(states: InboundState[]): void {
    let oldest = 0;
    const lastLineOf = (st: InboundState): number => last(st.open)?.lastLine ?? -1;
    for (let i = 1; i < states.length; i++) if (lastLineOf(states[i]!) < lastLineOf(states[oldest]!)) oldest = i;
    const [st] = states.splice(oldest, 1);
    this.closeAll(st!);
  }

  private closeAll(st: InboundState): void {
    for (const s of st.open) this.emit(s);
    st.open = [];
  }

  /** giveUpOldest for outbound connections: past MAX_OPEN_CONNECTIONS, the least recently active half go. */
  private giveUpOldestConnections(): void {
    const open: [string, OutboundState][] = [];
    for (const [key, st] of this.outbound) if (st) open.push([key, st]);
    const stale = staleBeyondCap(open, ([, st]) => st.session, MAX_OPEN_CONNECTIONS);
    // As after a QUIT: the key stays for the next connection (see sweep).
    for (const [key] of stale) this.outbound.set(key, null);
    this.giveUp(stale.map(([, st]) => parkPending(st).session));
  }

  private pushOutbound(r: LogRecord): void {
    const key = r.clientIp;
    if (this.connectionsSinceCount >= COUNT_CONNECTIONS_EVERY) {
      this.connectionsSinceCount = 0;
      this.giveUpOldestConnections();
    }
    let st = this.outbound.get(key);
    if (st === undefined && this.outbound.size >= this.outboundSweepAt) this.outboundSweepAt = sweep(this.outbound, (o) => o === null);
    if (r.direction === 'out-response') {
      const code = replyCodeOf(r.query);
      if (!st || replyOpensConnection(st.lastCommand, st.session.endTime, code, r.time)) {
        if (st) this.emit(parkPending(st).session);
        st = newOutboundState(r);
        this.outbound.set(key, st);
        if (this.capOpen) this.connectionsSinceCount++;
      }
      const s = st.session;
      this.touch(s, r);
      if (code >= 0) s.remoteReplies = append(s.remoteReplies, code);
      switch (st.lastCommand) {
        case 'MAIL': {
          const m = last(s.messages);
          if (m) m.mailStatus = code;
          break;
        }
        case 'RCPT': {
          const m = last(s.messages);
          if (m && st.pendingHead < st.pending.length) {
            // The reply settles the oldest RCPT waiting (pipelined ones wait in order); mostly the only one.
            const pending = st.pending[st.pendingHead++]!;
            if (st.pendingHead === st.pending.length) {
              st.pending.length = 0;
              st.pendingHead = 0;
            }
            if (isAccepted(code)) m.accepted = append(m.accepted, pending.address);
            else m.refused = append(m.refused, { address: pending.address, line: pending.line, status: code });
          }
          break;
        }
        case 'DATA': {
          const m = last(s.messages);
          if (m) {
            if (code === 354 && !st.awaitingDataResult) st.awaitingDataResult = true;
            else {
              m.dataStatus = code;
              m.dataLine = r.line;
              st.awaitingDataResult = false;
            }
          }
          break;
        }
        case 'STARTTLS':
          if (code === 220) s.tls = true;
          break;
        case 'AUTH':
          s.authStatus = code;
          break;
        case 'QUIT':
          s.closed = true;
          this.emit(parkPending(st).session);
          this.outbound.set(key, null); // the key stays for the next connection (see sweep)
          return;
      }
      return;
    }
    // out-command
    if (!st) {
      st = newOutboundState(r);
      this.outbound.set(key, st);
      if (this.capOpen) this.connectionsSinceCount++;
    }
    const s = st.session;
    this.touch(s, r);
    const verb = r.verb;
    st.lastCommand = verb;
    switch (verb) {
      case 'HELO':
      case 'EHLO':
        s.helo = heloName(r.query);
        s.usedEhlo = verb === 'EHLO';
        break;
      case 'MAIL':
        parkPending(st);
        s.messages = append(s.messages, newMessage(envelopeAddress(r.query) ?? '', r, -1));
        break;
      case 'RCPT': {
        if (!last(s.messages)) s.messages = append(s.messages, newMessage('', r, -1));
        st.pending.push({ address: envelopeAddress(r.query) ?? '', line: r.line });
        break;
      }
      case 'AUTH':
        s.auth = authKind(authMechanism(r.query));
        s.authLine = r.line;
        if (!s.tls) s.authInClear = true;
        break;
    }
  }
}

/** How much the addresses left after a sweep may grow before the next (each sweep walks them all). */
const SWEEP_GROWTH = 2;
/** The same when idle sessions are released at each sweep: sooner, since what waits for it is whole sessions. */
const RELEASING_SWEEP_GROWTH = 1.25;

/**
 * Forgets the addresses with nothing open (their keys stay between sessions: deleting a key and adding it back
 * cost more than grouping the session). Returns the size at which to sweep next: `growth` times what stays open.
 */
function sweep<V>(byAddress: Map<string, V>, closed: (value: V) => boolean, growth = SWEEP_GROWTH): number {
  for (const [ip, value] of byAddress) if (closed(value)) byAddress.delete(ip);
  return Math.max(MIN_SWEEP_AT, Math.ceil(growth * byAddress.size));
}

function nothingOpen(states: readonly InboundState[]): boolean {
  for (const st of states) if (st.open.length > 0) return false;
  return true;
}

/** The grouping state of one client address: its open inbound sessions and its open outbound connection. */
export interface ClientState {
  inbound: InboundState[] | undefined;
  outbound: OutboundState | undefined;
}

/** Moves every line number of a session at or after `from` by `delta` (lines were inserted or removed above). */
export function shiftSessionLines(s: Session, from: number, delta: number): void {
  const at = (line: number): number => (line >= from ? line + delta : line);
  s.firstLine = at(s.firstLine);
  s.lastLine = at(s.lastLine);
  s.authLine = at(s.authLine);
  for (const m of s.messages) {
    m.mailLine = at(m.mailLine);
    m.dataLine = at(m.dataLine);
    for (const d of m.denied) d.line = at(d.line);
    for (const r of m.refused) r.line = at(r.line);
  }
}

/**
 * Builds every session of a sequence of records (for documents already in memory); `released`, if given,
 * learns the line that let each session go (see SessionBuilder).
 */
export function buildSessions(records: Iterable<LogRecord>, assign?: (record: LogRecord, session: Session) => void, released?: (session: Session, at: number) => void): Session[] {
  const sessions: Session[] = [];
  const builder = new SessionBuilder((s, at) => {
    sessions.push(s);
    released?.(s, at);
  }, assign);
  for (const r of records) builder.push(r);
  builder.flush();
  sessions.sort((a, b) => a.firstLine - b.firstLine);
  return sessions;
}

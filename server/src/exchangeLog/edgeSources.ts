// Reads the Edge's protocol logs for the cut-over status: per client address on the receive side (first and
// last seen, messages, refusals and the connector), and the next hops' refusals on the send side. Streamed;
// memory grows with the number of distinct sources (capped), never with the size of the logs.
import type { Count } from '../protocol/assessment';
import { StringPool } from '../smtpLog/intern';
import { NO_CONNECTOR, OTHER_CONNECTORS, type EdgeSourceFacts } from '../protocol/cutover';
import type { SessionOutcome } from './analyze';
import type { ExLogType } from './parser';
import { RELAY_REFUSED_REASON } from './refusals';
import { readFileLines } from './readLines';
import { ExScanner } from './scan';
import type { ExSession } from './sessions';
import { DAY_MS, dayText, isoTime as iso } from '../common/days';

const MAX_SOURCES = 50_000;
/** Distinct days kept for the timeline (hostile timestamps cannot grow it further). */
const MAX_DAYS = 5_000;

interface SourceAcc {
  first: number;
  last: number;
  sessions: number;
  messages: number;
  unused: number;
  refusals: Map<string, number>;
  replies: Map<string, number>;
  connectors: Map<string, number>;
  refusalConnectors: Map<string, number>;
  relayRefusalConnectors: Map<string, number>;
  lastRefusal: number;
  lastAccepted: number;
  helos: Set<string>;
}

export interface EdgeFile {
  path: string;
  logType: ExLogType;
}

export interface EdgeCollection {
  sources: EdgeSourceFacts[];
  /** First and last receive-log timestamps (ms), NaN when none. */
  receiveFirst: number;
  receiveLast: number;
  sendRefusals: Count[];
  /** Messages the Edge accepted per UTC day (yyyy-mm-dd), ascending: the cut-over timeline. */
  messagesPerDay: Count[];
  /** Sources past the cap (counted, not detailed). */
  cappedSources: number;
  errors: { path: string; error: string }[];
}

const bump = (m: Map<string, number>, key: string): void => void m.set(key, (m.get(key) ?? 0) + 1);
const counts = (m: Map<string, number>): Count[] => [...m].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
const min = (a: number, b: number): number => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b));
const max = (a: number, b: number): number => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b));

export class EdgeSourceCollector {
  private readonly sources = new Map<string, SourceAcc>();
  private readonly sendRefusals = new Map<string, number>();
  private capped = new Set<string>();
  private readonly perDay = new Map<string, number>();
  /** Connector names as flat copies, one per distinct name (sessions repeat a few). */
  private readonly names = new StringPool(10_000);
  receiveFirst = NaN;
  receiveLast = NaN;

  add(s: ExSession, o: SessionOutcome): void {
    if (o.side === 'send') {
      for (const r of o.refusals) bump(this.sendRefusals, r.reason);
      return;
    }
    const at = Number.isNaN(o.lastAccepted) ? s.firstTime : o.lastAccepted;
    if (o.messages > 0 && !Number.isNaN(at)) {
      const day = dayText(Math.floor(at / DAY_MS));
      if (this.perDay.has(day) || this.perDay.size < MAX_DAYS) this.perDay.set(day, (this.perDay.get(day) ?? 0) + o.messages);
    }
    if (!o.hostValid) return;
    let acc = this.sources.get(o.host);
    if (!acc) {
      if (this.sources.size >= MAX_SOURCES) {
        if (this.capped.size < MAX_SOURCES) this.capped.add(o.host);
        return;
      }
      acc = { first: NaN, last: NaN, sessions: 0, messages: 0, unused: 0, refusals: new Map(), replies: new Map(), connectors: new Map(), refusalConnectors: new Map(), relayRefusalConnectors: new Map(), lastRefusal: NaN, lastAccepted: NaN, helos: new Set() };
      this.sources.set(o.host, acc);
    }
    acc.first = min(acc.first, s.firstTime);
    acc.last = max(acc.last, s.lastTime);
    acc.sessions++;
    acc.messages += o.messages;
    if (o.findings.some((f) => f.key === 'unusedSession')) acc.unused++;
    const connector = s.connector === '' ? NO_CONNECTOR : acc.connectors.size < 20 || acc.connectors.has(s.connector) ? this.names.intern(s.connector) : OTHER_CONNECTORS;
    bump(acc.connectors, connector);
    if (o.refusals.length > 0) bump(acc.refusalConnectors, connector);
    if (o.refusals.some((r) => r.reason === RELAY_REFUSED_REASON)) bump(acc.relayRefusalConnectors, connector);
    if (o.helo !== '' && acc.helos.size < 5) acc.helos.add(o.helo);
    for (const r of o.refusals) {
      bump(acc.refusals, r.reason);
      if (r.reply !== '') bump(acc.replies, r.reply);
      acc.lastRefusal = max(acc.lastRefusal, r.time);
    }
    acc.lastAccepted = max(acc.lastAccepted, o.lastAccepted);
  }

  /** Reads one file; errors are recorded, never thrown. */
  async read(file: EdgeFile, scanner?: ExScanner): Promise<ExScanner> {
    const sc = scanner ?? new ExScanner({ onSession: (s, o) => this.add(s, o) }, file.logType);
    await readFileLines(file.path, (text, line, clean) => sc.line(text, line, clean));
    if (file.logType === 'receive') {
      this.receiveFirst = min(this.receiveFirst, sc.firstTime);
      this.receiveLast = max(this.receiveLast, sc.lastTime);
    }
    return sc;
  }

  result(errors: EdgeCollection['errors'] = []): EdgeCollection {
    const sources: EdgeSourceFacts[] = [...this.sources].map(([address, a]) => ({
      address,
      firstSeen: iso(a.first),
      lastSeen: iso(a.last),
      sessions: a.sessions,
      messages: a.messages,
      unusedSessions: a.unused,
      refusals: counts(a.refusals),
      replyCodes: counts(a.replies),
      connectors: counts(a.connectors),
      refusalConnectors: counts(a.refusalConnectors),
      relayRefusalConnectors: counts(a.relayRefusalConnectors),
      lastRefusal: iso(a.lastRefusal),
      lastAccepted: iso(a.lastAccepted),
      heloNames: [...a.helos],
    }));
    return { sources, receiveFirst: this.receiveFirst, receiveLast: this.receiveLast, sendRefusals: counts(this.sendRefusals), messagesPerDay: [...this.perDay].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([key, count]) => ({ key, count })), cappedSources: this.capped.size, errors };
  }
}

/**
 * Reads the Edge logs: receive logs through one scanner and send logs through another, each in path order
 * (RECVyyyymmddhh-n sorts by time), so a session that continues in the next hourly file stays one session.
 */
export async function collectEdgeSources(files: readonly EdgeFile[]): Promise<EdgeCollection> {
  const collector = new EdgeSourceCollector();
  const errors: EdgeCollection['errors'] = [];
  for (const logType of ['receive', 'send'] as const) {
    let scanner: ExScanner | undefined;
    for (const f of files.filter((x) => x.logType === logType).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
      try {
        scanner = await collector.read(f, scanner);
      } catch (err) {
        errors.push({ path: f.path, error: err instanceof Error ? err.message : String(err) });
      }
    }
    scanner?.end();
  }
  return collector.result(errors);
}

// Groups the interleaved lines of concurrent sessions by session-id, streaming: a session is handed over when
// its disconnect line arrives (or at the end of input), its events ordered by sequence-number. Memory is
// bounded by the number of open sessions (capped), never by the size of the input.
import type { ExLogType, ExRecord } from './parser';

/** A record with the line it was read from: the session keeps the parsed record itself, no copy. */
export type ExEvent = ExRecord & { line: number };

export interface ExSession {
  /** Numbers the sessions of one grouper in the order they opened. */
  serial: number;
  id: string;
  side: ExLogType;
  connector: string;
  local: string;
  remote: string;
  firstLine: number;
  lastLine: number;
  /** ms, NaN when no line had a readable time. */
  firstTime: number;
  lastTime: number;
  events: ExEvent[];
  /** Lines of the session not kept (beyond MAX_EVENTS). */
  dropped: number;
  /** The disconnect line was seen. */
  closed: boolean;
}

/** A real session has a few dozen lines; a hostile file cannot make one hold more. */
export const MAX_EVENTS = 2_000;
/** Open sessions at once; beyond, the oldest is handed over unfinished. */
export const MAX_OPEN = 50_000;

export class SessionGrouper {
  private readonly open = new Map<string, ExSession>();
  private serials = 0;
  /** The most sessions open at once so far (MAX_OPEN when some were handed over unfinished). */
  maxOpen = 0;

  constructor(private readonly onSession: (s: ExSession) => void) {}

  /** Adds a record to its session; returns that session (undefined for a record without a session-id). */
  push(r: ExRecord, line: number, side: ExLogType): ExSession | undefined {
    if (r.sessionId === '') return undefined;
    let s = this.open.get(r.sessionId);
    if (!s) {
      if (this.open.size >= MAX_OPEN) this.finish(this.open.keys().next().value as string);
      s = { serial: this.serials++, id: r.sessionId, side, connector: r.connector, local: r.local, remote: r.remote, firstLine: line, lastLine: line, firstTime: r.time, lastTime: r.time, events: [], dropped: 0, closed: false };
      this.open.set(r.sessionId, s);
      if (this.open.size > this.maxOpen) this.maxOpen = this.open.size;
    }
    s.lastLine = line;
    if (!Number.isNaN(r.time)) {
      if (Number.isNaN(s.firstTime) || r.time < s.firstTime) s.firstTime = r.time;
      if (Number.isNaN(s.lastTime) || r.time > s.lastTime) s.lastTime = r.time;
    }
    // Send logs leave the endpoints empty until the connection exists.
    if (s.remote === '' && r.remote !== '') s.remote = r.remote;
    if (s.local === '' && r.local !== '') s.local = r.local;
    if (s.connector === '' && r.connector !== '') s.connector = r.connector;
    if (s.events.length < MAX_EVENTS) {
      const e = r as ExEvent;
      e.line = line;
      s.events.push(e);
    } else s.dropped++;
    if (r.event === '-') {
      s.closed = true;
      this.finish(r.sessionId);
    }
    return s;
  }

  /** Hands over every session still open (end of input). */
  flush(): void {
    for (const id of [...this.open.keys()]) this.finish(id);
  }

  private finish(id: string): void {
    const s = this.open.get(id);
    if (!s) return;
    this.open.delete(id);
    // Stable: lines with the same (or an unreadable) sequence number keep their file order.
    // Exchange writes a session's lines in sequence order, so the sort is usually skipped.
    if (!inOrder(s.events)) s.events.sort(bySequence);
    this.onSession(s);
  }
}

const sequenceKey = (e: ExEvent): number => (Number.isNaN(e.seq) ? 1e12 : e.seq);
const bySequence = (a: ExEvent, b: ExEvent): number => sequenceKey(a) - sequenceKey(b) || a.line - b.line;

function inOrder(events: readonly ExEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (bySequence(events[i - 1]!, events[i]!) > 0) return false;
  return true;
}

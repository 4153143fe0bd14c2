// Sessions across byte ranges of one log (`check` and the assessment read a large file in ranges, one per
// worker thread). A range does not know the sessions still open where it starts, so for each client address
// it holds back the records up to a few clean session starts (its `head`); the merge replays the heads onto
// the sessions open at the range's start, in file order, and takes the range's own grouping from there on.
import { SessionBuilder, type ClientState } from './sessions';
import type { LogRecord, Session } from './types';

/**
 * Session starts (with nothing else of the client open) a range holds back for a client. The first is usually
 * the middle of a session open across the range start; by the second or third the client has started afresh
 * whatever was open, so the merge can pick up the range's own grouping there.
 */
const HEAD_SESSION_STARTS = 3;

/**
 * Records a range holds back in all (a client that never starts a clean session must not hold a whole range). Each is
 * a record object in a worker that the range keeps until it answers: at 1 << 17, a log of 1.5M single-session clients
 * peaked at 259 MB in its ranges before falling back to one pass (205 MB at 1 << 16); the
 * real-shaped bench logs (200 MB) still stitch in two ranges.
 */
export const MAX_HELD = 1 << 16;

/**
 * What one range may hold back, counted against MAX_HELD. Past it the range gives up (the file is then read in one
 * pass) and, through `stop` (shared memory that every range of the file sees, each in its own worker thread),
 * has the file's other ranges give up at once instead of finishing work the merge would throw away: a log of
 * many clients with one session each (an open relay's spam traffic) used to finish every range, pass them all
 * to the main thread, then read the file again.
 */
export class HoldBudget {
  private held = 0;
  private gaveUp = false;

  constructor(private readonly stop?: Int32Array) {}

  /** Counts one more held item: false when past the budget (the range, and through `stop` the file's others, give up). */
  take(): boolean {
    if (this.held++ < MAX_HELD) return true;
    this.gaveUp = true;
    if (this.stop) Atomics.store(this.stop, 0, 1);
    return false;
  }

  /** Whether this range gave up, or another range of the file did. */
  get overflow(): boolean {
    if (!this.gaveUp && this.stop && Atomics.load(this.stop, 0) === 1) this.gaveUp = true;
    return this.gaveUp;
  }
}

/** A fresh stop flag for the ranges of one file (shared memory: it crosses to worker threads as itself). */
export function newStopFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** A client's records held back by a range; `complete` when they reach its last head session start. */
export interface Head {
  records: LogRecord[];
  complete: boolean;
}

/** A range's session grouping (a SessionBuilder) that holds back each client's head. */
export class HeadCollector {
  readonly builder: SessionBuilder;
  private readonly heads = new Map<string, { records: LogRecord[]; starts: number; from: number }>();
  private joined: Session | undefined;

  /**
   * `emit` receives the sessions the range's grouping settles: all of them in the file's first range (nothing
   * was open before it), else only those from a client's last head session start on (the merge regroups the
   * others). Each held-back record is counted against `budget` (past it, records are no longer held and the range
   * has given up). `releaseIdle`: see SessionBuilder (the range's records come in file order); the merge checks the
   * ranges' releases with rangeGroupingsStitch. Sessions open at once are capped (SessionBuilder's `capOpen`): a file
   * reader's memory must not grow with the file.
   */
  constructor(
    private readonly first: boolean,
    emit: (s: Session) => void,
    private readonly budget: HoldBudget,
    releaseIdle = false,
  ) {
    this.builder = new SessionBuilder(
      (s) => {
        const head = this.heads.get(s.clientIp);
        if (first || (head && head.starts >= HEAD_SESSION_STARTS && s.firstLine >= head.from)) emit(s);
      },
      first ? undefined : (_r, s) => (this.joined = s),
      releaseIdle,
      true,
    );
  }

  push(r: LogRecord): void {
    this.builder.push(r);
    if (this.first) return;
    let head = this.heads.get(r.clientIp);
    if (!head) this.heads.set(r.clientIp, (head = { records: [], starts: 0, from: -1 }));
    if (head.starts >= HEAD_SESSION_STARTS) return;
    if (this.budget.take()) head.records.push(r);
    if (this.joined!.firstLine === r.line && this.builder.openOnlySince(r.clientIp, r.line)) {
      head.starts++;
      head.from = r.line;
    }
  }

  /** The heads, by client address (structured-cloneable). */
  result(): Map<string, Head> {
    const heads = new Map<string, Head>();
    for (const [ip, head] of this.heads) heads.set(ip, { records: head.records, complete: head.starts >= HEAD_SESSION_STARTS });
    return heads;
  }
}

/** The merge's grouping: the ranges' heads replayed in file order onto what the ranges before left open. */
export class HeadStitcher {
  readonly builder: SessionBuilder;
  private last: Session | undefined;

  constructor(emit: (s: Session) => void) {
    this.builder = new SessionBuilder(emit, (_r, s) => (this.last = s));
  }

  /**
   * Replays one range's heads (its lines start at `offset`) and takes its grouping (`states`: what it left open)
   * from each complete head on. False when a client's sessions open at the range start outlived its head: the
   * groupings do not agree, and the file must be read in one pass.
   */
  replay(heads: Map<string, Head>, states: Map<string, ClientState>, offset: number): boolean {
    for (const [ip, head] of heads) {
      for (const r of head.records) {
        r.line += offset;
        this.builder.push(r);
      }
      // Without a complete head, all the range's records of the client were replayed here.
      if (!head.complete) continue;
      // The head ends on a session start with nothing else open in the range's own grouping; when it is one
      // here too, the grouping states agree and the range's grouping of the client stands from there on.
      const end = head.records[head.records.length - 1]!;
      if (this.last?.firstLine !== end.line || !this.builder.openOnlySince(ip, end.line)) return false;
      this.builder.setClientState(ip, states.get(ip));
    }
    return true;
  }
}

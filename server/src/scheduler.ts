// When each open document's diagnostics are computed. The server is single-threaded: a document whose analysis
// is slow (a pathological script re-parses for hundreds of milliseconds) must not hold up hovers, completions
// and lenses on the others. So the analysis of a document
//  - waits until the messages already received are handled (requests first, whatever document they are on),
//  - is coalesced: a burst of edits is analysed once, at its latest version,
//  - is debounced in proportion to what the last analysis of that document cost, but only inside a burst (an
//    edit within that period of the document's previous edit or open): a cheap document, or an edit after a
//    pause, is analysed as soon as the queue is empty; a slow one being typed into once the edits pause (but at
//    least every few pauses' worth). An edit that waits for its predecessor's diagnostics before it is sent (the
//    measured cost then lies between the two) is never made to wait for a timer.
import type { MessageStrategy } from 'vscode-languageserver/node';

/** Below this cost (ms) a document is analysed as soon as the server is idle. */
export const SLOW_ANALYSIS_MS = 100;
/** The longest quiet period waited for before analysing, however slow the document. */
export const MAX_DEBOUNCE_MS = 1500;
/** Edits that never pause still get diagnostics this many debounce periods after the first of them. */
const MAX_WAIT_PERIODS = 4;
/** A stream of messages that never lets up (a storm of requests) delays an analysis this long at most. */
const MAX_DEFER_MS = 6000;

/** Why a document is to be analysed: only edits come in bursts worth waiting out. */
export type AnalysisCause = 'open' | 'edit' | 'settings';

/**
 * How long to wait before analysing a document whose last analysis took `costMs`. After an open or a settings
 * change no edit is coming: waiting would only delay the first diagnostics (by the open's own parse time).
 */
export function debounceFor(costMs: number, cause: AnalysisCause = 'edit'): number {
  if (cause !== 'edit') return 0;
  return costMs < SLOW_ANALYSIS_MS ? 0 : Math.min(costMs, MAX_DEBOUNCE_MS);
}

interface Job {
  /** When the first edit of this burst was scheduled: the burst is analysed by `firstAt + max wait` at the latest. */
  firstAt: number;
  timer?: NodeJS.Timeout;
  /** Set while waiting for the message queue to drain. */
  idle?: NodeJS.Immediate;
  /** The burst was analysed at its longest wait, not at a pause: it goes on after the analysis. */
  cutShort?: boolean;
}

export class AnalysisScheduler {
  private readonly jobs = new Map<string, Job>();
  /** When each document was last edited or opened: an edit within its debounce period continues a burst. */
  private readonly lastChange = new Map<string, number>();
  /** Messages handed to the server so far: a change between two checks means the queue is not empty. */
  private handled = 0;

  /**
   * @param analyse publishes the diagnostics of `uri` (its latest version); called at most once per burst.
   * @param now a clock in milliseconds (tests may pass their own).
   */
  constructor(
    private readonly analyse: (uri: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** For the connection's options: counts every incoming message before it is dispatched. */
  readonly messageStrategy: MessageStrategy = {
    handleMessage: (message, next) => {
      this.handled++;
      return next(message);
    },
  };

  /** The document changed (or was opened, or the settings changed): analyse it once things are quiet. */
  schedule(uri: string, lastCostMs: number, cause: AnalysisCause = 'edit'): void {
    const now = this.now();
    const previous = this.lastChange.get(uri);
    if (cause !== 'settings') this.lastChange.set(uri, now);
    let job = this.jobs.get(uri);
    const period = debounceFor(lastCostMs, cause);
    // No burst in progress: waiting would leave the server idle and only delay the diagnostics.
    const inBurst = job !== undefined || (previous !== undefined && now - previous < period);
    const delay = inBurst ? period : 0;
    if (!job) {
      job = { firstAt: now };
      this.jobs.set(uri, job);
    } else if (job.idle) {
      return; // already waiting for the queue to drain, and it will analyse the latest version
    }
    if (job.timer) clearTimeout(job.timer);
    job.timer = undefined;
    const wait = Math.min(delay, job.firstAt + MAX_WAIT_PERIODS * delay - now);
    job.cutShort = inBurst && wait < delay;
    if (wait <= 0) this.whenIdle(uri, job);
    else job.timer = setTimeout(() => this.whenIdle(uri, job), wait);
  }

  /** Forgets a closed document's pending analysis (and when it last changed). */
  cancel(uri: string): void {
    this.lastChange.delete(uri);
    const job = this.jobs.get(uri);
    if (!job) return;
    if (job.timer) clearTimeout(job.timer);
    if (job.idle) clearImmediate(job.idle);
    this.jobs.delete(uri);
  }

  /**
   * Runs the analysis once a whole turn of the event loop has passed without a message being handled. The
   * connection dispatches one queued message per turn (setImmediate), queued after whatever the handler of the
   * previous one queued: so the count is first read a turn later, and an unchanged count across the turn
   * after that means every message received so far (a hover on another document included) has been answered.
   */
  private whenIdle(uri: string, job: Job): void {
    job.timer = undefined;
    // Measured from here, not from the burst's start: a slow document's burst can reach its longest wait after
    // MAX_DEFER_MS, and must still wait for the queued requests.
    const deferFrom = this.now();
    let seen: number | undefined;
    const check = (): void => {
      const busy = seen === undefined || this.handled !== seen;
      if (busy && this.now() - deferFrom < MAX_DEFER_MS) {
        seen = this.handled;
        job.idle = setImmediate(check);
        return;
      }
      this.jobs.delete(uri);
      this.analyse(uri);
      // Typing that did not pause goes on: the keystrokes queued behind this analysis still belong to the burst
      // (measured from the previous keystroke, the analysis itself would make them look like a pause).
      if (job.cutShort) this.lastChange.set(uri, this.now());
    };
    job.idle = setImmediate(check);
  }
}

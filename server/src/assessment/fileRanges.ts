// A log file assessed in byte ranges (one per worker thread), each starting at a line boundary with the field
// layout of the last #Fields before it (smtpLog/scan.ts parserAt, as `check` does). A range does not know what
// was open where it starts, so for each client address it holds back the records up to a point where the
// grouping no longer depends on what came before (`heads`), and hands over what is still open at its end
// (`states`, `connections`). mergeAssessParts replays the heads onto the previous ranges' open sessions and
// connections, in file order, so the result is the one a single pass gives (test/unit/assessRanges.test.ts).
import { stat } from 'node:fs/promises';
import { errorText } from '../common/files';
import { readRecordsFast, type ByteRange, type OutboundFact } from '../smtpLog/fastReader';
import { LogLineParser } from '../smtpLog/lineParser';
import { detectFileFormat, parserAt } from '../smtpLog/scan';
import { HeadCollector, HeadStitcher, HoldBudget, type Head } from '../smtpLog/rangeHeads';
import { idleReleasesHeld, noIdleRelease, rangeGroupingsStitch, shiftSessionLines, type ClientState, type IdleRelease } from '../smtpLog/sessions';
import { AssessmentAccumulator } from './accumulator';
import { factOf, OutboundTracker, startsConnection, type Connection } from './outboundTracker';

/** One byte range's assessment (structured-cloneable, for worker threads). Line numbers count from its first line. */
export interface AssessPart {
  acc: AssessmentAccumulator;
  /** The file's first range: nothing was open where it starts, so it holds nothing back. */
  first: boolean;
  lines: number;
  /** Inbound records per client address up to a few clean session starts (smtpLog/rangeHeads.ts). */
  heads: Map<string, Head>;
  /** Inbound sessions open at the end of the range, by client address. */
  states: Map<string, ClientState>;
  /** Outbound lines per remote address up to the first reply that surely opens a new connection (included). */
  outHeads: Map<string, OutboundHead>;
  /** Outbound connections open at the end of the range, by remote address. */
  connections: Map<string, Connection>;
  /**
   * This range, or another of the file, held back more than MAX_HELD (smtpLog/rangeHeads.ts) and gave up: the file
   * must be read in one pass (the part then carries nothing else).
   */
  overflow: boolean;
  /** The inbound sessions this range let go idle before its end (smtpLog/sessions.ts), for the merge to check. */
  idle: IdleRelease;
}

export interface OutboundHead {
  facts: OutboundFact[];
  complete: boolean;
}

export interface FileProgress {
  /** Bytes done over all files so far, and the total of all files. */
  onProgress?: (done: number, total: number, file: string) => void;
  isCancelled?: () => boolean;
}

/**
 * Reads the lines that start in `range` (the whole file without one). Errors are recorded on the file, never thrown.
 * `stop` is the file's stop flag (rangeHeads.ts HoldBudget), shared by its ranges. Inbound sessions idle past
 * MAX_IDLE_MS are let go early unless `releaseIdle` is false; a whole file whose clock went back past one is read
 * once more without (smtpLog/sessions.ts).
 */
export async function assessFilePart(
  path: string,
  label: string,
  range?: ByteRange,
  progress: FileProgress = {},
  base = 0,
  total = 0,
  stop?: Int32Array,
  releaseIdle = true,
): Promise<AssessPart & { cancelled: boolean }> {
  const acc = new AssessmentAccumulator();
  const first = !range || range.start === 0;
  const part = {
    acc,
    first,
    lines: 0,
    heads: new Map<string, Head>(),
    states: new Map<string, ClientState>(),
    outHeads: new Map<string, OutboundHead>(),
    connections: new Map<string, Connection>(),
    overflow: false,
    idle: noIdleRelease(),
    cancelled: false,
  };
  let size = 0;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    acc.beginFile(label, '', 0).error = errorText(err);
    return part;
  }
  const file = acc.beginFile(label, '', first ? size : 0);
  try {
    const format = await detectFileFormat(path);
    const parser = range && range.start > 0 ? await parserAt(path, format, range.start) : new LogLineParser(format);
    file.format = parser.format;
    const budget = new HoldBudget(stop);
    const sessions = new HeadCollector(first, (s) => acc.addSession(s), budget, releaseIdle);
    const outbound = new OutboundTracker(acc, true);
    const outHeads = new Map<string, OutboundHead & { lastCommand?: string }>();
    const outgoing = (f: OutboundFact): void => {
      if (first) return outbound.pushFact(f);
      let head = outHeads.get(f.clientIp);
      if (!head) outHeads.set(f.clientIp, (head = { facts: [], complete: false }));
      if (head.complete) return outbound.pushFact(f);
      // Facts from the reader are one reused object: a held one is copied.
      if (budget.take()) head.facts.push({ ...f });
      if (startsConnection(f, head.lastCommand)) {
        // From this reply on the range's own tracker sees what a single pass sees.
        head.complete = true;
        outbound.pushFact(f);
      } else if (!f.response) head.lastCommand = f.verb;
    };
    const result = await readRecordsFast(
      path,
      parser,
      {
        entry: (entry) => {
          if (entry.kind === 'record') {
            acc.addRecord(entry);
            if (entry.direction === 'in') sessions.push(entry);
            else outgoing(factOf(entry));
          } else if (entry.kind === 'directive' && entry.layout) acc.addLayout(entry.layout.names);
        },
        // Outbound lines (most of a relay server's log) as facts: no record, no strings but the few read.
        outbound: (f) => {
          acc.noteRecord(f.time, false);
          if (f.response) acc.noteReply(f.clientIp, f.query);
          else if (f.serverPort === 587 || f.verb === 'AUTH') acc.noteSubmission(f);
          outgoing(f);
        },
      },
      { range, onProgress: (read) => progress.onProgress?.(base + read, total || size, label), isCancelled: () => budget.overflow || sessions.builder.clockWentBack() || progress.isCancelled?.() === true },
    );
    // The merge will not use this part: what it gathered stays here rather than cross to the main thread.
    if (budget.overflow) return { ...part, acc: new AssessmentAccumulator(), overflow: true };
    // Inbound sessions and outbound connections given up alike (the builder sees only inbound records here).
    part.idle = sessions.builder.idleRelease();
    part.idle.givenUp += outbound.givenUp;
    // Past a record its releases could not take, the reading stopped (see isCancelled): a whole file is read again
    // keeping every session open, unless the caller cancelled; a range is refused by the merge.
    if (!range && !idleReleasesHeld([part.idle]) && progress.isCancelled?.() !== true) return assessFilePart(path, label, range, progress, base, total, stop, false);
    file.lines = part.lines = result.lines;
    file.givenUp = part.idle.givenUp;
    part.cancelled = result.cancelled;
    if (!range || range.end >= size) {
      // The file's last range: whatever is still open ends here.
      sessions.builder.flush();
      outbound.flush();
    } else {
      part.states = sessions.builder.clientStates();
      part.connections = outbound.openConnections();
    }
    part.heads = sessions.result();
    for (const [ip, head] of outHeads) part.outHeads.set(ip, { facts: head.facts, complete: head.complete });
  } catch (err) {
    file.error = errorText(err);
  }
  return part;
}

/**
 * Stitches the ranges of one file, in file order (it uses them up: their records and sessions are moved into
 * the first one's accumulator). Returns undefined when they cannot be stitched (a client's sessions open at a
 * range start outlived its head, a range held back too much, or the clock went back past a session a range let go
 * idle): the file must then be read in one pass.
 */
export function mergeAssessParts(parts: readonly AssessPart[]): AssessmentAccumulator | undefined {
  if (parts.some((p) => p.overflow) || !rangeGroupingsStitch(parts.map((p) => p.idle))) return undefined;
  const acc = parts[0]!.acc;
  const merged = new HeadStitcher((s) => acc.addSession(s));
  const outbound = new OutboundTracker(acc);
  let offset = 0;
  for (const part of parts) {
    for (const state of part.states.values()) for (const st of state.inbound ?? []) for (const s of st.open) shiftSessionLines(s, 0, offset);
    if (part.first) {
      for (const [ip, state] of part.states) merged.builder.setClientState(ip, state);
      for (const [ip, c] of part.connections) outbound.setConnection(ip, c);
    } else {
      if (!merged.replay(part.heads, part.states, offset)) return undefined;
      for (const [ip, head] of part.outHeads) {
        for (const f of head.facts) outbound.pushFact(f);
        // The head's last reply opened a connection whatever was open: the range tracked it from there.
        if (head.complete) outbound.setConnection(ip, part.connections.get(ip));
      }
      acc.mergeRange(part.acc);
    }
    offset += part.lines;
  }
  merged.builder.flush();
  outbound.flush();
  return acc;
}

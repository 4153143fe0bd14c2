// Diagnostics for a log file on disk, streamed: the CLI's `check` and anything else that must not load
// a whole file. Reports the same problems and findings as the editor. A large file is checked in byte
// ranges (one per worker thread), each starting at a line boundary; the ranges' results are stitched in
// file order, so the result is the one a single pass gives.
import { pointRange, type Finding } from '../common/finding';
import type { ByteRange } from './fastReader';
import { problemFinding } from './problem';
import { parserAt, scanLogFile } from './scan';
import { HeadCollector, HeadStitcher, HoldBudget, newStopFlag, type Head } from './rangeHeads';
import { idleReleasesHeld, rangeGroupingsStitch, shiftSessionLines, type ClientState, type IdleRelease } from './sessions';
import { AcceptedDomainInference, firstDenialLine, mayBeInternetRelay, refusalFindings, relayFindings, sessionFindings, type SessionFinding } from './sessionRules';
import type { LogFormat, Session } from './types';

export interface FileCheckResult {
  format: LogFormat;
  /** The first findings by position (session findings at the start of their line: the file's lines are not kept). */
  problems: Finding[];
  /** Problems found in all, including those beyond the cap. */
  total: number;
  lines: number;
  bytes: number;
  sessions: number;
  /** Checked in ranges, its sessions could not be stitched: it was read again in one pass. */
  readInOnePass?: boolean;
  /** Sessions given up unterminated to bound memory (smtpLog/sessions.ts MAX_OPEN_SESSIONS). */
  givenUp: number;
}

export interface FileCheckOptions {
  acceptedDomains: readonly string[];
  maxProblems: number;
}

/** How a range (or the whole file) is read: `releaseIdle` false keeps every session open to its client's next record. */
export interface FilePartOptions extends FileCheckOptions {
  range?: ByteRange;
  stop?: Int32Array;
  releaseIdle?: boolean;
}

/**
 * One byte range's findings (structured-cloneable for workers). Line numbers count from the range's first
 * line. A range does not know the sessions still open where it starts, so for each client address it keeps
 * the records up to a few session starts (`heads`): the merge replays them onto the sessions open at the
 * range's start, and the range's own findings for that client count only from the last of them on.
 */
export interface FileCheckPart extends FileCheckResult {
  /** Sessions the open-relay rule must see once the accepted domains of the whole file are known. */
  candidates: Session[];
  /** Sessions with 550 recipients (relay denied or unknown user, once the accepted domains are known): the earliest only. */
  denied: Session[];
  /** 550 recipients of the sessions not kept (each is one finding either way, so the total stays exact). */
  droppedDenials: number;
  /** Accepted-domain evidence of this part (traffic/domains.ts), summed over parts (when none are configured). */
  inferred: [string, number][];
  /** Whether this is the file's first range (which starts with nothing open, so it has no heads). */
  first: boolean;
  /**
   * Per client address, the records the merge replays; `complete` when they reach the head's last session
   * start (otherwise they are all the client's records in the range).
   */
  heads: Map<string, Head>;
  /** Sessions open at the end of the range, by client address. */
  states: Map<string, ClientState>;
  /**
   * This range, or another of the file, held back more than MAX_HELD records (rangeHeads.ts) and gave up: the file
   * must be checked in one pass (the part then carries nothing else).
   */
  overflow: boolean;
  /** The sessions this range let go idle before its end (smtpLog/sessions.ts), for the merge to check. */
  idle: IdleRelease;
}

/** Public sessions kept for the open-relay rule, which needs the accepted domains of the whole file. */
const MAX_PUBLIC_CANDIDATES = 10_000;

/**
 * Keeps the `keep` sessions whose first refused recipient comes earliest (only the earliest lines are
 * printed), and returns how many refused recipients the others had.
 */
function keepEarliest(list: Session[], keep: number): number {
  list.sort((a, b) => firstDenialLine(a) - firstDenialLine(b));
  let dropped = 0;
  for (const s of list.splice(keep)) for (const m of s.messages) dropped += m.denied.length;
  return dropped;
}

/** Collects problems (the smallest lines first, capped) and session findings, as one pass does. */
class Findings {
  problems: Finding[] = [];
  total = 0;
  sessions = 0;
  readonly inference = new AcceptedDomainInference();
  candidates: Session[] = [];
  denied: Session[] = [];
  droppedDenials = 0;

  constructor(private readonly options: FileCheckOptions) {}

  add(p: Finding): void {
    this.total++;
    this.problems.push(p);
    // Only the first maxProblems by line are shown: keep those (whatever order they were found in).
    if (this.problems.length >= this.options.maxProblems * 8) this.problems = firstProblems(this.problems, this.options.maxProblems);
  }

  session(s: Session): void {
    this.sessions++;
    const explicit = this.options.acceptedDomains;
    for (const f of sessionFindings(s, explicit)) this.add(atLineStart(f));
    if (explicit.length > 0) {
      for (const f of relayFindings(s, explicit)) this.add(atLineStart(f));
      return;
    }
    // Findings that need the inferred accepted domains wait for the whole file.
    this.inference.add(s);
    if (mayBeInternetRelay(s)) {
      this.candidates.push(s);
      if (this.candidates.length >= MAX_PUBLIC_CANDIDATES * 2) this.candidates = firstSessions(this.candidates);
    } else if (firstDenialLine(s) >= 0) {
      this.denied.push(s);
      if (this.denied.length > 2 * this.options.maxProblems + 64) this.droppedDenials += keepEarliest(this.denied, this.options.maxProblems);
    }
  }
}

/** A session finding at the start of its line (a streamed check keeps no line text to find the needle in). */
function atLineStart(f: SessionFinding): Finding {
  return { code: f.info.code, severity: f.info.severity, message: f.message, range: pointRange(f.line, 0) };
}

/** `f` moved down by `lines`. */
function shifted(f: Finding, lines: number): Finding {
  const { start, end } = f.range;
  return { ...f, range: { start: { line: start.line + lines, character: start.character }, end: { line: end.line + lines, character: end.character } } };
}

function compareProblems(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

function firstProblems(problems: Finding[], max: number): Finding[] {
  return problems.sort(compareProblems).slice(0, max);
}

function firstSessions(sessions: Session[]): Session[] {
  return sessions.sort((a, b) => a.firstLine - b.firstLine).slice(0, MAX_PUBLIC_CANDIDATES);
}

/**
 * Checks the lines that start in `range` (the whole file without one). `stop` is the file's stop flag, shared by its
 * ranges (rangeHeads.ts HoldBudget).
 */
export async function checkLogFilePart(path: string, options: FilePartOptions): Promise<FileCheckPart> {
  const found = new Findings(options);
  const range = options.range;
  const first = !range || range.start === 0;
  const budget = new HoldBudget(options.stop);
  const releaseIdle = options.releaseIdle !== false;
  const builder = new HeadCollector(first, (s) => found.session(s), budget, releaseIdle);
  const scan = await scanLogFile(
    path,
    {
      onEntry: (entry, line) => {
        if (entry.kind === 'blank') return;
        if (entry.problems) for (const p of entry.problems) found.add(problemFinding(p, line));
        if (entry.kind === 'record') builder.push(entry);
      },
    },
    // Past a record its releases cannot take, the grouping is refused (a range) or read again (a whole file): stop.
    { range, parser: range ? (format) => parserAt(path, format, range.start) : undefined, isCancelled: () => budget.overflow || builder.builder.clockWentBack() },
  );
  if (budget.overflow) {
    // The merge will not use this part: what it gathered stays here rather than cross to the main thread.
    return { format: scan.format, problems: [], total: 0, lines: 0, bytes: 0, sessions: 0, givenUp: 0, candidates: [], denied: [], droppedDenials: 0, inferred: [], first, heads: new Map(), states: new Map(), overflow: true, idle: builder.builder.idleRelease() };
  }
  const idle = builder.builder.idleRelease();
  // A whole file whose clock went back past a released session: read once more keeping every session open (as
  // assessFilePart does); a range is refused by the merge instead.
  if (!range && releaseIdle && !idleReleasesHeld([idle])) return checkLogFilePart(path, { ...options, releaseIdle: false });
  return {
    format: scan.format,
    problems: found.problems,
    total: found.total,
    lines: scan.lines,
    bytes: scan.bytes,
    sessions: found.sessions,
    givenUp: idle.givenUp,
    candidates: found.candidates,
    denied: found.denied,
    droppedDenials: found.droppedDenials,
    inferred: found.inference.entries(),
    first,
    heads: builder.result(),
    states: builder.builder.clientStates(),
    overflow: false,
    idle,
  };
}

/**
 * Stitches the parts of one file, in file order (it uses them up: their lines are moved), and applies the
 * rules that need all of it. Returns undefined when a range held back too much, a client's sessions open at a
 * range start outlived its head, or the log's clock went back past a session let go idle (the file must then be
 * checked in one part, or without idle releases).
 */
export function mergeFileCheck(parts: readonly FileCheckPart[], options: FileCheckOptions): FileCheckResult | undefined {
  if (parts.some((p) => p.overflow) || !rangeGroupingsStitch(parts.map((p) => p.idle))) return undefined;
  const found = new Findings(options);
  let offset = 0;
  const merged = new HeadStitcher((s) => found.session(s));
  for (const part of parts) {
    for (const p of part.problems) found.add(shifted(p, offset));
    found.total += part.total - part.problems.length;
    found.sessions += part.sessions;
    found.inference.merge(part.inferred);
    found.droppedDenials += part.droppedDenials;
    for (const s of part.candidates) {
      shiftSessionLines(s, 0, offset);
      found.candidates.push(s);
    }
    for (const s of part.denied) {
      shiftSessionLines(s, 0, offset);
      found.denied.push(s);
    }
    for (const state of part.states.values()) {
      for (const st of state.inbound ?? []) for (const s of st.open) shiftSessionLines(s, 0, offset);
      if (state.outbound) {
        shiftSessionLines(state.outbound.session, 0, offset);
        for (const p of state.outbound.pending) p.line += offset;
      }
    }
    if (part.first) {
      for (const [ip, state] of part.states) merged.builder.setClientState(ip, state);
    } else {
      if (!merged.replay(part.heads, part.states, offset)) return undefined;
    }
    offset += part.lines;
  }
  merged.builder.flush();
  const explicit = options.acceptedDomains;
  const accepted = explicit.length > 0 ? explicit : found.inference.result();
  const problems = found.problems;
  let total = found.total + found.droppedDenials;
  for (const s of firstSessions(found.candidates)) {
    for (const f of relayFindings(s, accepted)) {
      total++;
      problems.push(atLineStart(f));
    }
  }
  total += keepEarliest(found.denied, options.maxProblems);
  for (const s of found.denied) {
    for (const f of refusalFindings(s, accepted)) {
      total++;
      problems.push(atLineStart(f));
    }
  }
  const first = parts[0]!;
  return {
    format: first.format,
    problems: firstProblems(problems, options.maxProblems),
    total,
    lines: offset,
    bytes: parts.reduce((n, p) => n + p.bytes, 0),
    sessions: found.sessions,
    givenUp: parts.reduce((n, p) => n + p.idle.givenUp, 0),
  };
}

/** `count` byte ranges of about equal size covering a file of `size` bytes. */
export function byteRanges(size: number, count: number): ByteRange[] {
  const ranges: ByteRange[] = [];
  for (let i = 0; i < count; i++) ranges.push({ start: Math.floor((size * i) / count), end: i === count - 1 ? size : Math.floor((size * (i + 1)) / count) });
  return ranges;
}

export async function checkLogFile(path: string, options: FileCheckOptions): Promise<FileCheckResult> {
  return mergeFileCheck([await checkLogFilePart(path, options)], options)!;
}

/**
 * Checks a file in byte ranges with `checkRange` (a worker thread, or this thread; `stop` is the file's stop flag,
 * rangeHeads.ts HoldBudget) and stitches them; falls back to one pass when the ranges cannot be stitched.
 * `rangesDone` is called once every range is in (the worker threads can go before a one-pass fallback).
 */
export async function checkLogFileInRanges(
  path: string,
  options: FileCheckOptions,
  ranges: readonly ByteRange[],
  checkRange: (range: ByteRange, stop: Int32Array) => Promise<FileCheckPart> = (range, stop) => checkLogFilePart(path, { ...options, range, stop }),
  rangesDone?: () => void,
): Promise<FileCheckResult> {
  const stop = newStopFlag();
  const parts = await Promise.all(ranges.map((range) => checkRange(range, stop)));
  rangesDone?.();
  const merged = mergeFileCheck(parts, options);
  if (merged) return merged;
  // Ranges whose clock went back past a release: the one pass keeps every session open from the start.
  const onePass = await checkLogFilePart(path, { ...options, releaseIdle: idleReleasesHeld(parts.map((p) => p.idle)) });
  return { ...mergeFileCheck([onePass], options)!, readInOnePass: true };
}

// Log files assessed through the worker pool, for the CLI's `assess` and the server's connector plan: files are
// shared out (the largest first, so the workers stay evenly busy) and a large file is read in byte ranges, one
// per worker, stitched in file order (assessment/fileRanges.ts), so the result equals a single thread's.
import { availableParallelism } from 'node:os';
import { AssessmentAccumulator } from '../assessment/accumulator';
import { mergeAssessParts, type AssessPart, type FileProgress } from '../assessment/fileRanges';
import { assessFile, type ExpandedPath } from '../assessment/sources';
import { byteRanges } from '../smtpLog/fileCheck';
import { newStopFlag } from '../smtpLog/rangeHeads';
import { idleReleasesHeld } from '../smtpLog/sessions';
import { POOL_WORKER, poolAvailable, WorkerPool } from './workerPool';

/** Files at least this large are split between the workers by byte range. */
const SPLIT_BYTES = 16 << 20;
/** Work (bytes in all) per worker thread worth starting one for. */
const BYTES_PER_THREAD = 4 << 20;

export interface PoolReadOptions {
  jobs: number;
  /** Bytes read, as they are read (file by file in one thread, as workers report them otherwise). */
  onBytes?: (bytes: number, label: string) => void;
  /** Polled while reading: when it returns true the workers are stopped and the files done so far returned. */
  isCancelled?: () => boolean;
  workerFile?: string;
  /**
   * A file whose byte ranges could not be stitched is read again on this thread (the CLI: no second heap beside it,
   * no clone of the result), not in a worker (the language server keeps its thread for requests).
   */
  readAgainHere?: boolean;
}

/** One file read on this thread, its progress reported as it goes; false when it was cancelled or failed. */
async function assessHere(acc: AssessmentAccumulator, f: ExpandedPath, options: PoolReadOptions, releaseIdle = true): Promise<boolean> {
  let seen = 0;
  return assessFile(acc, f.path, f.label, { isCancelled: options.isCancelled, onProgress: (done) => (options.onBytes?.(done - seen, f.label), (seen = done)) }, 0, 0, releaseIdle);
}

/** One file through the pool: whole, or in `count` byte ranges (read whole once more if they cannot be stitched). */
async function assessInPool(pool: WorkerPool, f: ExpandedPath, count: number, options: PoolReadOptions): Promise<AssessmentAccumulator> {
  const stop = newStopFlag();
  const run = async (range?: { start: number; end: number }, releaseIdle = true): Promise<AssessPart> => {
    const part = await pool.run<AssessPart>({ kind: 'assess', path: f.path, label: f.label, range, stop: range ? stop : undefined, releaseIdle }, f.label);
    return { ...part, acc: AssessmentAccumulator.fromClone(part.acc) };
  };
  const parts = await Promise.all(count > 1 ? byteRanges(f.size, count).map((range) => run(range)) : [run()]);
  const merged = parts.length === 1 ? parts[0]!.acc : mergeAssessParts(parts);
  if (merged) return merged;
  pool.recycleIdle();
  // Ranges whose clock went back past a release: the one pass keeps every session open from the start.
  const releaseIdle = idleReleasesHeld(parts.map((p) => p.idle));
  if (!options.readAgainHere) return (await run(undefined, releaseIdle)).acc;
  const acc = new AssessmentAccumulator();
  await assessHere(acc, f, options, releaseIdle);
  return acc;
}

/** Per-file accumulators in file order (unreadable files carry their error); `cancelled` when stopped early. */
export async function assessFiles(files: readonly ExpandedPath[], options: PoolReadOptions): Promise<{ parts: (AssessmentAccumulator | undefined)[]; cancelled: boolean }> {
  const parts: (AssessmentAccumulator | undefined)[] = new Array(files.length);
  const readable = files.map((f, index) => ({ f, index })).filter(({ f, index }) => {
    if (!f.error) return true;
    const acc = new AssessmentAccumulator();
    acc.beginFile(f.label, '', 0).error = f.error;
    parts[index] = acc;
    return false;
  });
  const totalBytes = readable.reduce((n, x) => n + x.f.size, 0);
  const threads = Math.min(options.jobs, Math.max(1, Math.floor(totalBytes / BYTES_PER_THREAD)));
  const workerFile = options.workerFile ?? POOL_WORKER;
  if (threads <= 1 || !poolAvailable(workerFile)) {
    for (const { f, index } of readable) {
      if (options.isCancelled?.()) return { parts, cancelled: true };
      const acc = new AssessmentAccumulator();
      const ok = await assessHere(acc, f, options);
      if (!ok && options.isCancelled?.()) return { parts, cancelled: true };
      parts[index] = acc;
    }
    return { parts, cancelled: false };
  }
  const pool = new WorkerPool(threads, workerFile, options.onBytes);
  const stopping = pool.closeWhen(options.isCancelled);
  try {
    await Promise.all(
      [...readable]
        .sort((a, b) => b.f.size - a.f.size || a.index - b.index)
        .map(async ({ f, index }) => {
          try {
            parts[index] = await assessInPool(pool, f, f.size >= SPLIT_BYTES ? threads : 1, options);
          } catch (err) {
            if (!stopping.cancelled()) throw err;
          }
        }),
    );
  } finally {
    stopping.stop();
    pool.close();
  }
  return { parts, cancelled: stopping.cancelled() };
}

/** Worker threads of the language server's reads at most: the editor and the rest of the machine keep theirs. */
const SERVER_JOBS = 4;

/**
 * The files merged into one accumulator (the server's connector plan): through the pool, with progress over
 * the total size and cancellation (which stops the workers).
 */
export async function assessPathsInPool(files: readonly ExpandedPath[], progress: FileProgress = {}, jobs = Math.min(SERVER_JOBS, availableParallelism())): Promise<{ acc: AssessmentAccumulator; cancelled: boolean }> {
  const total = files.reduce((n, f) => n + (f.error ? 0 : f.size), 0);
  let done = 0;
  const { parts, cancelled } = await assessFiles(files, {
    jobs,
    isCancelled: progress.isCancelled,
    onBytes: (bytes, label) => {
      done += bytes;
      progress.onProgress?.(Math.min(done, total), total, label);
    },
  });
  const acc = new AssessmentAccumulator();
  for (const p of parts) if (p) acc.merge(p);
  return { acc, cancelled };
}

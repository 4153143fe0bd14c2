// The one pool of worker threads that reads log files for `check`, `assess` and the server's connector plan.
// Jobs queue in the order they are given; each worker takes the next when it answers. A worker that throws, or
// exits before answering, fails the whole run with a message naming the file it was reading (never a hang
// waiting for a reply that cannot come); closing the pool (done, cancelled) terminates every worker.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PoolJob, PoolReply } from './poolWorker';
import { watchWorker } from './workerFailure';

/** Each worker's young generation (MB): enough for a chunk's garbage; peak RSS stays flat as input grows. */
const YOUNG_GENERATION_MB = 8;

/** The bundled worker entry (dist/poolWorker.js, beside cli.js and server.js). */
export const POOL_WORKER = join(__dirname, 'poolWorker.js');

/** Whether worker threads can be used (the bundle is built; tests run from sources read in one thread). */
export function poolAvailable(workerFile = POOL_WORKER): boolean {
  return existsSync(workerFile);
}

interface Task {
  job: PoolJob;
  label: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

export class WorkerPool {
  private readonly queue: Task[] = [];
  private readonly workers: Worker[] = [];
  private readonly idle: { worker: Worker; take: (task: Task) => void }[] = [];
  /** Jobs a worker is running. */
  private readonly running = new Set<Task>();
  private failure: Error | undefined;
  private closed = false;

  /** `onProgress` receives bytes read as workers report them, with the label of the file being read. */
  constructor(
    private readonly size: number,
    private readonly workerFile = POOL_WORKER,
    private readonly onProgress?: (bytes: number, label: string) => void,
  ) {}

  /** Runs `job` on the next free worker; `label` names the file in failure messages. */
  run<T>(job: PoolJob, label: string): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error(`${label}: the worker threads were stopped`));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ job, label, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
    });
  }

  /**
   * Polls `isCancelled` while the pool works and closes it when that returns true (the jobs then reject).
   * `cancelled()` tells a caller whether a rejection was that stop; `stop()` ends the polling.
   */
  closeWhen(isCancelled: (() => boolean) | undefined): { cancelled: () => boolean; stop: () => void } {
    let cancelled = false;
    const poll = isCancelled
      ? setInterval(() => {
          if (!isCancelled()) return;
          cancelled = true;
          this.close();
        }, 100)
      : undefined;
    return { cancelled: () => cancelled, stop: () => clearInterval(poll) };
  }

  /**
   * Terminates the workers that have nothing to do (others start when jobs come): the heap of a job that was
   * given up (a file's byte ranges that could not be stitched) goes with them instead of staying beside the
   * one pass that follows.
   */
  recycleIdle(): void {
    for (const { worker } of this.idle.splice(0)) {
      this.workers.splice(this.workers.indexOf(worker), 1);
      void worker.terminate();
    }
  }

  /** Terminates every worker; jobs not answered yet are rejected. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.failAll(new Error('the worker threads were stopped'));
    for (const w of this.workers) void w.terminate();
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const free = this.idle.pop();
      if (free) free.take(this.queue.shift()!);
      else if (this.workers.length < this.size) this.spawn();
      else return;
    }
  }

  private spawn(): void {
    // A small young generation: a worker's garbage is short-lived (lines, records), and V8's default lets each
    // worker's nursery grow to tens of MB, which made `check` pass 200 MB of RSS on a 600 MB log (issue 13).
    const worker = new Worker(this.workerFile, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    this.workers.push(worker);
    let current: Task | undefined;
    const take = (task: Task): void => {
      current = task;
      this.running.add(task);
      worker.postMessage(task.job);
    };
    worker.on('message', (m: PoolReply) => {
      if ('progress' in m) {
        if (current) this.onProgress?.(m.progress, current.label);
        return;
      }
      const task = current;
      current = undefined;
      if (!task) return;
      this.running.delete(task);
      if ('error' in m) task.reject(new Error(`${task.label}: ${m.error}`));
      else task.resolve(m.result);
      this.idle.push({ worker, take });
      this.dispatch();
    });
    watchWorker(worker, () => (this.closed ? undefined : current?.label)).then(
      () => undefined,
      (err: Error) => {
        const task = current;
        current = undefined;
        if (task) this.running.delete(task);
        // The first failure ends the run: every other job is refused with it, and the other workers stop.
        this.failure ??= err;
        task?.reject(err);
        this.close();
      },
    );
    this.idle.push({ worker, take });
  }

  private failAll(err: Error): void {
    const tasks = [...this.running, ...this.queue.splice(0)];
    this.running.clear();
    for (const task of tasks) task.reject(this.failure ?? err);
  }
}

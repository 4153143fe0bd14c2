// How the worker pool's threads fail: a worker that throws, or exits before answering, ends the run with a
// message naming the file it was reading (never a hang waiting for a reply that cannot come).
import type { Worker } from 'node:worker_threads';

/**
 * Rejects when `worker` reports an error or exits while `busyWith()` names a file; resolves on a clean exit
 * with nothing left to do.
 */
export function watchWorker(worker: Worker, busyWith: () => string | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    worker.once('error', (err: Error) => reject(new Error(`${busyWith() ?? 'worker'}: worker thread failed: ${err.message}`)));
    worker.once('exit', (code) => {
      const file = busyWith();
      if (file !== undefined) reject(new Error(`${file}: worker thread stopped (exit code ${code}) before it finished`));
      else resolve();
    });
  });
}

// Worker thread for `check`: checks one partition of a large log file and posts the part back.
import { parentPort } from 'node:worker_threads';
import type { Partition } from './fastReader';
import { checkLogFilePart, type FileCheckOptions } from './fileCheck';

export interface CheckJob {
  path: string;
  options: FileCheckOptions;
  partition: Partition;
}

parentPort?.on('message', (job: CheckJob | null) => {
  if (job === null) {
    parentPort!.close();
    return;
  }
  checkLogFilePart(job.path, { ...job.options, partition: job.partition }).then(
    (part) => parentPort!.postMessage({ part }),
    (err: unknown) => parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) }),
  );
});

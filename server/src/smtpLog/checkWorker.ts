// Worker thread for `check`: checks one byte range of a large log file and posts the part back.
import { parentPort } from 'node:worker_threads';
import type { ByteRange } from './fastReader';
import { checkLogFilePart, type FileCheckOptions } from './fileCheck';

export interface CheckJob {
  path: string;
  options: FileCheckOptions;
  range: ByteRange;
}

parentPort?.on('message', (job: CheckJob | null) => {
  if (job === null) {
    parentPort!.close();
    return;
  }
  checkLogFilePart(job.path, { ...job.options, range: job.range }).then(
    (part) => parentPort!.postMessage({ part }),
    (err: unknown) => parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) }),
  );
});

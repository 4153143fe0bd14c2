// Worker thread for the CLI: assesses the files it is sent, one at a time, and posts back each file's
// accumulator (structured clone) so the main thread merges them in file order, deterministically.
import { parentPort } from 'node:worker_threads';
import { AssessmentAccumulator } from './accumulator';
import { assessFile } from './sources';

export interface WorkerJob {
  index: number;
  path: string;
  label: string;
}

export interface WorkerReply {
  index: number;
  acc: AssessmentAccumulator;
  bytes: number;
}

parentPort?.on('message', (job: WorkerJob | null) => {
  if (job === null) {
    parentPort!.close();
    return;
  }
  const acc = new AssessmentAccumulator();
  let lastReport = 0;
  void assessFile(acc, job.path, job.label, {
    onProgress: (done) => {
      if (done - lastReport >= 8 << 20) {
        parentPort!.postMessage({ progress: done - lastReport });
        lastReport = done;
      }
    },
  }).then(() => {
    const total = acc.files[0]?.bytes ?? 0;
    parentPort!.postMessage({ progress: Math.max(0, total - lastReport) });
    parentPort!.postMessage({ index: job.index, acc, bytes: total } satisfies WorkerReply);
  });
});

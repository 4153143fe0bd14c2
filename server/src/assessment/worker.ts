// Worker thread for the CLI: assesses the files it is sent, one at a time, and posts back each file's
// accumulator (structured clone) so the main thread merges them in file order, deterministically.
import { parentPort } from 'node:worker_threads';
import { AssessmentAccumulator } from './accumulator';
import type { Partition } from '../smtpLog/fastReader';
import { assessFile } from './sources';

export interface WorkerJob {
  index: number;
  path: string;
  label: string;
  partition?: Partition;
}

export interface WorkerReply {
  index: number;
  partition?: Partition;
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
  // With partitions each worker reads the whole file, so progress is reported as its share.
  const share = job.partition ? job.partition.count : 1;
  void assessFile(
    acc,
    job.path,
    job.label,
    {
      onProgress: (done) => {
        if (done - lastReport >= 8 << 20) {
          parentPort!.postMessage({ progress: (done - lastReport) / share });
          lastReport = done;
        }
      },
    },
    0,
    0,
    job.partition,
  ).then(() => {
    const total = acc.files[0]?.bytes ?? 0;
    parentPort!.postMessage({ progress: Math.max(0, total - lastReport) / share });
    parentPort!.postMessage({ index: job.index, partition: job.partition, acc, bytes: total } satisfies WorkerReply);
  });
});

// Worker thread of the pool (workerPool.ts): runs the jobs it is sent, one at a time, and posts each result
// back (structured clone): a byte range of a log for `check`, a file or byte range of one for the assessment, the
// Edge's protocol logs for the cut-over status.
import { parentPort } from 'node:worker_threads';
import { assessFilePart, type AssessPart } from '../assessment/fileRanges';
import { collectEdgeSources, type EdgeCollection, type EdgeFile } from '../exchangeLog/edgeSources';
import type { ByteRange } from '../smtpLog/fastReader';
import { checkLogFilePart, type FileCheckOptions, type FileCheckPart } from '../smtpLog/fileCheck';

export type PoolJob =
  | { kind: 'check'; path: string; options: FileCheckOptions; range: ByteRange; stop?: Int32Array }
  | { kind: 'assess'; path: string; label: string; range?: ByteRange; stop?: Int32Array; releaseIdle?: boolean }
  | { kind: 'edge'; files: EdgeFile[] };

export type PoolReply = { progress: number } | { result: FileCheckPart | AssessPart | EdgeCollection } | { error: string };

/** Bytes read between two progress messages. */
const PROGRESS_STEP = 8 << 20;

async function runJob(job: PoolJob): Promise<FileCheckPart | AssessPart | EdgeCollection> {
  if (job.kind === 'check') return checkLogFilePart(job.path, { ...job.options, range: job.range, stop: job.stop });
  if (job.kind === 'edge') return collectEdgeSources(job.files);
  let reported = 0;
  const report = (done: number): void => {
    parentPort!.postMessage({ progress: done - reported } satisfies PoolReply);
    reported = done;
  };
  const from = job.range?.start ?? 0;
  const part = await assessFilePart(
    job.path,
    job.label,
    job.range,
    {
      onProgress: (read) => {
        if (read - reported >= PROGRESS_STEP) report(read);
      },
    },
    0,
    0,
    job.stop,
    job.releaseIdle,
  );
  // A range reads a little past its end to finish its last line: progress counts the range's own bytes.
  const size = job.range ? job.range.end - from : (part.acc.files[0]?.bytes ?? reported);
  if (size > reported) report(size);
  const { cancelled: _, ...result } = part;
  return result;
}

parentPort?.on('message', (job: PoolJob) => {
  runJob(job).then(
    (result) => parentPort!.postMessage({ result } satisfies PoolReply),
    (err: unknown) => parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) } satisfies PoolReply),
  );
});

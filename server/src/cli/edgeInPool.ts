// The Edge's protocol logs read for the server's cut-over status in a worker thread of the pool: the server's
// main thread answers the editor meanwhile (the IIS logs go through assessInPool.ts the same way). One worker,
// since receive sessions continue from one hourly file into the next and are read in path order
// (exchangeLog/edgeSources.ts). Without the bundled worker (tests from sources) they are read in this thread.
import { collectEdgeSources, EdgeSourceCollector, type EdgeCollection, type EdgeFile } from '../exchangeLog/edgeSources';
import { POOL_WORKER, poolAvailable, WorkerPool } from './workerPool';

export interface EdgeReadOptions {
  /** Polled while reading: when it returns true the worker is stopped. */
  isCancelled?: () => boolean;
  workerFile?: string;
}

/** The Edge logs' facts; `cancelled` (with an empty collection) when stopped before the worker answered. */
export async function collectEdgeInPool(files: readonly EdgeFile[], options: EdgeReadOptions = {}): Promise<{ edge: EdgeCollection; cancelled: boolean }> {
  const workerFile = options.workerFile ?? POOL_WORKER;
  if (files.length === 0 || !poolAvailable(workerFile)) return { edge: await collectEdgeSources(files), cancelled: false };
  const pool = new WorkerPool(1, workerFile);
  const stopping = pool.closeWhen(options.isCancelled);
  try {
    return { edge: await pool.run<EdgeCollection>({ kind: 'edge', files: [...files] }, 'the Edge protocol logs'), cancelled: false };
  } catch (err) {
    if (!stopping.cancelled()) throw err;
    return { edge: new EdgeSourceCollector().result(), cancelled: true };
  } finally {
    stopping.stop();
    pool.close();
  }
}

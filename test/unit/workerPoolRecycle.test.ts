// The pool lets go of the workers whose byte ranges were given up before a file is read again in one pass: `check`
// closes the pool first (the pass runs on the main thread), `assess` terminates the idle workers (the pass runs in
// a fresh one). Either way the result is the one-pass result.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { checkLogInWorkers } from '../../server/src/cli/check';
import { WorkerPool } from '../../server/src/cli/workerPool';
import { checkLogFile } from '../../server/src/smtpLog/fileCheck';

/** The bundled pool worker (run from sources, the pool would look for it beside workerPool.ts). */
const BUILT_WORKER = join(__dirname, '..', '..', 'dist', 'poolWorker.js');

let dir: string;
before(() => (dir = mkdtempSync(join(tmpdir(), 'pool-recycle-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

test('recycleIdle terminates idle workers; the next job runs in a new one', async () => {
  const worker = join(dir, 'thread-id.js');
  writeFileSync(worker, "const w = require('node:worker_threads'); w.parentPort.on('message', () => w.parentPort.postMessage({ result: w.threadId }));");
  const pool = new WorkerPool(1, worker);
  try {
    const first = await pool.run<number>({ kind: 'edge', files: [] }, 'a');
    assert.equal(await pool.run<number>({ kind: 'edge', files: [] }, 'b'), first, 'an idle worker is reused');
    pool.recycleIdle();
    const third = await pool.run<number>({ kind: 'edge', files: [] }, 'c');
    assert.notEqual(third, first, 'after recycling, a new worker thread answers');
  } finally {
    pool.close();
  }
});

test('check in worker threads: ranges that cannot be stitched are read again in one pass after the pool is closed', async () => {
  assert.ok(existsSync(BUILT_WORKER), 'npm run test:unit builds dist/ first');
  // As in smtpLogScan.test.ts: a session open across many of its client's later sessions outlives any head.
  const rows = ['#Fields: time c-ip s-ip cs-method cs-uri-query sc-status'];
  rows.push('00:00:00 10.1.1.1 10.0.0.5 EHLO +a 250', '00:00:01 10.1.1.1 10.0.0.5 MAIL +FROM:<a@contoso.com> 250');
  for (let k = 0; k < 200; k++) rows.push(`00:01:${String(k % 60).padStart(2, '0')} 10.1.1.1 10.0.0.5 EHLO +b 250`, `00:01:${String(k % 60).padStart(2, '0')} 10.1.1.1 10.0.0.5 QUIT +b 240`);
  rows.push('00:05:00 10.1.1.1 10.0.0.5 RCPT +TO:<x@fabrikam.example> 250', '00:05:00 10.1.1.1 10.0.0.5 QUIT +a 240');
  const path = join(dir, 'unstitchable.log');
  writeFileSync(path, rows.join('\n') + '\n');
  const options = { acceptedDomains: [], maxProblems: 1000 };
  const { readInOnePass, ...result } = await checkLogInWorkers(path, options, 4, BUILT_WORKER);
  assert.equal(readInOnePass, true);
  assert.deepEqual(result, await checkLogFile(path, options));
});

// Attack: a worker thread that throws or dies. The one worker pool (server/src/cli/workerPool.ts), for check
// and for assess, must end with a message naming the file, never hang.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { assessAll, ProgressBar } from '../../../server/src/cli/assess';
import { checkLogInWorkers } from '../../../server/src/cli/check';

let dir: string;
const WORKERS = {
  throws: "require('node:worker_threads').parentPort.on('message', (job) => { if (job) throw new Error('boom in worker'); });",
  exits: "require('node:worker_threads').parentPort.on('message', (job) => { if (job) process.exit(7); });",
  rejects: "require('node:worker_threads').parentPort.on('message', (job) => { if (job) Promise.reject(new Error('async boom')); });",
};

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'attack-workers-'));
  for (const [name, code] of Object.entries(WORKERS)) writeFileSync(join(dir, `${name}.js`), code);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Fails instead of hanging. */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`hung for ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

for (const kind of Object.keys(WORKERS)) {
  test(`check pool: a worker that ${kind} ends the file's check with its name`, async () => {
    // The pool splits the file by byte range: it must exist; the fake worker never reads it.
    const file = join(dir, `ex-${kind}.log`);
    writeFileSync(file, '#Software: Microsoft Internet Information Services 6.0\r\n');
    await assert.rejects(within(10_000, checkLogInWorkers(file, { acceptedDomains: [], maxProblems: 10 }, 3, join(dir, `${kind}.js`))), (err: Error) => {
      assert.ok(err.message.startsWith(`${file}: worker thread`), err.message);
      return true;
    });
  });

  test(`assess pool: a worker that ${kind} ends the run with the file's name`, async () => {
    // Sizes only steer the split between threads; the fake worker never reads the files.
    const files = ['a.log', 'b.log', 'c.log'].map((name) => ({ path: join(dir, name), label: `logs/${name}`, size: 64 << 20 }));
    await assert.rejects(within(10_000, assessAll(files, 3, new ProgressBar(0, false), join(dir, `${kind}.js`))), (err: Error) => {
      assert.match(err.message, /^logs\/[abc]\.log: worker thread (failed|stopped)/);
      return true;
    });
  });
}

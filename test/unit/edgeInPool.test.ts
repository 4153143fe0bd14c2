// The server's cut-over status reads the Edge's protocol logs in a worker thread (cli/edgeInPool.ts): the facts
// equal the ones read in this thread, a stop request ends the read, and a failing worker names what it read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectEdgeInPool } from '../../server/src/cli/edgeInPool';
import { collectEdgeSources, type EdgeFile } from '../../server/src/exchangeLog/edgeSources';
import { REPO_ROOT } from '../helpers/lspClient';

const BUILT_WORKER = join(REPO_ROOT, 'dist', 'poolWorker.js');
const EDGE = join(REPO_ROOT, 'test', 'fixtures', 'exchangeLog', 'edge', 'ProtocolLog');
const FILES: EdgeFile[] = [
  { path: join(EDGE, 'SmtpReceive', 'RECV2026112008-1.LOG'), logType: 'receive' },
  { path: join(EDGE, 'SmtpSend', 'SEND2026112008-1.LOG'), logType: 'send' },
  { path: join(EDGE, 'SmtpReceive', 'RECV-missing.LOG'), logType: 'receive' },
];

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'edge-pool-'));
  writeFileSync(join(dir, 'silent.js'), "require('node:worker_threads').parentPort.on('message', () => undefined);");
  writeFileSync(join(dir, 'throws.js'), "require('node:worker_threads').parentPort.on('message', (job) => { if (job) throw new Error('boom in worker'); });");
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the worker thread reads the same Edge facts as this thread (the unreadable file recorded, not thrown)', async () => {
  assert.ok(existsSync(BUILT_WORKER), 'npm run build makes dist/poolWorker.js before the unit tests');
  const inThread = await collectEdgeSources(FILES);
  const { edge, cancelled } = await collectEdgeInPool(FILES, { workerFile: BUILT_WORKER });
  assert.equal(cancelled, false);
  assert.ok(inThread.sources.length > 0 && inThread.errors.length === 1, JSON.stringify(inThread.errors));
  assert.deepEqual(edge, inThread);
});

test('a stop request ends the read of a worker that never answers, with an empty collection', async () => {
  const { edge, cancelled } = await collectEdgeInPool(FILES, { workerFile: join(dir, 'silent.js'), isCancelled: () => true });
  assert.equal(cancelled, true);
  assert.deepEqual(edge.sources, []);
});

test('a worker that throws fails the read with a message naming the Edge logs', async () => {
  await assert.rejects(collectEdgeInPool(FILES, { workerFile: join(dir, 'throws.js') }), /^Error: the Edge protocol logs: worker thread/);
});

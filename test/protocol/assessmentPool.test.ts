// iisSmtp.connectorPlan reads files through the CLI's worker pool (server/src/cli/workerPool.ts): a large file
// in byte ranges gives the CLI's one-thread script, and cancelling stops the worker threads.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CancellationTokenSource, WorkDoneProgress } from 'vscode-languageserver-protocol';
import { CONNECTOR_PLAN_COMMAND, type ConnectorPlanResult } from '../../server/src/protocol';
import { REPO_ROOT, startClient, type TestLspClient } from '../helpers/lspClient';
import { writeLargeLog } from '../helpers/logGenerator';

let client: TestLspClient;
let dir: string;

before(async () => {
  client = await startClient({ settings: { acceptedDomains: [] } });
  dir = mkdtempSync(join(tmpdir(), 'plan-pool-'));
  mkdirSync(join(dir, 'logs'));
  await writeLargeLog(join(dir, 'logs', 'ex250101.log'), 40e6, 17, 'mx');
});

after(async () => {
  await client.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

/** OS threads of the server process (worker threads are threads of it). */
function threads(): number {
  const m = /^Threads:\s+(\d+)/m.exec(readFileSync(`/proc/${client.process.pid}/status`, 'utf8'));
  return Number(m![1]);
}

test('a large file read in byte ranges by the pool gives the one-thread script of the CLI', async () => {
  const r = (await client.executeCommand(CONNECTOR_PLAN_COMMAND, [{ paths: [join(dir, 'logs')] }])) as ConnectorPlanResult;
  assert.ok(r.summary.messages > 10_000);
  const cli = execFileSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'assess', join(dir, 'logs'), '--format', 'ps1', '--jobs', '1'], { encoding: 'utf8' });
  assert.equal(r.script, cli);
});

test('cancelling the read stops the worker threads', async () => {
  const idle = threads();
  const source = new CancellationTokenSource();
  const token = 'plan-pool-cancel';
  let busy = 0;
  const listener = client.connection.onProgress(WorkDoneProgress.type, token, (v) => {
    if (v.kind !== 'report' || source.token.isCancellationRequested) return;
    busy = threads();
    source.cancel();
  });
  try {
    const res = (await client.connection.sendRequest('workspace/executeCommand', { command: CONNECTOR_PLAN_COMMAND, arguments: [{ paths: [join(dir, 'logs')] }], workDoneToken: token }, source.token)) as ConnectorPlanResult;
    assert.equal(res.cancelled, true);
  } catch (err) {
    assert.equal((err as { code?: number }).code, -32800, String(err));
  } finally {
    listener.dispose();
  }
  if (availableParallelism() > 1) assert.ok(busy > idle, `worker threads while reading (${busy} threads, ${idle} before)`);
  // Terminated workers leave within moments; the server itself keeps running.
  const deadline = Date.now() + 10_000;
  while (threads() > idle && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.ok(threads() <= idle, `threads after cancel: ${threads()}, before: ${idle}`);
  assert.equal(client.exited, false);
});

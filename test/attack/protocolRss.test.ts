// Attack (slow): 10 000 abusive requests to the real server (unknown and closed documents, impossible
// positions, junk changes, cancel storms, failing commands). It answers all of them, and its resident memory
// after 10 000 is not much above what it was after 2 000 (no unbounded growth). Linux (/proc) only.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CONNECTOR_PLAN_COMMAND } from '../../server/src/protocol';
import { LOG_FIXTURES } from '../helpers/logDoc';
import { startClient } from '../helpers/lspClient';

const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

test('RSS after 10 000 abusive requests does not grow unboundedly', { skip: process.platform !== 'linux' }, async () => {
  const client = await startClient();
  try {
    const log = readFileSync(join(LOG_FIXTURES, 'w3c-relay.log'), 'latin1');
    const uri = 'file:///rss.log';
    let version = 1;
    const one = async (i: number): Promise<void> => {
      const kind = i % 8;
      if (kind === 0) return void (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: `file:///gone${i}.log` }, position: { line: i, character: -i } }).catch(() => undefined));
      if (kind === 1) return void (await client.hover(uri, { line: 99999 + i, character: 3 }));
      if (kind === 2) {
        await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: { line: -i, character: 0 }, end: { line: i, character: 9 } }, text: log }] });
        return;
      }
      if (kind === 3) return void (await client.connection.sendNotification('$/cancelRequest', { id: i }));
      if (kind === 4) return void (await client.executeCommand(CONNECTOR_PLAN_COMMAND, [{ paths: [`/nonexistent/${i}.log`], metabase: '/dev/zero' }]).catch(() => undefined));
      if (kind === 5) return void (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }));
      if (kind === 6) return void (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 1e6 } }));
      return void (await client.connection.sendRequest('no/such/method', { i }).catch(() => undefined));
    };
    await client.open(uri, 'iis-smtp-log', log);
    const run = async (from: number, to: number): Promise<void> => {
      for (let i = from; i < to; i += 50) await Promise.all(Array.from({ length: Math.min(50, to - i) }, (_, k) => one(i + k)));
    };
    await run(0, 2000);
    const early = rssMb(client.process.pid!);
    await run(2000, 10_000);
    const late = rssMb(client.process.pid!);
    console.log(`[rss] server after 2 000 requests ${early.toFixed(0)} MB, after 10 000 ${late.toFixed(0)} MB`);
    assert.equal(client.exited, false);
    assert.ok(late - early < 64, `RSS grew from ${early.toFixed(0)} to ${late.toFixed(0)} MB`);
    assert.ok(await client.hover(uri, { line: 0, character: 2 }) !== undefined);
  } finally {
    await client.shutdown();
  }
});

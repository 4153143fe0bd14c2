// One document's analysis never starves requests on the others (issue 15): a burst of edits to a script that is
// slow to analyse, and a hover on another script sent right after it, arrive at the server in one write. The
// hover must be answered before the script's diagnostics for its last version are published, the burst must be
// analysed once (no diagnostics for the versions in between), and those diagnostics must equal a fresh open's.
// Deterministic: it asserts the order of the server's output, not how long anything took.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startClient, type TestLspClient } from '../helpers/lspClient';

/** A script the grammar finds pathological (nested unclosed `@{(`): every edit costs a slow re-parse. */
const slowScript = (bytes: number): string => `New-ReceiveConnector ${'@{('.repeat(Math.floor(bytes / 3))}\n`;
const SMALL = "New-ReceiveConnector -Name 'App relay' -Usage Custom -Bindings 0.0.0.0:25 -RemoteIPRanges 10.1.40.21\n";

const frame = (message: object): string => {
  const body = JSON.stringify({ jsonrpc: '2.0', ...message });
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
};

/** The messages the server writes, in order, parsed from its stdout alongside the test client's own reader. */
function tapOutput(client: TestLspClient): { messages: Record<string, unknown>[] } {
  const tap = { messages: [] as Record<string, unknown>[] };
  let pending = Buffer.alloc(0);
  client.process.stdout.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      const headerEnd = pending.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(pending.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (pending.length < headerEnd + 4 + length) return;
      tap.messages.push(JSON.parse(pending.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as Record<string, unknown>);
      pending = pending.subarray(headerEnd + 4 + length);
    }
  });
  return tap;
}

let client: TestLspClient;
before(async () => {
  client = await startClient();
});
after(() => client.shutdown());

test('a hover on one script is answered before the diagnostics of a burst of edits to a slow one', async () => {
  const slow = 'file:///sched/slow.ps1';
  const small = 'file:///sched/small.ps1';
  const text = slowScript(60_000);
  await client.open(slow, 'powershell', text);
  await client.open(small, 'powershell', SMALL);
  await client.waitForVersion(slow, 1, 60_000);
  await client.waitForVersion(small, 1, 60_000);
  const tap = tapOutput(client);

  // Five keystrokes on the slow script, then a hover on the other one: a single write (under PIPE_BUF, so the
  // server reads it whole and queues all six messages before handling any).
  const typed = 'Set-X';
  const burst = [...typed].map((ch, k) =>
    frame({
      method: 'textDocument/didChange',
      params: { textDocument: { uri: slow, version: k + 2 }, contentChanges: [{ range: { start: { line: 1, character: k }, end: { line: 1, character: k } }, text: ch }] },
    }),
  );
  burst.push(frame({ id: 'hover-during-burst', method: 'textDocument/hover', params: { textDocument: { uri: small }, position: { line: 0, character: 3 } } }));
  const payload = burst.join('');
  assert.ok(Buffer.byteLength(payload) < 4096, 'the burst fits one atomic pipe write');
  client.process.stdin.write(payload);
  const last = typed.length + 1;
  const final = await client.waitForVersion(slow, last, 60_000);

  const order = tap.messages.flatMap((m) => {
    if (m.id === 'hover-during-burst') return ['hover'];
    const p = m.params as PublishDiagnosticsParams | undefined;
    // Version 1 may be published again when the settings first arrive; the burst's versions are the point.
    return m.method === 'textDocument/publishDiagnostics' && p?.uri === slow && p.version !== 1 ? [`diagnostics v${p.version}`] : [];
  });
  assert.deepEqual(order, ['hover', `diagnostics v${last}`], 'hover first, then the burst analysed once at its last version');
  const hover = tap.messages.find((m) => m.id === 'hover-during-burst') as { result?: unknown; error?: unknown };
  assert.equal(hover.error, undefined);
  assert.ok(hover.result, 'the hover on the other script has content');

  // The coalesced analysis equals a fresh open of the same text.
  const fresh = 'file:///sched/fresh.ps1';
  await client.open(fresh, 'powershell', text + typed);
  const reference = await client.waitForVersion(fresh, 1, 60_000);
  assert.ok(reference.diagnostics.length > 0, 'the script has findings to compare');
  assert.deepEqual(final.diagnostics, reference.diagnostics);
});

test('edits that cancel out, in one burst, leave the diagnostics of the original text', async () => {
  const uri = 'file:///sched/undo.ps1';
  await client.open(uri, 'powershell', SMALL);
  const before = await client.waitForVersion(uri, 1);
  const at = { line: 0, character: 6 };
  client.process.stdin.write(
    [
      frame({ method: 'textDocument/didChange', params: { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: at, end: at }, text: 'Zz\r\n' }] } }),
      frame({ method: 'textDocument/didChange', params: { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: at, end: { line: 1, character: 0 } }, text: '' }] } }),
    ].join(''),
  );
  const after = await client.waitForVersion(uri, 3);
  assert.deepEqual(after.diagnostics, before.diagnostics);
});

test('a request on a document whose edits are still queued sees its latest text', async () => {
  const uri = 'file:///sched/request.ps1';
  await client.open(uri, 'powershell', SMALL);
  await client.waitForVersion(uri, 1);
  const added = "Set-SendConnector 'Out' -MaxMessageSize 10MB\n";
  const tap = tapOutput(client);
  client.process.stdin.write(
    [
      frame({ method: 'textDocument/didChange', params: { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: added.slice(0, 10) }] } }),
      frame({ method: 'textDocument/didChange', params: { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 1, character: 10 }, end: { line: 1, character: 10 } }, text: added.slice(10) }] } }),
      frame({ id: 'hover-on-new-text', method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 1, character: 5 } } }),
    ].join(''),
  );
  await client.waitForVersion(uri, 3);
  const hover = tap.messages.find((m) => m.id === 'hover-on-new-text') as { result?: { contents?: unknown } } | undefined;
  assert.match(JSON.stringify(hover?.result?.contents ?? null), /Set-SendConnector/);
});

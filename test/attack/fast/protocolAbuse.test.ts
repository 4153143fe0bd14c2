// Attack: the real server over stdio (dist/server.js, needs `npm run build`) fed malformed framing and JSON,
// requests for documents it does not have, impossible positions, cancel storms, concurrent file plans over
// special files, untrusted-workspace paths, and shutdown/exit in every order. It answers, never dies.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { CONNECTOR_PLAN_COMMAND, CUTOVER_COMMAND, type ConnectorPlanResult, type CutoverCommandResult } from '../../../server/src/protocol';
import { USER_PICKED_NOTIFICATION, WORKSPACE_TRUST_NOTIFICATION } from '../../../server/src/protocol/trust';
import { LOG_FIXTURES } from '../../helpers/logDoc';
import { startClient, TestLspClient } from '../../helpers/lspClient';

const posix = process.platform !== 'win32';
const LOG = readFileSync(join(LOG_FIXTURES, 'w3c-relay.log'), 'latin1');
let client: TestLspClient;
let dir: string;

before(async () => {
  client = await startClient();
  dir = mkdtempSync(join(tmpdir(), 'attack-protocol-'));
});
after(async () => {
  await client.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

/** The server is alive and answers a request. */
async function answers(c: TestLspClient): Promise<void> {
  assert.equal(c.exited, false, `server exited: ${c.stderr.slice(-2000)}`);
  const uri = 'file:///alive.log';
  await c.open(uri, 'iis-smtp-log', LOG);
  const hover = await Promise.race([c.hover(uri, { line: 4, character: 22 }), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer in 10 s')), 10_000))]);
  assert.ok(hover, 'a hover answer');
  await c.close(uri);
}

const raw = (c: TestLspClient, text: string): Promise<void> => new Promise((resolve) => c.process.stdin.write(Buffer.from(text, 'latin1'), () => resolve()));

test('malformed framing and JSON between messages: skipped, the server keeps listening', async () => {
  const frames = [
    'hello\r\n\r\n',
    'Content-Length: abc\r\n\r\n',
    'Content-Length: 99999999999999\r\n\r\n',
    'X-No-Colon\r\nContent-Length: 2\r\n\r\n{}',
    'garbage without any line break ',
    'Content-Length: 9\r\n\r\n{not json',
    'Content-Length: 2\r\n\r\n[]',
    'Content-Length: 4\r\n\r\nnull',
    `Content-Length: 40\r\n\r\n${JSON.stringify({ jsonrpc: '2.0', id: 'x', method: 7 }).padEnd(40)}`,
    `Content-Length: 60\r\n\r\n${JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: 5 }).padEnd(60)}`,
    '\x00\xff\xfe'.repeat(5000),
  ];
  for (const frame of frames) {
    await raw(client, frame);
    await answers(client);
  }
});

test('requests for unopened and closed documents, impossible positions and params: answered, never fatal', async () => {
  const uri = 'file:///abuse.log';
  const calls: [string, unknown][] = [];
  const positions = [{ line: 99999, character: 0 }, { line: -1, character: -5 }, { line: 0, character: 1e9 }, { line: 'x', character: null }, null];
  const docs = [uri, 'untitled:none', 'file:///never-opened.ps1', ''];
  for (const d of docs) {
    for (const position of positions) {
      calls.push(['textDocument/hover', { textDocument: { uri: d }, position }]);
      calls.push(['textDocument/completion', { textDocument: { uri: d }, position }]);
      calls.push(['textDocument/signatureHelp', { textDocument: { uri: d }, position }]);
      calls.push(['textDocument/codeAction', { textDocument: { uri: d }, range: { start: position, end: position }, context: { diagnostics: [] } }]);
    }
    calls.push(['textDocument/documentSymbol', { textDocument: { uri: d } }], ['textDocument/foldingRange', { textDocument: { uri: d } }], ['textDocument/codeLens', { textDocument: { uri: d } }]);
  }
  calls.push(['workspace/executeCommand', { command: CONNECTOR_PLAN_COMMAND, arguments: [{ uri: 'file:///never-opened.log' }] }]);
  calls.push(['workspace/executeCommand', { command: CONNECTOR_PLAN_COMMAND, arguments: [7, null, 'x'] }]);
  calls.push(['workspace/executeCommand', { command: 'no.such.command', arguments: [] }]);
  calls.push(['no/such/method', {}]);
  const run = async (): Promise<void> => {
    for (const [method, params] of calls) await client.connection.sendRequest(method, params).catch(() => undefined);
  };
  await run();
  await answers(client);
  // Open, then closed: the same requests again.
  await client.open(uri, 'iis-smtp-log', LOG);
  await run();
  await client.close(uri);
  await run();
  await answers(client);
});

test('didChange with impossible ranges, unknown documents and junk changes: answered, model equal to the text', async () => {
  const uri = 'file:///changes.log';
  await client.open(uri, 'iis-smtp-log', LOG);
  const record = LOG.split('\r\n')[5]!;
  const junk: unknown[] = [
    { range: { start: { line: 9999, character: 0 }, end: { line: 9999, character: 0 } }, text: `\r\n${record}` },
    { range: { start: { line: -5, character: 0 }, end: { line: -5, character: 3 } }, text: 'x' },
    { range: { start: { line: 3, character: 2 }, end: { line: 1, character: 0 } }, text: '' },
    { range: null, text: LOG },
    { text: 42 },
    null,
  ];
  let version = 1;
  for (const change of junk) {
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [change] });
  }
  await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///unknown.log', version: 3 }, contentChanges: [{ text: 'x' }] });
  await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri }, contentChanges: 'nope' });
  await answers(client);
  await client.close(uri);
});

test('$/cancelRequest storms, for requests that exist and ones that do not', async () => {
  for (let i = 0; i < 2000; i++) void client.connection.sendNotification('$/cancelRequest', { id: i % 3 === 0 ? `s${i}` : i });
  const pending = Array.from({ length: 20 }, () => client.executeCommand(CONNECTOR_PLAN_COMMAND, [{ paths: [LOG_FIXTURES] }]));
  for (let i = 0; i < 2000; i++) void client.connection.sendNotification('$/cancelRequest', { id: i });
  const settled = await Promise.allSettled(pending);
  assert.equal(settled.length, 20);
  await answers(client);
});

test('many concurrent file plans over FIFOs, devices and link loops all answer, and later plans still run', { skip: !posix }, async () => {
  const fifos = Array.from({ length: 6 }, (_, i) => join(dir, `fifo${i}.log`));
  for (const f of fifos) spawnSync('mkfifo', [f]);
  mkdirSync(join(dir, 'loop'));
  symlinkSync('.', join(dir, 'loop', 'l1'));
  symlinkSync('.', join(dir, 'loop', 'l2'));
  writeFileSync(join(dir, 'loop', 'a.log'), LOG, 'latin1');
  const requests = [
    ...fifos.map((f) => ({ paths: [f], includeReport: true })),
    { paths: ['/dev/zero', '/dev/urandom'], includeReport: true },
    { paths: [join(dir, 'loop')], metabase: '/dev/zero', includeReport: true },
    { paths: [join(LOG_FIXTURES, 'w3c-relay.log')], metabase: fifos[0], includeReport: true },
  ];
  const results = (await Promise.all(requests.map((r) => client.executeCommand(CONNECTOR_PLAN_COMMAND, [r])))) as ConnectorPlanResult[];
  for (const r of results.slice(0, fifos.length)) assert.equal(r.assessment?.files[0]?.error, 'not a regular file (FIFO)');
  assert.deepEqual(results[fifos.length]!.assessment?.files.map((f) => f.error), ['not a regular file (device)', 'not a regular file (device)']);
  const loop = results[fifos.length + 1]!;
  assert.deepEqual(loop.assessment?.files.map((f) => f.name), ['loop/a.log']);
  assert.ok(loop.warnings.some((w) => /metabase file zero could not be read: not a regular file \(device\)/.test(w.message)));
  assert.ok(results[fifos.length + 2]!.warnings.some((w) => /not a regular file \(FIFO\)/.test(w.message)));
  const later = (await client.executeCommand(CONNECTOR_PLAN_COMMAND, [{ paths: [join(LOG_FIXTURES, 'w3c-relay.log')] }])) as ConnectorPlanResult;
  assert.ok(later.summary.messages > 0);
});

/** A server started for an untrusted workspace whose one folder is `ws`. */
async function untrustedClient(ws: string): Promise<TestLspClient> {
  const c = new TestLspClient();
  await c.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { workspaceFolders: true } },
    workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'ws' }],
    initializationOptions: { workspaceTrusted: false },
  });
  await c.connection.sendNotification('initialized', {});
  return c;
}

test('untrusted workspace: no file outside the workspace folders is read until trust is granted or the user picks it', { skip: !posix }, async () => {
  const ws = join(dir, 'ws');
  const outside = join(dir, 'private');
  mkdirSync(ws);
  mkdirSync(outside);
  writeFileSync(join(ws, 'in.log'), LOG, 'latin1');
  writeFileSync(join(outside, 'secret-name.log'), LOG, 'latin1');
  symlinkSync(outside, join(ws, 'link-out'));
  const c = await untrustedClient(ws);
  try {
    const plan = async (args: object) => (await c.executeCommand(CONNECTOR_PLAN_COMMAND, [{ ...args, includeReport: true }])) as ConnectorPlanResult;
    const inside = await plan({ paths: [ws] });
    assert.deepEqual(inside.assessment?.files.map((f) => [f.name, f.error]), [['ws/in.log', undefined]]);
    const refused = await plan({ paths: [outside, '/root', join(ws, 'link-out'), join(dir, 'missing.log')], metabase: join(outside, 'MetaBase.xml') });
    const text = JSON.stringify(refused);
    assert.doesNotMatch(text, /secret-name/, 'names of files outside are not revealed');
    assert.deepEqual(refused.assessment!.files.map((f) => f.bytes), [0, 0, 0, 0], 'nor their sizes');
    for (const f of refused.assessment!.files) assert.match(f.error ?? '', /outside the workspace folders/);
    assert.ok(refused.warnings.some((w) => /metabase file: outside the workspace folders/.test(w.message)));
    // The user picks a file in the client's dialog: that one becomes readable.
    await c.connection.sendNotification(USER_PICKED_NOTIFICATION, { paths: [join(outside, 'secret-name.log')] });
    assert.equal((await plan({ paths: [join(outside, 'secret-name.log')] })).assessment?.files[0]?.error, undefined);
    assert.match((await plan({ paths: ['/root'] })).assessment?.files[0]?.error ?? '', /outside/);
    await c.connection.sendNotification(WORKSPACE_TRUST_NOTIFICATION, { trusted: true });
    assert.equal((await plan({ paths: [outside] })).assessment?.files[0]?.name, 'private/secret-name.log');
  } finally {
    await c.shutdown();
  }
});

test('untrusted workspace: the cut-over status reads no log outside the workspace folders until the user picks it', { skip: !posix }, async () => {
  // The e2e scenario's synthetic IIS and Edge logs, outside the workspace, reached through a link inside it.
  const ws = join(dir, 'ws-cutover');
  const outside = join(dir, 'private-cutover');
  mkdirSync(ws);
  cpSync(join(__dirname, '..', '..', 'e2e', 'workspace', 'cutover'), outside, { recursive: true });
  symlinkSync(outside, join(ws, 'link-out'));
  const c = await untrustedClient(ws);
  try {
    const cutover = async (paths: string[]) => (await c.executeCommand(CUTOVER_COMMAND, [{ paths }])) as CutoverCommandResult;
    const refused = await cutover([join(ws, 'link-out', 'iis'), join(outside, 'edge'), join(outside, 'edge-relay.ps1')]);
    assert.equal(refused.report, undefined);
    assert.match(refused.message ?? '', /found 0 IIS log\(s\) and 0 Exchange protocol log\(s\); 3 path\(s\) not read, such as iis: outside the workspace folders/, 'the three refused paths, none read');
    assert.doesNotMatch(JSON.stringify(refused), /192\.168\.10\./, 'nothing read from them');
    // The user picks the two folders in the client's dialog: now they are read.
    await c.connection.sendNotification(USER_PICKED_NOTIFICATION, { paths: [join(outside, 'iis'), join(outside, 'edge')] });
    const picked = await cutover([join(outside, 'iis'), join(outside, 'edge')]);
    assert.deepEqual(picked.report?.files, { iis: 2, edge: 1 });
    assert.ok(picked.report!.entries.some((e) => e.source === '192.168.10.40'));
  } finally {
    await c.shutdown();
  }
});

test('shutdown and exit in every order', async () => {
  const exitCode = (c: TestLspClient): Promise<number | null> =>
    new Promise((resolve) => (c.exited ? resolve(c.process.exitCode) : c.process.once('exit', (code) => resolve(code))));
  // exit before initialize
  let c = new TestLspClient();
  await c.connection.sendNotification('exit');
  assert.equal(await exitCode(c), 1);
  c.connection.dispose();
  // requests before initialize, then a normal life
  c = new TestLspClient();
  await c.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///x.log' }, position: { line: 0, character: 0 } }).catch(() => undefined);
  await c.initialize();
  await answers(c);
  // shutdown twice, requests after shutdown, then exit: 0
  await c.connection.sendRequest('shutdown');
  await c.connection.sendRequest('shutdown').catch(() => undefined);
  await c.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///x.log' }, position: { line: 0, character: 0 } }).catch(() => undefined);
  await c.connection.sendNotification('exit');
  assert.equal(await exitCode(c), 0);
  c.connection.dispose();
  // exit without shutdown: 1; stdin closed: the server ends too
  c = await startClient();
  await c.connection.sendNotification('exit');
  assert.equal(await exitCode(c), 1);
  c.connection.dispose();
  c = await startClient();
  c.process.stdin.end();
  assert.notEqual(await exitCode(c), null);
  c.connection.dispose();
});

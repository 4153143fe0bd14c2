// iisSmtp.connectorPlan through the real built server over stdio: open documents (whole and ranges), files on
// disk with $/progress, and the same script as the CLI for the same input.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CancellationTokenSource, WorkDoneProgress } from 'vscode-languageserver-protocol';
import { CONNECTOR_PLAN_COMMAND, type ConnectorPlanResult } from '../../server/src/protocol';
import { REPO_ROOT, startClient, type TestLspClient } from '../helpers/lspClient';
import { generateLogs, writeLargeLog } from '../helpers/logGenerator';

let client: TestLspClient;
let dir: string;
const { files, truth } = generateLogs({ start: '2026-11-09', days: 3, seed: 11 });

before(async () => {
  client = await startClient({ settings: { acceptedDomains: [] } });
  dir = mkdtempSync(join(tmpdir(), 'plan-'));
  for (const f of files) writeFileSync(join(dir, f.name), f.text, 'latin1');
});

after(async () => {
  await client.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

test('the server advertises iisSmtp.connectorPlan', () => {
  assert.ok(client.initializeResult?.capabilities.executeCommandProvider?.commands.includes(CONNECTOR_PLAN_COMMAND));
});

test('an open document: profiles and a script', async () => {
  const uri = 'file:///logs/SMTPSVC1/ex261109.log';
  await client.open(uri, 'iis-smtp-log', files[0]!.text);
  const r = (await client.executeCommand(CONNECTOR_PLAN_COMMAND, [{ uri }])) as ConnectorPlanResult;
  const web01 = r.profiles.find((p) => p.address === '10.1.40.21');
  assert.ok(web01);
  assert.equal(web01.scenario, 'anonymous-relay');
  assert.equal(web01.messages, truth.apps['10.1.40.21']!.perDay['2026-11-09']);
  assert.match(r.script, /^New-ReceiveConnector -Name 'IIS SMTP migration - anonymous relay'/m);
  assert.match(r.script, /#   ex261109\.log: /);
  assert.ok(r.warnings.some((w) => w.code === 'anonymous-relay'));
});

test('ranges limit the plan to the selected lines', async () => {
  const uri = 'file:///logs/SMTPSVC1/ex261109.log';
  const lines = files[0]!.text.split('\r\n');
  const first = lines.findIndex((l) => l.includes(' 10.1.30.7 ') && l.includes(' HELO '));
  const last = lines.findIndex((l, i) => i > first && l.includes(' 10.1.30.7 ') && l.includes(' QUIT '));
  const r = (await client.executeCommand(CONNECTOR_PLAN_COMMAND, [{ uri, ranges: [{ start: { line: first, character: 0 }, end: { line: last, character: 3 } }] }])) as ConnectorPlanResult;
  assert.deepEqual(r.profiles.map((p) => p.address), ['10.1.30.7']);
  assert.match(r.script, new RegExp(`ex261109\\.log \\(lines ${first + 1}-${last + 1}\\)`));
});

test('files on disk: progress is reported and the script equals the CLI output', async () => {
  const token = 'plan-progress-1';
  const kinds: string[] = [];
  const listener = client.connection.onProgress(WorkDoneProgress.type, token, (v) => {
    kinds.push(v.kind);
  });
  const r = (await client.connection.sendRequest('workspace/executeCommand', { command: CONNECTOR_PLAN_COMMAND, arguments: [{ paths: [dir], includeReport: true }], workDoneToken: token })) as ConnectorPlanResult;
  listener.dispose();
  assert.equal(kinds[0], 'begin', JSON.stringify(kinds));
  assert.equal(kinds.at(-1), 'end');
  assert.ok(kinds.includes('report'));
  assert.equal(r.summary.messages, truth.messages);
  assert.ok(r.assessment && r.exports);
  assert.match(r.exports.csv, /^"Source","Category"/);
  const cli = execFileSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'assess', dir, '--format', 'ps1'], { encoding: 'utf8' });
  // The header names files relative to the folder given; both front ends use the same labels.
  assert.equal(r.script, cli);
});

test('a metabase argument sets the smart host; cancelling a large read stops it', async () => {
  const metabase = join(REPO_ROOT, 'test', 'fixtures', 'assessment', 'MetaBase.xml');
  const r = (await client.executeCommand(CONNECTOR_PLAN_COMMAND, [{ paths: [dir], metabase }])) as ConnectorPlanResult;
  assert.match(r.script, /-SmartHosts '192\.0\.2\.80' -DNSRoutingEnabled \$false -RequireTLS \$true/);
  assert.ok(r.warnings.some((w) => w.code === 'metabase-smarthost-auth'));

  const big = join(dir, 'big');
  mkdirSync(big);
  await writeLargeLog(join(big, 'ex250101.log'), 60e6, 9);
  const source = new CancellationTokenSource();
  const token = 'plan-cancel';
  const listener = client.connection.onProgress(WorkDoneProgress.type, token, (v) => {
    if (v.kind === 'report') source.cancel();
  });
  try {
    const res = (await client.connection.sendRequest('workspace/executeCommand', { command: CONNECTOR_PLAN_COMMAND, arguments: [{ paths: [big] }], workDoneToken: token }, source.token)) as ConnectorPlanResult;
    assert.equal(res.cancelled, true);
    // A cancelled read says so in the script it still returns (issue 10, item 12).
    assert.match(res.script, /^# Exchange Edge Transport connectors[^\r\n]*\r\n# PARTIAL ASSESSMENT: the read was cancelled/);
    assert.deepEqual(res.summary.partial, ['the read was cancelled before every file was assessed']);
  } catch (err) {
    assert.equal((err as { code?: number }).code, -32800, String(err));
  } finally {
    listener.dispose();
  }
  assert.equal(client.exited, false);
});

test('bad arguments and unknown paths never crash the server', async () => {
  const r = (await client.executeCommand(CONNECTOR_PLAN_COMMAND, [{ paths: [join(dir, 'missing.log')], ranges: 'x', acceptedDomains: [1, 'contoso.com'] }])) as ConnectorPlanResult;
  assert.match(r.script, /missing\.log: 0 records - NOT READ/);
  assert.deepEqual(r.summary.acceptedDomains, ['contoso.com']);
  const empty = (await client.executeCommand(CONNECTOR_PLAN_COMMAND, [42])) as ConnectorPlanResult;
  assert.equal(empty.profiles.length, 0);
  await assert.rejects(client.executeCommand(CONNECTOR_PLAN_COMMAND, [{ uri: 'file:///not/open.log' }]));
  assert.equal(client.exited, false);
});

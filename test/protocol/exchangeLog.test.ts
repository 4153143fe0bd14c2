// The Exchange protocol log language through the built server over stdio, as an editor uses it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentSymbol } from 'vscode-languageserver-protocol';
import { CLIENT_COMMANDS, CUTOVER_COMMAND, type CutoverCommandResult } from '../../server/src/protocol';
import { hoverText, positionOf, startClient, type TestLspClient } from '../helpers/lspClient';

let client: TestLspClient;
const URI = 'file:///edge/ProtocolLog/SmtpReceive/RECV2026112008-1.LOG';
const FIXTURES = join(__dirname, '..', 'fixtures', 'exchangeLog');
const text = readFileSync(join(FIXTURES, 'edge', 'ProtocolLog', 'SmtpReceive', 'RECV2026112008-1.LOG'), 'utf8');

before(async () => {
  client = await startClient({ settings: {} });
  await client.open(URI, 'exchange-protocol-log', text);
});
after(async () => client.shutdown());

test('diagnostics arrive with EXLOG codes on the lines that show each failure', async () => {
  const { diagnostics } = await client.waitForDiagnostics(URI, (p) => p.diagnostics.length > 0);
  assert.deepEqual(
    diagnostics.map((d) => `${d.range.start.line + 1}:${d.code}`),
    ['23:EXLOG020', '49:EXLOG026', '70:EXLOG021', '76:EXLOG023', '78:EXLOG024', '82:EXLOG025', '91:EXLOG022'],
  );
  const relay = diagnostics.find((d) => d.code === 'EXLOG020')!;
  assert.deepEqual(relay.range.start, positionOf(text, '550 5.7.54'));
  assert.equal(relay.source, 'exchange-protocol-log');
});

test('hover over a refusal explains the codes and summarises the session', async () => {
  const value = hoverText(await client.hover(URI, positionOf(text, '550 5.7.54', 2)));
  assert.match(value, /\*\*5\.7\.54\*\*/);
  assert.match(value, /Receive connector: `EDGE01\\Default internal receive connector EDGE01`/);
});

test('document symbols: the header and one per session', async () => {
  const symbols = (await client.documentSymbols(URI)) as DocumentSymbol[];
  assert.equal(symbols.length, 12);
  assert.equal(symbols[2]!.name, '10.20.5.40 scan01.contoso.local → relay refused (5.7.54)');
  const folds = await client.foldingRanges(URI);
  assert.ok(folds && folds.some((f) => f.startLine === 0 && f.endLine === 4));
});

test('an edit that breaks a line reports it; undoing it clears the report', async () => {
  const uri = 'file:///edge/ProtocolLog/SmtpReceive/RECV2.LOG';
  const good = '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\n2026-11-20T08:00:00.000Z,EDGE01\\R,08DF3B4470A10001,0,10.0.0.30:25,10.20.5.11:50100,*,"a, b",x\n';
  await client.open(uri, 'exchange-protocol-log', good);
  await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
  const at = positionOf(good, 'b",x');
  const version = await client.change(uri, { start: { line: at.line, character: at.character + 1 }, end: { line: at.line, character: at.character + 2 } }, '');
  const broken = await client.waitForVersion(uri, version);
  assert.deepEqual(broken.diagnostics.map((d) => d.code), ['EXLOG001']);
  const fixed = await client.change(uri, { start: { line: at.line, character: at.character + 1 }, end: { line: at.line, character: at.character + 1 } }, '"');
  assert.deepEqual((await client.waitForVersion(uri, fixed)).diagnostics, []);
});

test('a CodeLens on the receive log offers the cut-over status; the server command computes it from folders', async () => {
  const lenses = (await client.codeLenses(URI)) ?? [];
  assert.equal(lenses.length, 1);
  assert.equal(lenses[0]!.command!.command, CLIENT_COMMANDS.showCutover);
  assert.deepEqual(lenses[0]!.command!.arguments, [URI]);
  assert.ok(client.initializeResult?.capabilities.executeCommandProvider?.commands.includes(CUTOVER_COMMAND));
  const r = (await client.executeCommand(CUTOVER_COMMAND, [{ paths: [FIXTURES] }])) as CutoverCommandResult;
  const statuses = Object.fromEntries(r.report!.entries.map((e) => [e.source, e.status]));
  assert.equal(statuses['10.20.5.11'], 'moved');
  assert.equal(statuses['10.20.5.40'], 'failing');
  assert.equal(statuses['10.20.5.60'], 'not-seen');
  assert.match(r.markdown, /^## Cut-over status/);
  const half = (await client.executeCommand(CUTOVER_COMMAND, [{ paths: [join(FIXTURES, 'edge')] }])) as CutoverCommandResult;
  assert.equal(half.report, undefined);
  assert.match(half.message!, /needs both IIS SMTP logs/);
});

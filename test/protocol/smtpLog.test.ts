// The SMTP log language through the built server over stdio, as an editor uses it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentSymbol, CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { hoverText, positionOf, startClient, type TestLspClient } from '../helpers/lspClient';
import { readLogFixture } from '../helpers/logDoc';

let client: TestLspClient;
const URI = 'file:///fixtures/SMTPSVC1/ex261102.log';
const text = readLogFixture('w3c-relay.log').replace(/\r\n/g, '\n');

before(async () => {
  client = await startClient({ settings: {} });
  await client.open(URI, 'iis-smtp-log', text);
});
after(async () => client.shutdown());

test('diagnostics arrive with codes and ranges', async () => {
  const { diagnostics } = await client.waitForDiagnostics(URI, (p) => p.diagnostics.length > 0);
  assert.deepEqual(
    diagnostics.map((d) => `${d.range.start.line}:${d.code}`),
    ['11:SMTPLOG021', '17:SMTPLOG022', '24:SMTPLOG020', '29:SMTPLOG023'],
  );
  const denial = diagnostics.find((d) => d.code === 'SMTPLOG020')!;
  assert.deepEqual(denial.range.start, positionOf(text, 'someone@gmail.example'));
  assert.equal(denial.source, 'IIS SMTP log');
});

test('hover over a reply code explains it and summarises the session', async () => {
  const hover = await client.hover(URI, positionOf(text, ' 550 ', 1));
  const value = hoverText(hover);
  assert.match(value, /sc-status/);
  assert.match(value, /550/);
  assert.match(value, /Session\*\* from `10\.1\.20\.40`/);
});

test('completion on #Fields offers the field names', async () => {
  const uri = 'file:///fixtures/new.log';
  await client.open(uri, 'iis-smtp-log', '#Fields: date time \n');
  const result = (await client.completion(uri, { line: 0, character: 19 })) as CompletionItem[] | CompletionList;
  const items = Array.isArray(result) ? result : result.items;
  assert.ok(items.some((i) => i.label === 'c-ip'));
  assert.ok(!items.some((i) => i.label === 'date'));
});

test('document symbols list header blocks and sessions', async () => {
  const symbols = (await client.documentSymbols(URI)) as DocumentSymbol[];
  assert.equal(symbols.length, 2);
  assert.equal(symbols[0]!.children![0]!.name, '10.1.20.15 erp01.corp.contoso.com → 2 rcpt, 250');
  const folds = await client.foldingRanges(URI);
  assert.ok(folds && folds.length > 3);
});

test('an edit that fixes a malformed line removes its diagnostic', async () => {
  const uri = 'file:///fixtures/broken.log';
  const broken = '#Fields: date time c-ip cs-username cs-method cs-uri-query sc-status\n2026-11-02 07:00:01 10.0.0.1 app EHLO +app 25O\n';
  await client.open(uri, 'iis-smtp-log', broken);
  const first = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
  assert.equal(first.diagnostics[0]!.code, 'SMTPLOG003');
  const at = positionOf(broken, '25O');
  const version = await client.change(uri, { start: at, end: { line: at.line, character: at.character + 3 } }, '250');
  const after = await client.waitForVersion(uri, version);
  assert.deepEqual(after.diagnostics, []);
});

test('settings from the client reach the server (accepted domains)', async () => {
  await client.setSettings({ acceptedDomains: ['fabrikam.example'] });
  const p = await client.waitForDiagnostics(URI, (d) => d.diagnostics.some((x) => x.code === 'SMTPLOG024'));
  assert.ok(p.diagnostics.some((d) => d.code === 'SMTPLOG024'));
  await client.setSettings({});
  await client.waitForDiagnostics(URI, (d) => !d.diagnostics.some((x) => x.code === 'SMTPLOG024'));
});

test('closing a document clears its diagnostics', async () => {
  const uri = 'file:///fixtures/closing.log';
  await client.open(uri, 'iis-smtp-log', '#Fields: c-ip sc-status\nfoo\n');
  await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
  await client.close(uri);
  await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
});

// The real public samples (../shared/corpus/logs, read in place: they may not be copied into the
// project) through the built server: the findings each one should produce, and no noise.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentSymbol } from 'vscode-languageserver-protocol';
import { hoverText, REPO_ROOT, startClient, type TestLspClient } from '../helpers/lspClient';

const CORPUS = join(REPO_ROOT, '..', 'shared', 'corpus', 'logs');
let client: TestLspClient;

before(async () => {
  client = await startClient();
});
after(async () => client.shutdown());

async function open(name: string): Promise<{ uri: string; text: string; codes: string[] }> {
  const text = readFileSync(join(CORPUS, name), 'latin1');
  const uri = `file:///corpus/SMTPSVC1/${name}`;
  await client.open(uri, 'iis-smtp-log', text);
  const { diagnostics } = await client.waitForDiagnostics(uri);
  return { uri, text, codes: diagnostics.map((d) => `${d.range.start.line + 1}:${d.code}`) };
}

function sessionNames(symbols: DocumentSymbol[]): string[] {
  return symbols.flatMap((b) => (b.children ?? []).map((c) => c.name));
}

test('IIS 6.0 W3C sample with an HTTP request sent to port 25: no findings, one session of unrecognised input', async () => {
  const { uri, text, codes } = await open('04-schmoil-iis6-http-request-on-port25-ex080326.log');
  assert.deepEqual(codes, []);
  const names = sessionNames((await client.documentSymbols(uri)) as DocumentSymbol[]);
  assert.deepEqual(names, ['192.168.1.1 → no mail (7 unrecognised)']);
  const hover = hoverText(await client.hover(uri, { line: 4, character: text.split(/\r?\n/)[4]!.indexOf(' get ') + 2 }));
  assert.match(hover, /cs-method/);
  assert.match(hover, /Unrecognised input/i);
});

test('next day: the client QUIT closes the session; 240 and its session length are explained', async () => {
  const { uri, text, codes } = await open('05-schmoil-iis6-poc-quit-ex080327.log');
  assert.deepEqual(codes, []);
  const line = text.split(/\r?\n/).findIndex((l) => l.includes(' QUIT '));
  const hover = hoverText(await client.hover(uri, { line, character: text.split(/\r?\n/)[line]!.indexOf(' 240 ') + 2 }));
  assert.match(hover, /240/);
  assert.match(hover, /QUIT\/240 record/);
});

test('IIS 7.0 custom field set without date, time or sc-status: the missing field is named, records still read', async () => {
  const { uri, codes } = await open('03-hinshelwood-iis7-custom-fieldset-no-date.log');
  assert.deepEqual(codes, ['4:SMTPLOG010']);
  const names = sessionNames((await client.documentSymbols(uri)) as DocumentSymbol[]);
  // The EHLO argument names the session (cs-username only repeats it after HELO).
  assert.ok(names.includes('127.0.0.1 ServerName → 1 rcpt'), names.join(' | '));
  assert.ok(names.some((n) => n.includes('outbound')), names.join(' | '));
});

test('NCSA sample with interleaved inbound and outbound records and a stray quote: read cleanly', async () => {
  const { uri, codes } = await open('02-ossec-exchange2000-ncsa-in-and-outbound.log');
  assert.deepEqual(codes, []);
  const names = sessionNames((await client.documentSymbols(uri)) as DocumentSymbol[]);
  assert.ok(names.some((n) => n.startsWith('61.47.65.115 207.250.64.66 →')), names.join(' | '));
  assert.ok(names.some((n) => n.startsWith('⇢ 205.188.158.121 outbound')), names.join(' | '));
});

test('the documentation sample mixing three formats in one file is reported, not silently read', async () => {
  const { codes } = await open('09-ms-exchange2007-docs-one-record-per-format-MIXED.log');
  assert.deepEqual(codes, ['1:SMTPLOG005', '2:SMTPLOG005', '3:SMTPLOG005']);
});

// Editor features of the Exchange protocol log language on the synthetic fixtures: diagnostics on the line
// that shows each failure, hover (escaped), outline and folding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity, type Hover } from 'vscode-languageserver';
import { LineTextDocument } from '../../server/src/lineDocument';
import { ExDocumentModel } from '../../server/src/exchangeLog/documentModel';
import { exchangeLogDiagnostics } from '../../server/src/exchangeLog/service';
import { exchangeLogHover } from '../../server/src/exchangeLog/hover';
import { exchangeLogFolding, exchangeLogSymbols } from '../../server/src/exchangeLog/outline';
import { normalizeSettings } from '../../server/src/settings';

const FIXTURES = join(__dirname, '..', 'fixtures', 'exchangeLog', 'edge', 'ProtocolLog');
const RECV = readFileSync(join(FIXTURES, 'SmtpReceive', 'RECV2026112008-1.LOG'), 'utf8');
const SEND = readFileSync(join(FIXTURES, 'SmtpSend', 'SEND2026112008-1.LOG'), 'utf8');
const settings = normalizeSettings({});

function load(text: string): { doc: LineTextDocument; model: ExDocumentModel; lines: string[] } {
  const doc = new LineTextDocument('file:///x/ProtocolLog/SmtpReceive/RECV1.LOG', 'exchange-protocol-log', 1, text);
  return { doc, model: new ExDocumentModel(doc), lines: text.split(/\r?\n/) };
}

function hoverText(h: Hover | null): string {
  assert.ok(h, 'a hover');
  return typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : String(h.contents);
}

test('receive log: each failure is reported on the line that shows it, nothing on successful sessions', () => {
  const { model, lines } = load(RECV);
  const diags = exchangeLogDiagnostics(model, settings);
  const at = (code: string): string => {
    const d = diags.filter((x) => x.code === code);
    assert.equal(d.length, 1, code);
    return lines[d[0]!.range.start.line]!;
  };
  assert.match(at('EXLOG020'), /,>,550 5\.7\.54 /);
  assert.match(at('EXLOG021'), /,>,504 5\.7\.4 /);
  assert.match(at('EXLOG022'), /,>,535 5\.7\.3 /);
  assert.match(at('EXLOG023'), /,>,530 5\.7\.57 /);
  assert.match(at('EXLOG024'), /,>,550 5\.7\.60 /);
  assert.match(at('EXLOG025'), /TLS negotiation failed/);
  assert.match(at('EXLOG026'), /10\.20\.5\.46:\d+,\+,/);
  assert.equal(diags.length, 7);
  assert.ok(!diags.some((d) => d.severity === DiagnosticSeverity.Error));
  const relay = diags.find((d) => d.code === 'EXLOG020')!;
  assert.match(relay.message as string, /10\.20\.5\.40\) landed on "EDGE01\\Default internal receive connector EDGE01"/);
  assert.match(relay.message as string, /RemoteIPRanges of "EDGE01\\App relay"/);
  assert.match(diags.find((d) => d.code === 'EXLOG022')!.message as string, /LogonDenied/);
  // The range covers the reply in the data field.
  assert.match(lines[relay.range.start.line]!.slice(relay.range.start.character, relay.range.end.character), /^550 5\.7\.54/);
});

test('send log: Exchange Online rejections and TLS problems, with what to change', () => {
  const { model, lines } = load(SEND);
  const diags = exchangeLogDiagnostics(model, settings);
  const byCode = new Map(diags.map((d) => [String(d.code), d]));
  assert.deepEqual([...byCode.keys()].sort(), ['EXLOG040', 'EXLOG041', 'EXLOG042', 'EXLOG043']);
  assert.match(lines[byCode.get('EXLOG040')!.range.start.line]!, /,<,550 5\.7\.64 TenantAttribution/);
  assert.match(byCode.get('EXLOG040')!.message as string, /TlsSenderCertificateName/);
  assert.match(lines[byCode.get('EXLOG041')!.range.start.line]!, /5\.7\.68/);
  assert.match(lines[byCode.get('EXLOG042')!.range.start.line]!, /4\.7\.230/);
  assert.match(byCode.get('EXLOG043')!.message as string, /UntrustedRoot/);
  assert.equal(byCode.get('EXLOG040')!.severity, DiagnosticSeverity.Error);
});

test('a relay refusal on a custom connector that lacks the permission says so', () => {
  const text = [
    '#Software: Microsoft Exchange Server',
    '#Log-type: SMTP Receive Protocol Log',
    '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context',
    '2026-11-20T08:00:00.000Z,EDGE01\\Scanners,08DF3B4470A10001,0,10.0.0.30:25,10.20.5.90:5000,+,,',
    '2026-11-20T08:00:00.000Z,EDGE01\\Scanners,08DF3B4470A10001,1,10.0.0.30:25,10.20.5.90:5000,*,SMTPSubmit SMTPAcceptAnySender,Set Session Permissions',
    '2026-11-20T08:00:00.000Z,EDGE01\\Scanners,08DF3B4470A10001,2,10.0.0.30:25,10.20.5.90:5000,<,RCPT TO:<x@fabrikam.example>,',
    '2026-11-20T08:00:00.000Z,EDGE01\\Scanners,08DF3B4470A10001,3,10.0.0.30:25,10.20.5.90:5000,>,550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain,',
  ].join('\n');
  const { model } = load(text);
  const d = exchangeLogDiagnostics(model, settings).find((x) => x.code === 'EXLOG020')!;
  assert.equal(d.range.start.line, 6);
  assert.match(d.message as string, /SMTPSubmit SMTPAcceptAnySender\) lack SMTPAcceptAnyRecipient/);
});

test('diagnostics are capped with a note', () => {
  const { model } = load(RECV);
  const diags = exchangeLogDiagnostics(model, normalizeSettings({ maxDiagnostics: 3 }));
  assert.equal(diags.length, 4);
  assert.equal(diags[3]!.code, 'EXLOG099');
});

test('hover: reply codes, events, permissions and the session summary', () => {
  const { doc, model, lines } = load(RECV);
  const relayLine = lines.findIndex((l) => l.includes(',>,550 5.7.54'));
  const reply = hoverText(exchangeLogHover(model, doc, { line: relayLine, character: lines[relayLine]!.indexOf('550 5.7.54') + 1 }));
  assert.match(reply, /\*\*data\*\*/);
  assert.match(reply, /\*\*550\*\*/);
  assert.match(reply, /\*\*5\.7\.54\*\*/);
  assert.match(reply, /relay refused/);
  assert.match(reply, /Receive connector: `EDGE01\\Default internal receive connector EDGE01`/);
  assert.match(reply, /relay not allowed/);
  const permLine = lines.findIndex((l) => l.includes('Set Session Permissions'));
  const perms = hoverText(exchangeLogHover(model, doc, { line: permLine, character: lines[permLine]!.indexOf('SMTPAcceptAnyRecipient') }));
  assert.match(perms, /`SMTPAcceptAnyRecipient` — May relay/);
  assert.match(perms, /may relay/);
  const event = hoverText(exchangeLogHover(model, doc, { line: permLine, character: lines[permLine]!.indexOf(',*,') + 1 }));
  assert.match(event, /\*\*Information\*\*/);
  const header = hoverText(exchangeLogHover(model, doc, { line: 2, character: 3 }));
  assert.match(header, /#Log-type/);
});

test('hover escapes log-controlled text (no markdown or links from the log)', () => {
  const text = [
    '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context',
    '2026-11-20T08:00:00.000Z,"EVIL\\`](http://x.example) **bold**",08DF3B4470A10001,0,10.0.0.30:25,10.20.5.90:5000,<,EHLO `[x](javascript:alert(1))`,',
  ].join('\n');
  const { doc, model, lines } = load(text);
  const h = hoverText(exchangeLogHover(model, doc, { line: 1, character: lines[1]!.indexOf('EHLO') + 6 }));
  // Every backtick in the result delimits a code span we wrote: log text cannot close one.
  assert.ok(!h.includes('`[x]'), h);
  assert.match(h, /ˋ\[x\]\(javascript:alert\(1\)\)ˋ/);
  const c = hoverText(exchangeLogHover(model, doc, { line: 1, character: 30 }));
  assert.ok(!/`\]\(http/.test(c), c);
});

test('outline: header and one symbol per session; folding skips interleaved sessions', () => {
  const { doc, model } = load(RECV);
  const symbols = exchangeLogSymbols(model, doc, 5000);
  assert.equal(symbols[0]!.name, 'Header');
  const sessions = symbols.slice(1);
  assert.equal(sessions.length, 11);
  assert.equal(sessions[0]!.name, '10.20.5.11 app02.contoso.local → 1 message');
  assert.equal(sessions[1]!.name, '10.20.5.40 scan01.contoso.local → relay refused (5.7.54)');
  assert.equal(sessions[1]!.detail, 'EDGE01\\Default internal receive connector EDGE01');
  assert.equal(exchangeLogSymbols(model, doc, 3).length, 3);
  const folds = exchangeLogFolding(model, 5000);
  assert.deepEqual(folds[0], { startLine: 0, endLine: 4, kind: 'comment' });
  // The last session (alone on 21 Nov) does not interleave with another: it folds.
  const last = model.sessions[model.sessions.length - 1]!;
  assert.ok(folds.some((f) => f.startLine === last.firstLine && f.endLine === last.lastLine));
  // The first two sessions interleave: neither folds.
  assert.ok(!folds.some((f) => f.startLine === model.sessions[0]!.firstLine));
});

test('an edit re-reads the log (sessions move with their lines)', () => {
  const { doc, model } = load(RECV);
  doc.update([{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: '\n' }], 2);
  model.rebuild(doc);
  assert.equal(model.sessions[0]!.firstLine, 6);
});

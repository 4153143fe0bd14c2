// Edits to an open Exchange protocol log stay local: the sessions of the session-ids an edit touches are
// regrouped, every other session (and its findings) is the same object as before, and after any edit the
// model equals a fresh read of the same text (diagnostics, outline, folding, session of each line).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineTextDocument } from '../../server/src/lineDocument';
import { ExDocumentModel } from '../../server/src/exchangeLog/documentModel';
import { exchangeLogDiagnostics } from '../../server/src/exchangeLog/service';
import { exchangeLogFolding, exchangeLogSymbols } from '../../server/src/exchangeLog/outline';
import { normalizeSettings } from '../../server/src/settings';
import { rng } from '../attack/helpers/editFuzz';

const RECEIVE = readFileSync(join(__dirname, '..', 'fixtures', 'exchangeLog', 'edge', 'ProtocolLog', 'SmtpReceive', 'RECV2026112008-1.LOG'), 'latin1');
const settings = normalizeSettings({ maxDiagnostics: 100000 });

/** Synthetic receive log: `count` sessions, four open at a time, their lines interleaved. */
function interleaved(count: number): string {
  const header = RECEIVE.split('\r\n').filter((l) => l.startsWith('#'));
  const out = [...header];
  const open: { id: string; seq: number; lines: string[] }[] = [];
  let next = 0;
  let t = Date.UTC(2026, 10, 20, 8);
  const r = rng(7);
  while (next < count || open.length > 0) {
    while (open.length < 4 && next < count) {
      const id = `08DF3B4470B${(next++).toString(16).toUpperCase().padStart(5, '0')}`;
      const refused = next % 3 === 0;
      open.push({
        id,
        seq: 0,
        lines: ['+,', `*,SMTPSubmit SMTPAcceptAnyRecipient,Set Session Permissions`, '<,EHLO app.contoso.local', '<,MAIL FROM:<a@contoso.com>', '>,250 2.1.0 Sender OK', '<,RCPT TO:<b@fabrikam.example>', refused ? '>,550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain,' : '>,250 2.1.5 Recipient OK,', '<,QUIT,', '-,,Local'],
      });
    }
    const i = r(open.length);
    const s = open[i]!;
    t += 10;
    out.push(`${new Date(t).toISOString()},EDGE01\\App relay,${s.id},${s.seq},10.0.0.30:25,10.20.5.${10 + (Number.parseInt(s.id.slice(-2), 16) % 50)}:50100,${s.lines[s.seq]}`);
    if (++s.seq === s.lines.length) open.splice(i, 1);
  }
  return `${out.join('\r\n')}\r\n`;
}

function view(model: ExDocumentModel, doc: LineTextDocument): unknown {
  const sessionOf: unknown[] = [];
  for (let line = 0; line < doc.lineCount; line++) {
    const s = model.sessionAt(line);
    sessionOf.push(s ? `${s.id}@${s.firstLine}` : model.isRecord(line) ? 'record' : model.isDirective(line) ? 'directive' : '');
  }
  return { diagnostics: exchangeLogDiagnostics(model, settings), symbols: exchangeLogSymbols(model, doc, 100000), folding: exchangeLogFolding(model, 100000), sessionOf, relay: model.relayConnectors };
}

test('after each random edit the model equals a fresh read of the text', () => {
  for (const [name, text] of [['fixture', RECEIVE], ['interleaved', interleaved(40)]] as const) {
    const r = rng(name.length);
    const pieces = [...text.split('\r\n').filter((l) => l && !l.startsWith('#')).slice(0, 40).map((l) => `${l}\r\n`), '-', '+', ',', '"', '\r\n', '#Fields: date-time,session-id,sequence-number,event,data\r\n'];
    let mirror = TextDocument.create('file:///x', 'exchange-protocol-log', 1, text);
    const doc = new LineTextDocument('file:///x', 'exchange-protocol-log', 1, text);
    const model = new ExDocumentModel(doc);
    for (let i = 0; i < 150; i++) {
      const at = mirror.positionAt(r(mirror.getText().length + 1));
      const to = r(3) === 0 ? mirror.positionAt(mirror.offsetAt(at) + r(300)) : at;
      const change = { range: { start: at, end: to }, text: r(4) === 0 ? '' : pieces[r(pieces.length)]! };
      mirror = TextDocument.update(mirror, [change], i + 2);
      doc.update([change], i + 2);
      model.update(doc, change);
      const fresh = new LineTextDocument('file:///x', 'exchange-protocol-log', 1, mirror.getText());
      assert.deepEqual(view(model, doc), view(new ExDocumentModel(fresh), fresh), `${name} edit ${i + 1}: ${JSON.stringify(change)}`);
    }
  }
});

test('an edit regroups only the sessions of the session-ids on the lines it touches (and the line either side); the others are kept as they were', () => {
  const text = interleaved(60);
  const doc = new LineTextDocument('file:///x', 'exchange-protocol-log', 1, text);
  const model = new ExDocumentModel(doc);
  const line = Math.floor(doc.lineCount / 2);
  const edited = model.sessionAt(line)!;
  const near = new Set([line - 1, line, line + 1].map((l) => model.sessionAt(l)!.id));
  const before = new Set(model.sessions);
  const findings = new Set(model.findings);
  // Turns the record's disconnect-or-other event into a disconnect: its session is cut there.
  const lineText = doc.lineText(line);
  const comma = lineText.split(',', 6).join(',').length + 1;
  const change = { range: { start: { line, character: comma }, end: { line, character: comma + 1 } }, text: '-' };
  doc.update([change], 2);
  model.update(doc, change);
  const regrouped = model.sessions.filter((s) => !before.has(s));
  const ids = new Set(regrouped.map((s) => s.id));
  assert.ok(ids.has(edited.id));
  for (const id of ids) assert.ok(near.has(id), `${id} was not on the lines the edit touched`);
  assert.ok(model.sessions.filter((s) => !near.has(s.id)).every((s) => before.has(s)), 'every other session is the same object');
  assert.ok(model.sessions.length - regrouped.length >= before.size - 3);
  for (const f of model.findings) if (!findings.has(f)) assert.ok(regrouped.some((s) => s.outcome.findings.includes(f)), 'new findings come from regrouped sessions only');
});

test('inserting lines moves the sessions below without regrouping them', () => {
  const text = interleaved(30);
  const doc = new LineTextDocument('file:///x', 'exchange-protocol-log', 1, text);
  const model = new ExDocumentModel(doc);
  const last = model.sessions[model.sessions.length - 1]!;
  const firstLine = last.firstLine;
  const change = { range: { start: { line: 20, character: 0 }, end: { line: 20, character: 0 } }, text: '\r\n\r\n' };
  doc.update([change], 2);
  model.update(doc, change);
  assert.equal(model.sessions[model.sessions.length - 1], last);
  assert.equal(last.firstLine, firstLine + 2);
  assert.equal(model.sessionAt(firstLine + 2), last);
});

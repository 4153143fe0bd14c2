import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logDiagnostics } from '../../server/src/smtpLog/service';
import { logHover } from '../../server/src/smtpLog/hover';
import { logCompletion } from '../../server/src/smtpLog/completion';
import { logFolding, logSymbols } from '../../server/src/smtpLog/outline';
import { LogDocumentModel, lineText } from '../../server/src/smtpLog/documentModel';
import { generateLogs } from '../helpers/logGenerator';
import { edit, logDoc, readLogFixture, settings } from '../helpers/logDoc';
import type { Hover, MarkupContent } from 'vscode-languageserver';

const hoverValue = (h: Hover | null): string => (h ? (h.contents as MarkupContent).value : '');

test('diagnostics on the relay fixture: denial, clear-text AUTH, NTLM and an open relay, with precise ranges', () => {
  const { doc, model } = logDoc(readLogFixture('w3c-relay.log'));
  const diags = logDiagnostics(model, doc, settings());
  const summary = diags.map((d) => `${d.range.start.line + 1}:${d.code}`);
  assert.deepEqual(summary, ['12:SMTPLOG021', '18:SMTPLOG022', '25:SMTPLOG020', '30:SMTPLOG023']);
  const denial = diags.find((d) => d.code === 'SMTPLOG020')!;
  const line = doc.getText().split('\r\n')[24]!;
  assert.equal(line.slice(denial.range.start.character, denial.range.end.character), 'someone@gmail.example');
  assert.equal(denial.relatedInformation?.[0]?.location.range.start.line, 22, 'related information points to the session start');
  const auth = diags.find((d) => d.code === 'SMTPLOG021')!;
  assert.equal(doc.getText().split('\r\n')[11]!.slice(auth.range.start.character, auth.range.end.character), 'LOGIN');
});

test('accepted domains: the sender-domain rule fires only for domains outside the setting', () => {
  const { doc, model } = logDoc(readLogFixture('w3c-relay.log'));
  const none = logDiagnostics(model, doc, settings({ acceptedDomains: ['contoso.com', 'spammer.example'] }));
  assert.equal(none.filter((d) => d.code === 'SMTPLOG024').length, 0);
  const some = logDiagnostics(model, doc, settings({ acceptedDomains: ['fabrikam.example'] }));
  const foreign = some.filter((d) => d.code === 'SMTPLOG024');
  assert.ok(foreign.length >= 4, `${foreign.length}`);
  assert.match(foreign[0]!.message as string, /contoso\.com/);
});

test('the diagnostic cap keeps the first N and says so', () => {
  const { doc, model } = logDoc(readLogFixture('quirks.log'));
  const diags = logDiagnostics(model, doc, settings({ maxDiagnostics: 2 }));
  assert.equal(diags.length, 3);
  assert.equal(diags[2]!.code, 'SMTPLOG099');
  assert.match(diags[2]!.message as string, /first 2 of 6/);
});

test('hover on a reply code, a verb, an address, the QUIT duration and a #Fields name', () => {
  const { doc, model } = logDoc(readLogFixture('w3c-relay.log'));
  const lines = doc.getText().split('\r\n');
  const at = (line: number, needle: string, occurrence = 0) => {
    let idx = -1;
    for (let i = 0; i <= occurrence; i++) idx = lines[line]!.indexOf(needle, idx + 1);
    return hoverValue(logHover(model, doc, { line, character: idx + 1 }));
  };
  const status = at(24, ' 550 ');
  assert.match(status, /\*\*sc-status\*\*/);
  assert.match(status, /550/);
  assert.match(status, /relay/i);
  assert.match(status, /Relay denied/, 'the session summary is part of the hover');
  assert.match(at(5, 'MAIL'), /\*\*MAIL\*\*/);
  assert.match(at(4, '10.1.20.15'), /private address/);
  assert.match(at(9, ' 1015 '), /Session length/);
  assert.match(at(3, 'cs-uri-query'), /LogExtFileUriQuery|Method|query/i);
  const outbound = at(40, '550+5.1.1');
  assert.match(outbound, /5\.1\.1/);
  assert.match(outbound, /Outbound connection/);
  assert.match(at(5, '+FROM:'), /FROM:<erp@contoso\.com> SIZE=2048/, 'the value is shown decoded');
});

test('completion: field names not yet listed on #Fields, directives after #', () => {
  const { doc } = logDoc('#Fields: date time c-ip \n');
  const items = logCompletion(doc, { line: 0, character: 24 });
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('cs-uri-query'));
  assert.ok(!labels.includes('c-ip'), 'already listed');
  assert.ok(!labels.includes('sc-substatus'), 'SMTP never writes it');
  const directives = logCompletion(logDoc('#F\n').doc, { line: 0, character: 2 }).map((i) => i.label);
  assert.ok(directives.includes('#Fields') && directives.includes('#Software'));
  assert.deepEqual(logCompletion(logDoc('10.0.0.1 x\n').doc, { line: 0, character: 3 }), []);
});

test('outline: header blocks with sessions named after client, HELO, recipients and outcome; folding', () => {
  const { doc, model } = logDoc(readLogFixture('w3c-relay.log'));
  const symbols = logSymbols(model, doc, 5000);
  assert.equal(symbols.length, 2);
  assert.equal(symbols[0]!.name, 'Header 2026-11-02 07:00:00');
  const names = symbols[0]!.children!.map((c) => c.name);
  assert.equal(names[0], '10.1.20.15 erp01.corp.contoso.com → 2 rcpt, 250');
  assert.ok(names.some((n) => n.startsWith('⇢ 52.101.0.10 outbound')));
  assert.equal(symbols[1]!.children!.length, 1);
  assert.equal(logSymbols(model, doc, 3).flatMap((s) => [s, ...(s.children ?? [])]).length, 3, 'symbol cap');
  const folds = logFolding(model, 100);
  assert.ok(folds.some((f) => f.startLine === 0 && f.endLine === 3), 'header folds');
  assert.ok(folds.some((f) => f.startLine === 4 && f.endLine === 9), 'a contiguous session folds');
});

for (const kind of ['lines', 'string'] as const) {
test(`incremental edits give the same model as parsing the edited text from scratch (${kind} document)`, () => {
  const original = readLogFixture('w3c-relay.log');
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  const pieces = ['', 'x', ' ', '\r\n', '250', '#Fields: c-ip cs-method sc-status\r\n', '10.9.9.9 QUIT 240\r\n', '-', '\n'];
  const state = logDoc(original, undefined, kind);
  for (let i = 0; i < 300; i++) {
    const lines = state.doc.lineCount;
    const l1 = rand(lines);
    const l2 = Math.min(lines - 1, l1 + rand(3));
    const text = state.doc.getText();
    const lineLen = (l: number) => state.doc.getText({ start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } }).replace(/\r?\n$/, '').length;
    const c1 = rand(lineLen(l1) + 1);
    const c2 = l2 === l1 ? c1 + rand(Math.max(1, lineLen(l2) - c1 + 1)) : rand(lineLen(l2) + 1);
    edit(state, { start: { line: l1, character: c1 }, end: { line: l2, character: c2 } }, pieces[rand(pieces.length)]!);
    void text;
    // Diagnostics after every edit take the incremental path; they must equal a fresh model's.
    const incremental = logDiagnostics(state.model, state.doc, settings());
    assert.deepEqual(incremental, logDiagnostics(new LogDocumentModel(state.doc), state.doc, settings()), `after edit ${i}`);
  }
  const fresh = new LogDocumentModel(state.doc);
  const strip = (m: LogDocumentModel) => JSON.stringify(m.entries, (k, v) => (k === 'layout' ? undefined : v));
  assert.equal(strip(state.model), strip(fresh));
  const problemLines = (m: LogDocumentModel) => [...m.withProblems].map((e) => e.line).sort((a, b) => a - b);
  assert.deepEqual(problemLines(state.model), problemLines(fresh));
  assert.deepEqual(logDiagnostics(state.model, state.doc, settings()), logDiagnostics(fresh, state.doc, settings()));
  assert.deepEqual(state.model.sessions().sessions, fresh.sessions().sessions);
});
}

test('editing a #Fields line re-reads the records of its block', () => {
  const state = logDoc('#Fields: c-ip cs-method sc-status\n10.0.0.1 EHLO 250\n10.0.0.1 QUIT 240\n');
  assert.ok(state.model.entries.slice(1, 3).every((e) => e.kind === 'record' && !e.problems));
  edit(state, { start: { line: 0, character: 9 }, end: { line: 0, character: 14 } }, '');
  assert.ok(state.model.entries.slice(1, 3).every((e) => e.kind === 'record' && e.problems?.[0]?.code === 'SMTPLOG001'));
});

test('incremental regrouping on a realistic generated log: random edits, sessions and diagnostics equal a fresh parse', () => {
  // A day of generated traffic (interleaved clients, outbound deliveries, denials), cut to keep the test quick,
  // plus sessions left open (no QUIT record) that force regrouping from further back.
  const day = generateLogs({ start: '2026-11-02', days: 1, seed: 5 }).files[0]!.text.split('\r\n').slice(0, 1500);
  day.splice(600, 0, '2026-11-02 09:00:00 10.9.9.9 open1 SMTPSVC1 RELAY01 10.1.0.5 0 EHLO - +open1 250 0 230 15 0 SMTP - - - -');
  const text = day.join('\r\n');
  const state = logDoc(text);
  let seed = 21;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  const pieces = ['', 'x', ' 550 ', '\r\n', 'QUIT', 'EHLO', '\r\n2026-11-02 09:00:01 10.9.9.9 open1 SMTPSVC1 RELAY01 10.1.0.5 0 QUIT - open1 240 0 68 4 0 SMTP - - - -\r\n'];
  for (let i = 0; i < 150; i++) {
    const line = 4 + rand(state.doc.lineCount - 5);
    const length = lineText(state.doc, line).length;
    const a = rand(length + 1);
    edit(state, { start: { line, character: a }, end: { line: line + rand(2), character: rand(length + 1) } }, pieces[rand(pieces.length)]!);
    const incremental = logDiagnostics(state.model, state.doc, settings());
    if (i % 10 === 0) {
      const fresh = new LogDocumentModel(state.doc);
      const plain = (m: LogDocumentModel) => JSON.parse(JSON.stringify(m.sessions().sessions)) as unknown;
      assert.deepEqual(plain(state.model), plain(fresh), `sessions after edit ${i}`);
      assert.deepEqual(incremental, logDiagnostics(fresh, state.doc, settings()), `diagnostics after edit ${i}`);
    }
  }
});

test('a #Fields line below an edit takes the #Date in force, as in a fresh parse (fuzz: SMTP log seeds 1252609702, 2133091609)', () => {
  // Synthetic. The #Fields lines have no date field, so SMTPLOG010 depends on whether a #Date is in force.
  const fields = '#Fields: time c-ip cs-username cs-method cs-uri-query sc-status\r\n';
  const same = (state: ReturnType<typeof logDoc>) => {
    const diags = (d: ReturnType<typeof logDiagnostics>) => d.map((x) => `${x.range.start.line}:${x.code}:${x.message}`).sort();
    assert.deepEqual(diags(logDiagnostics(state.model, state.doc, settings())), diags(logDiagnostics(logDoc(state.doc.getText()).model, state.doc, settings())));
  };
  const noDate = (state: ReturnType<typeof logDoc>, line: number) =>
    logDiagnostics(state.model, state.doc, settings()).some((d) => d.range.start.line === line && d.code === 'SMTPLOG010' && String(d.message).includes('no #Date'));
  // Splitting the #Date line makes it unreadable: both #Fields lines below lose their date.
  const split = logDoc(`#Date: 2026-11-02 07:00:00\r\n${fields}07:00:01 10.1.20.15 - EHLO +a 250\r\n${fields}07:00:02 10.1.20.15 - QUIT - 240\r\n`);
  edit(split, { start: { line: 0, character: 13 }, end: { line: 0, character: 13 } }, '\n');
  same(split);
  assert.ok(noDate(split, 4));
  // A #Date below a #Fields line (records keep their block's date) is in force for the next #Fields line.
  const later = logDoc(`${fields}07:00:01 10.1.20.15 - EHLO +a 250\r\n#Date: 2026-11-02 07:00:00\r\n07:00:02 10.1.20.15 - QUIT - 240\r\n07:00:03 10.1.20.15 - QUIT - 240\r\n${fields}`);
  edit(later, { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, ' ');
  same(later);
  assert.ok(!noDate(later, 5));
});

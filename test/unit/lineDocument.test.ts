import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Range } from 'vscode-languageserver';
import { LineTextDocument } from '../../server/src/lineDocument';
import { clampChange, DocumentStore } from '../../server/src/documents';
import { createLanguageServices } from '../../server/src/languages';
import { normalizeSettings } from '../../server/src/settings';
import { LOG_FIXTURES } from '../helpers/logDoc';

function same(a: TextDocument, b: LineTextDocument, label: string): void {
  assert.equal(b.getText(), a.getText(), label);
  assert.equal(b.lineCount, a.lineCount, label);
  for (let line = -1; line <= a.lineCount; line++) {
    assert.deepEqual(b.getLineRange(line), a.getLineRange(line), `${label} range ${line}`);
    assert.equal(b.getEOLCharacters(line), a.getEOLCharacters(line), `${label} eol ${line}`);
    for (const character of [0, 1, 3, 100]) {
      const p = { line, character };
      assert.equal(b.offsetAt(p), a.offsetAt(p), `${label} offsetAt ${line}:${character}`);
    }
  }
  for (let offset = -1; offset <= a.getText().length + 1; offset++) assert.deepEqual(b.positionAt(offset), a.positionAt(offset), `${label} positionAt ${offset}`);
}

test('a line-array document behaves like the LSP text document on random edits, line breaks included', () => {
  let seed = 11;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  const pieces = ['', 'a', 'bc', '\r', '\n', '\r\n', 'x\r\ny', '\n\n', '\rz'];
  for (let round = 0; round < 200; round++) {
    let text = '';
    for (let i = 0; i < rand(6); i++) text += pieces[rand(pieces.length)];
    let a = TextDocument.create('file:///a', 'x', 1, text);
    const b = new LineTextDocument('file:///a', 'x', 1, text);
    same(a, b, `round ${round} start ${JSON.stringify(text)}`);
    for (let k = 0; k < 8; k++) {
      const p1 = { line: rand(a.lineCount + 1) - (rand(10) === 0 ? 1 : 0), character: rand(4) };
      const p2 = { line: rand(a.lineCount + 1), character: rand(4) };
      const change = { range: { start: p1, end: p2 }, text: pieces[rand(pieces.length)]! };
      const before = a.getText();
      a = TextDocument.update(a, [change], a.version + 1);
      b.update([change], b.version + 1);
      same(a, b, `round ${round} edit ${k} ${JSON.stringify(before)} ${JSON.stringify(change)}`);
    }
    const full = { text: 'new\r\ntext' };
    a = TextDocument.update(a, [full], a.version + 1);
    b.update([full], b.version + 1);
    same(a, b, `round ${round} full`);
    assert.equal(b.version, a.version);
  }
});

test('getText of a range spanning lines, and lineText', () => {
  const b = new LineTextDocument('file:///a', 'x', 1, 'one\r\ntwo\nthree');
  assert.equal(b.getText({ start: { line: 0, character: 1 }, end: { line: 2, character: 2 } }), 'ne\r\ntwo\nth');
  assert.equal(b.lineText(1), 'two');
  assert.equal(b.lineText(9), '');
});

// --- out-of-range didChange (issue 15, defect 8): the model stays equal to the text ---

test('out-of-range and reversed change ranges are clamped as TextDocument clamps them, and the model stays equal to a fresh open', () => {
  const services = createLanguageServices();
  const byId = new Map(services.flatMap((s) => s.languageIds.map((id) => [id, s] as const)));
  const store = new DocumentStore((id) => byId.get(id));
  const text = readFileSync(join(LOG_FIXTURES, 'w3c-relay.log'), 'latin1');
  const uri = 'file:///attack.log';
  store.didOpen({ textDocument: { uri, languageId: 'iis-smtp-log', version: 1, text } });
  let reference = TextDocument.create(uri, 'iis-smtp-log', 1, text);
  const record = text.split('\r\n')[5]!;
  const changes: Range[] = [
    { start: { line: reference.lineCount + 1, character: 0 }, end: { line: reference.lineCount + 1, character: 0 } },
    { start: { line: 9999, character: 3 }, end: { line: 9999, character: 9 } },
    { start: { line: -5, character: -2 }, end: { line: -5, character: 4 } },
    { start: { line: 3, character: 500 }, end: { line: 2, character: 1 } },
    { start: { line: 4, character: Number.NaN }, end: { line: 4.7, character: 2 } },
  ];
  const settings = { settings: normalizeSettings({}) };
  let version = 1;
  for (const range of changes) {
    version++;
    const change = { range, text: `\r\n${record}` };
    store.didChange({ textDocument: { uri, version }, contentChanges: [change] });
    reference = TextDocument.update(reference, [clampChange(reference, change)!], version);
    const entry = store.get(uri)!;
    assert.equal(entry.doc.getText(), reference.getText(), JSON.stringify(range));
    const fresh = byId.get('iis-smtp-log')!;
    const freshDoc = new LineTextDocument(uri, 'iis-smtp-log', version, reference.getText());
    assert.deepEqual(entry.service.diagnostics(entry.model, entry.doc, settings), fresh.diagnostics(fresh.open(freshDoc), freshDoc, settings), JSON.stringify(range));
  }
  // A later valid edit still sees the line appended past the end.
  const last = store.get(uri)!.doc.lineCount - 1;
  store.didChange({ textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, text: 'x' }] });
  assert.equal(store.get(uri)!.doc.getText().endsWith(`x${record}`), true);
  // A change without text is ignored, not thrown on.
  store.didChange({ textDocument: { uri, version: ++version }, contentChanges: [{ range: changes[0]! } as never] });
});

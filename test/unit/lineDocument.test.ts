import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineTextDocument } from '../../server/src/lineDocument';

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

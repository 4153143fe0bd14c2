import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineTextDocument } from '../../server/src/lineDocument';
import { forEachLine } from '../../server/src/smtpLog/lineBreaks';
import { assertLinear } from '../helpers/growth';

function lines(text: string, finalEmptyLine: boolean): string[] {
  const out: string[] = [];
  forEachLine(text, (s, e) => void out.push(text.slice(s, e)), finalEmptyLine);
  return out;
}

test('CRLF, LF and lone CR each end one line; a final break adds an empty line only in the editor view', () => {
  assert.deepEqual(lines('a\r\nb\nc\rd', true), ['a', 'b', 'c', 'd']);
  assert.deepEqual(lines('a\r', true), ['a', '']);
  assert.deepEqual(lines('a\r', false), ['a']);
  assert.deepEqual(lines('a\r\n', false), ['a']);
  assert.deepEqual(lines('\r\r\n\n', true), ['', '', '', '']);
  assert.deepEqual(lines('', true), ['']);
  assert.deepEqual(lines('', false), []);
});

test('the splitter agrees with the LSP text document on random texts', () => {
  let seed = 3;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  const alphabet = ['a', 'b', '\r', '\n', '\r\n', ' '];
  for (let k = 0; k < 2000; k++) {
    let text = '';
    const len = rand(12);
    for (let i = 0; i < len; i++) text += alphabet[rand(alphabet.length)];
    const doc = TextDocument.create('file:///x', 'x', 1, text);
    const expected = Array.from({ length: doc.lineCount }, (_, i) =>
      doc.getText({ start: { line: i, character: 0 }, end: { line: i + 1, character: 0 } }).replace(/\r?\n$|\r$/, ''),
    );
    assert.deepEqual(lines(text, true), expected, JSON.stringify(text));
  }
});

test("the editor document's own line spans equal the splitter's, when opened and after edits", () => {
  let seed = 5;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  const alphabet = ['a', 'bc', '\r', '\n', '\r\n', ' '];
  const word = (): string => {
    let t = '';
    for (let i = rand(10); i > 0; i--) t += alphabet[rand(alphabet.length)];
    return t;
  };
  const spans = (doc: LineTextDocument): string[] => {
    const text = doc.getText();
    const out: string[] = [];
    doc.forEachLineSpan((s, e) => void out.push(text.slice(s, e)));
    return out;
  };
  for (let k = 0; k < 1000; k++) {
    const doc = new LineTextDocument('file:///x', 'x', 1, word());
    assert.deepEqual(spans(doc), lines(doc.getText(), true));
    for (let edit = 0; edit < 3; edit++) {
      const a = doc.positionAt(rand(doc.getText().length + 1));
      doc.update([{ range: { start: a, end: doc.positionAt(doc.offsetAt(a) + rand(4)) }, text: word() }], edit + 2);
      assert.deepEqual(spans(doc), lines(doc.getText(), true), JSON.stringify(doc.getText()));
    }
  }
  // Stopping early: no more calls after false.
  const doc = new LineTextDocument('file:///x', 'x', 1, 'a\nb\nc');
  let calls = 0;
  doc.forEachLineSpan(() => ++calls < 2);
  assert.equal(calls, 2);
});

test('growth: splitting is linear whichever line break the text uses', () => {
  for (const brk of ['\r', '\n', '\r\n']) {
    assertLinear(`lines ending ${JSON.stringify(brk)}`, 50_000, (n) => `abc${brk}`.repeat(n), (text) => forEachLine(text, () => {}, true));
  }
});

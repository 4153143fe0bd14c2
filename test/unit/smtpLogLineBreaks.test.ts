import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
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

test('growth: splitting is linear whichever line break the text uses', () => {
  for (const brk of ['\r', '\n', '\r\n']) {
    assertLinear(`lines ending ${JSON.stringify(brk)}`, 50_000, (n) => `abc${brk}`.repeat(n), (text) => forEachLine(text, () => {}, true));
  }
});

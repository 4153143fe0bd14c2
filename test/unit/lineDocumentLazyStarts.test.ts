// A line-array document computes line starts only as far as a query needs them: positions asked right after
// an edit (before anything else has computed the starts below it) must still equal the LSP text document's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineTextDocument } from '../../server/src/lineDocument';

test('positionAt right after an edit, at every offset and past the end, equals the LSP text document', () => {
  let seed = 5;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  const pieces = ['', 'a', 'bc', '\r', '\n', '\r\n', 'x\r\ny', '\n\n', '\rz', 'line\r\n'.repeat(30)];
  for (let round = 0; round < 60; round++) {
    let text = '';
    for (let i = 0; i < 1 + rand(40); i++) text += pieces[rand(pieces.length)];
    let a = TextDocument.create('file:///a', 'x', 1, text);
    for (let k = 0; k < 6; k++) {
      const before = a.getText();
      // In range, as the server clamps a client's change before the document sees it.
      const p1 = a.positionAt(a.offsetAt({ line: rand(a.lineCount), character: rand(4) }));
      const p2 = a.positionAt(a.offsetAt({ line: p1.line + rand(3), character: rand(4) }));
      const change = { range: { start: p1, end: p2 }, text: pieces[rand(pieces.length)]! };
      a = TextDocument.update(a, [change], a.version + 1);
      const length = a.getText().length;
      for (const offset of [-1, 0, rand(length + 1), rand(length + 1), length, length + 5]) {
        // A fresh document per probe, its starts known only partly before the edit: each probe is the first
        // query after the edit.
        const b = new LineTextDocument('file:///a', 'x', 1, before);
        b.offsetAt({ line: rand(b.lineCount), character: 0 });
        b.update([change], 2);
        assert.deepEqual(b.positionAt(offset), a.positionAt(offset), `round ${round} edit ${k} offset ${offset} ${JSON.stringify(before)} ${JSON.stringify(change)}`);
      }
    }
    text = a.getText();
  }
});

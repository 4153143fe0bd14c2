// The host-level scheduling pieces (issue 15): the one change a burst of edits adds up to, and the debounce.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { changeBetween } from '../../server/src/changeDiff';
import { AnalysisScheduler, debounceFor, MAX_DEBOUNCE_MS, SLOW_ANALYSIS_MS } from '../../server/src/scheduler';
import { rng } from '../attack/helpers/editFuzz';

const apply = (before: string, change: NonNullable<ReturnType<typeof changeBetween>>): string =>
  TextDocument.applyEdits(TextDocument.create('', '', 0, before), [{ range: change.range, newText: change.text }]);

test('changeBetween: the change turns the old text into the new one, and never cuts a CR LF or a surrogate pair', () => {
  const r = rng(15);
  const alphabet = ['a', 'b', '\r', '\n', '\r\n', ' ', '😀', "'"];
  const word = (n: number) => Array.from({ length: n }, () => alphabet[r(alphabet.length)]).join('');
  for (let i = 0; i < 3000; i++) {
    const before = word(r(12));
    const after = r(4) === 0 ? before : word(r(12));
    const change = changeBetween(before, after);
    if (before === after) {
      assert.equal(change, undefined);
      continue;
    }
    assert.ok(change, JSON.stringify({ before, after }));
    assert.equal(apply(before, change), after, JSON.stringify({ before, after, change }));
    const doc = TextDocument.create('', '', 0, before);
    for (const offset of [doc.offsetAt(change.range.start), doc.offsetAt(change.range.end)]) {
      assert.ok(!(before[offset - 1] === '\r' && before[offset] === '\n'), `cut inside CR LF: ${JSON.stringify({ before, after })}`);
      assert.ok(!/[\ud800-\udbff]/.test(before[offset - 1] ?? '') || offset === before.length, 'cut inside a surrogate pair');
    }
  }
});

test('changeBetween: a burst of keystrokes becomes the span they touched', () => {
  const change = changeBetween("New-ReceiveConnector -Name 'A'\r\n", "New-ReceiveConnector -Name 'Relay'\r\nSet-X\r\n");
  assert.deepEqual(change, { range: { start: { line: 0, character: 28 }, end: { line: 0, character: 30 } }, text: "Relay'\r\nSet-X" });
});

test('debounce: none for a cheap document, its cost for a slow one, capped', () => {
  assert.equal(debounceFor(0), 0);
  assert.equal(debounceFor(SLOW_ANALYSIS_MS - 1), 0);
  assert.equal(debounceFor(350), 350);
  assert.equal(debounceFor(60_000), MAX_DEBOUNCE_MS);
  // An open or a settings change is not a burst of edits: a 40 MB log's ~800 ms parse once delayed its first
  // diagnostics by as much again.
  assert.equal(debounceFor(800, 'open'), 0);
  assert.equal(debounceFor(60_000, 'settings'), 0);
  assert.equal(debounceFor(800, 'edit'), 800);
});

test('scheduler: a burst is analysed once, after the messages already queued, and a closed document not at all', async () => {
  const analysed: string[] = [];
  const scheduler = new AnalysisScheduler((uri) => analysed.push(uri));
  const handle = (what: string) => scheduler.messageStrategy.handleMessage({ jsonrpc: '2.0' }, () => void analysed.push(what));
  // As the connection does: one message per turn of the event loop, each scheduling the next.
  const queue = ['edit a', 'edit a', 'edit b', 'close b', 'hover c'];
  await new Promise<void>((done) => {
    const next = (): void => {
      const message = queue.shift();
      if (!message) return done();
      handle(message);
      if (message.startsWith('edit')) scheduler.schedule(message.slice(5), 0);
      if (message === 'close b') scheduler.cancel('b');
      setImmediate(next);
    };
    setImmediate(next);
  });
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(analysed, ['edit a', 'edit a', 'edit b', 'close b', 'hover c', 'a']);
});

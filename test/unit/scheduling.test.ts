// The host-level scheduling pieces (issue 15): the one change a burst of edits adds up to, and the debounce.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { changeBetween } from '../../server/src/changeDiff';
import { DocumentStore } from '../../server/src/documents';
import type { LanguageService } from '../../server/src/languageService';
import { createLanguageServices } from '../../server/src/languages';
import { CONNECTOR_SCRIPT_LANGUAGE_ID, EXCHANGE_LOG_LANGUAGE_ID, METABASE_LANGUAGE_ID, SMTP_LOG_LANGUAGE_ID } from '../../server/src/protocol';
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

/**
 * A scheduler on a clock the test sets, with timers mocked (nothing here waits for real time), and `uri` opened
 * at time 0 with an open that cost `openCostMs`: its first analysis waits for no timer. Each later analysis moves
 * the clock on by what `spend` last set (0 at first).
 */
async function openedOnClock(
  t: TestContext,
  uri: string,
  openCostMs: number,
): Promise<{ scheduler: AnalysisScheduler; analysed: string[]; at: (ms: number) => void; turns: () => Promise<void>; spend: (ms: number) => void }> {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let clock = 0;
  let cost = 0;
  const analysed: string[] = [];
  const scheduler = new AnalysisScheduler(
    (u) => {
      analysed.push(u);
      clock += cost;
    },
    () => clock,
  );
  const turns = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  scheduler.schedule(uri, openCostMs, 'open');
  await turns();
  assert.deepEqual(analysed, [uri]);
  return { scheduler, analysed, at: (ms) => void (clock = ms), turns, spend: (ms) => void (cost = ms) };
}

test('scheduler: an edit after a pause is analysed as soon as the queue is empty, however slow the document (no idle wait)', async (t) => {
  const { scheduler, analysed, at, turns } = await openedOnClock(t, 'a', 2500);
  // One keystroke, long after the open: no burst is in progress, so no timer may hold it back.
  at(60_000);
  scheduler.schedule('a', 2500, 'edit');
  await turns();
  assert.deepEqual(analysed, ['a', 'a']);
  // Keystrokes each sent once the previous one's diagnostics are back: the gap between two of them holds the
  // analysis whose cost is measured, so they are never a burst, even when that cost is over the slow threshold.
  for (let k = 1; k <= 5; k++) {
    at(60_000 + k * (SLOW_ANALYSIS_MS + 20));
    scheduler.schedule('a', SLOW_ANALYSIS_MS + 10, 'edit');
    await turns();
    assert.equal(analysed.length, 2 + k, `keystroke ${k} waited for a timer`);
  }
});

test('scheduler: a burst of edits on a slow document, right after its open or each other, is debounced and analysed once', async (t) => {
  const { scheduler, analysed, at, turns } = await openedOnClock(t, 'slow', 800);
  // Typing starts right after the open (a pathological script: the first keystroke must not block the others).
  for (let k = 1; k <= 5; k++) {
    at(k * 100);
    scheduler.schedule('slow', 800, 'edit');
    await turns();
  }
  assert.deepEqual(analysed, ['slow'], 'an edit of the burst was analysed before the pause');
  t.mock.timers.tick(800);
  await turns();
  assert.deepEqual(analysed, ['slow', 'slow']);
  // A closed and reopened document starts afresh; a settings change is not an edit and starts no burst.
  scheduler.cancel('slow');
  at(10_000);
  scheduler.schedule('slow', 800, 'settings');
  await turns();
  at(10_050);
  scheduler.schedule('slow', 800, 'edit');
  await turns();
  assert.deepEqual(analysed, ['slow', 'slow', 'slow', 'slow']);
});

test('scheduler: typing that never pauses is analysed at its longest wait, and the keystrokes queued behind that analysis stay in the burst', async (t) => {
  const { scheduler, analysed, at, turns, spend } = await openedOnClock(t, 'slow', 200);
  // Ten keystrokes a second on a document whose analysis takes 200 ms: the burst is analysed 4 periods after its
  // first keystroke (at 900), and that analysis takes 200 ms of the clock.
  spend(200);
  for (let ms = 100; ms <= 800; ms += 100) {
    at(ms);
    scheduler.schedule('slow', 200, 'edit');
    t.mock.timers.tick(100);
    await turns();
  }
  assert.deepEqual(analysed, ['slow', 'slow']);
  // The keystroke typed during that analysis is handled at its end, 300 ms after the previous one: still typing.
  at(1101);
  scheduler.schedule('slow', 200, 'edit');
  await turns();
  assert.deepEqual(analysed, ['slow', 'slow'], 'a keystroke of an ongoing burst was analysed at once');
  t.mock.timers.tick(200);
  await turns();
  assert.deepEqual(analysed, ['slow', 'slow', 'slow']);
});

test('scheduler: a slow document analysed at its longest wait still lets the queued requests go first', async (t) => {
  const { scheduler, analysed, at, turns } = await openedOnClock(t, 'slow', 1500);
  // Typing every second into a document whose analysis takes 1.5 s: a burst from 100 ms on, analysed at its
  // longest wait (4 periods, capped: 6100 ms).
  for (let ms = 100; ms <= 5100; ms += 1000) {
    at(ms);
    scheduler.schedule('slow', 1500, 'edit');
    at(ms + 1000);
    t.mock.timers.tick(1000);
    if (ms < 5100) await turns();
  }
  // The timer has fired while requests keep arriving: they are answered first, the analysis waits for a gap.
  for (let i = 0; i < 10; i++) {
    scheduler.messageStrategy.handleMessage({ jsonrpc: '2.0' }, () => undefined);
    await new Promise((r) => setImmediate(r));
  }
  assert.deepEqual(analysed, ['slow'], 'the analysis ran while requests were queued');
  await turns();
  assert.deepEqual(analysed, ['slow', 'slow']);
});

test('the open cost stands for the first edit only where edits may cost as much; log and metabase edits are local', () => {
  // An open that takes a measurable while (spins until the clock moves), in a language with or without local edits.
  const slowOpen = (localEdits: boolean): LanguageService => ({
    languageIds: ['x'],
    localEdits,
    open: () => {
      const until = performance.now() + 5;
      while (performance.now() < until);
      return {};
    },
    update: (model) => model,
    diagnostics: () => [],
  });
  for (const localEdits of [false, true]) {
    const store = new DocumentStore(() => slowOpen(localEdits));
    const entry = store.didOpen({ textDocument: { uri: 'file:///a', languageId: 'x', version: 1, text: 'a' } })!;
    if (localEdits) assert.equal(entry.modelMs, 0, 'a local-edit language starts with no cost to debounce the first keystroke by');
    else assert.ok(entry.modelMs >= 5, 'the open cost is the first edit estimate');
  }
  const services = createLanguageServices();
  for (const id of [SMTP_LOG_LANGUAGE_ID, EXCHANGE_LOG_LANGUAGE_ID, METABASE_LANGUAGE_ID]) assert.equal(services.find((s) => s.languageIds.includes(id))?.localEdits, true, id);
  assert.notEqual(services.find((s) => s.languageIds.includes(CONNECTOR_SCRIPT_LANGUAGE_ID))?.localEdits, true, 'a connector script re-parses its statements');
});

// The editor keeps the session of each record line in an array beside the entries (not on the records): after
// edits that add, remove, split and join lines it still names the session a fresh read of the text names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogDocumentModel, lineText } from '../../server/src/smtpLog/documentModel';
import { edit, logDoc, readLogFixture } from '../helpers/logDoc';
import { rng } from '../attack/helpers/editFuzz';

const where = (model: LogDocumentModel, line: number): string => {
  const s = model.sessionAt(line);
  return s ? `${s.direction} ${s.clientIp} ${s.firstLine}-${s.lastLine}` : '';
};

test('sessionAt after random line edits equals a fresh read', () => {
  const text = readLogFixture('w3c-relay.log');
  const records = text.split('\r\n').filter((l) => l && !l.startsWith('#'));
  const state = logDoc(text);
  const r = rng(17);
  for (let i = 0; i < 120; i++) {
    const line = 4 + r(Math.max(1, state.doc.lineCount - 5));
    const length = lineText(state.doc, line).length;
    const choice = r(4);
    if (choice === 0) edit(state, { start: { line, character: 0 }, end: { line, character: 0 } }, `${records[r(records.length)]}\r\n`);
    else if (choice === 1) edit(state, { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, '');
    else if (choice === 2) edit(state, { start: { line, character: length }, end: { line: line + 1, character: 0 } }, '');
    else edit(state, { start: { line, character: 0 }, end: { line, character: length } }, records[r(records.length)]!);
    state.model.sessions();
    const fresh = new LogDocumentModel(state.doc);
    fresh.sessions();
    for (let l = 0; l < state.doc.lineCount; l++) {
      if (!fresh.sessionAt(l)) continue;
      assert.equal(where(state.model, l), where(fresh, l), `edit ${i + 1}, line ${l}`);
    }
  }
});

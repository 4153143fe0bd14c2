// The host's document store: a model that fails to follow an edit is rebuilt from the text, and the request that
// found it behind goes on with the rebuilt model (its version's diagnostics are not lost).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DocumentStore } from '../../server/src/documents';
import type { LanguageService } from '../../server/src/languageService';

test('a failed update: the model is rebuilt from the text, reported, and the document is no longer behind', () => {
  let failUpdates = true;
  let failOpens = false;
  const service: LanguageService<{ text: string }> = {
    languageIds: ['x'],
    open: (doc) => {
      if (failOpens) throw new Error('open failed');
      return { text: doc.getText() };
    },
    update: (model, doc) => {
      if (failUpdates) throw new Error('update failed');
      return { text: doc.getText() };
    },
    diagnostics: () => [],
  };
  const reports: string[] = [];
  const store = new DocumentStore(() => service as LanguageService, (m) => reports.push(m));
  const uri = 'file:///a';
  store.didOpen({ textDocument: { uri, languageId: 'x', version: 1, text: 'abc' } });
  const edit = (version: number, text: string) => store.didChange({ textDocument: { uri, version }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text }] });
  edit(2, 'x');
  const entry = store.get(uri)!;
  assert.deepEqual(entry.model, { text: 'xabc' }, 'rebuilt from the text');
  assert.equal(reports.length, 1);
  assert.match(reports[0]!, /update failed/);
  // A rebuild that fails too leaves the document behind by its whole text: the next request rebuilds again.
  failOpens = true;
  edit(3, 'y');
  assert.throws(() => store.get(uri), /open failed/);
  failOpens = false;
  failUpdates = false;
  assert.deepEqual(store.get(uri)!.model, { text: 'yxabc' });
});

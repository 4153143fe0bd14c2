// Builds SMTP log models from fixture text, for unit tests of the feature functions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineTextDocument } from '../../server/src/lineDocument';
import { LogDocumentModel } from '../../server/src/smtpLog/documentModel';
import { normalizeSettings, type Settings } from '../../server/src/settings';

export const LOG_FIXTURES = join(__dirname, '..', 'fixtures', 'logs');

export function readLogFixture(name: string): string {
  return readFileSync(join(LOG_FIXTURES, name), 'utf8');
}

/** A model over a line-array document, as the server keeps SMTP logs. */
export function logDoc(text: string, uri = 'file:///test/SMTPSVC1/ex261102.log', kind: 'lines' | 'string' = 'lines'): { doc: TextDocument; model: LogDocumentModel } {
  const doc = kind === 'lines' ? new LineTextDocument(uri, 'iis-smtp-log', 1, text) : TextDocument.create(uri, 'iis-smtp-log', 1, text);
  return { doc, model: new LogDocumentModel(doc) };
}

export function settings(overrides: Record<string, unknown> = {}): Settings {
  return normalizeSettings(overrides);
}

/** Applies an edit to both the document and the model, the way the server does. */
export function edit(state: { doc: TextDocument; model: LogDocumentModel }, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): void {
  const change = { range, text };
  if (state.doc instanceof LineTextDocument) state.doc.update([change], state.doc.version + 1);
  else state.doc = TextDocument.update(state.doc, [change], state.doc.version + 1);
  state.model.update(state.doc, change);
}

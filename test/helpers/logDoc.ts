// Builds SMTP log models from fixture text, for unit tests of the feature functions.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineTextDocument } from '../../server/src/lineDocument';
import { LogDocumentModel } from '../../server/src/smtpLog/documentModel';
import { LogLineParser } from '../../server/src/smtpLog/lineParser';
import type { LogRecord } from '../../server/src/smtpLog/types';
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

/** The records of W3C lines, each parsed on its own (line numbers are the indexes). */
export function recordsOfLines(lines: readonly string[]): LogRecord[] {
  const parser = new LogLineParser('w3c');
  const out: LogRecord[] = [];
  lines.forEach((text, line) => {
    const e = parser.parse(text, line);
    if (e.kind === 'record') out.push(e);
  });
  return out;
}

/** A temporary folder for a test file's logs, removed after its tests; `write` puts lines in it (CRLF, Latin-1). */
export function tempLogFolder(prefix: string): { write: (name: string, lines: readonly string[]) => string } {
  let dir = '';
  before(() => (dir = mkdtempSync(join(tmpdir(), prefix))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return {
    write: (name, lines) => {
      const path = join(dir, name);
      writeFileSync(path, `${lines.join('\r\n')}\r\n`, 'latin1');
      return path;
    },
  };
}

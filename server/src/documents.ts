// Open documents with their per-language models. Unlike vscode-languageserver's TextDocuments,
// this hands each incremental change to the language so it can re-parse only what changed.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  Position,
  Range,
  TextDocumentContentChangeEvent,
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
} from 'vscode-languageserver';
import { isRangeChange, type LanguageService } from './languageService';
import { LineTextDocument } from './lineDocument';

export interface OpenDocument {
  doc: TextDocument;
  service: LanguageService;
  model: unknown;
}

const whole = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0);

/**
 * A client's change with its range clamped to the document, as `TextDocument` clamps it (lines past the end
 * go to the end, negative ones to the start, characters to the line), and start before end. The document and
 * the language model then see the same valid range, so the model keeps equal to the text. Undefined for a
 * change that is not one (no text).
 */
export function clampChange(doc: TextDocument, change: TextDocumentContentChangeEvent): TextDocumentContentChangeEvent | undefined {
  if (typeof change?.text !== 'string') return undefined;
  if (!isRangeChange(change)) return { text: change.text };
  const r = change.range as Partial<Range>;
  const at = (p: Partial<Position> | undefined): Position => doc.positionAt(doc.offsetAt({ line: whole(p?.line), character: whole(p?.character) }));
  let start = at(r.start);
  let end = at(r.end);
  if (start.line > end.line || (start.line === end.line && start.character > end.character)) [start, end] = [end, start];
  return { range: { start, end }, text: change.text };
}

export class DocumentStore {
  private readonly open = new Map<string, OpenDocument>();

  constructor(private readonly serviceFor: (languageId: string) => LanguageService | undefined) {}

  get(uri: string): OpenDocument | undefined {
    return this.open.get(uri);
  }

  all(): IterableIterator<[string, OpenDocument]> {
    return this.open.entries();
  }

  didOpen(params: DidOpenTextDocumentParams): OpenDocument | undefined {
    const { uri, languageId, version, text } = params.textDocument;
    this.didClose({ textDocument: { uri } });
    const service = this.serviceFor(languageId);
    if (!service) return undefined;
    const doc = service.lineDocuments ? new LineTextDocument(uri, languageId, version, text) : TextDocument.create(uri, languageId, version, text);
    const entry: OpenDocument = { doc, service, model: service.open(doc) };
    this.open.set(uri, entry);
    return entry;
  }

  didChange(params: DidChangeTextDocumentParams): OpenDocument | undefined {
    const entry = this.open.get(params.textDocument.uri);
    if (!entry) return undefined;
    const version = params.textDocument.version;
    for (const raw of Array.isArray(params.contentChanges) ? params.contentChanges : []) {
      const change = clampChange(entry.doc, raw);
      if (!change) continue;
      if (entry.doc instanceof LineTextDocument) entry.doc.update([change], version);
      else entry.doc = TextDocument.update(entry.doc, [change], version);
      entry.model = isRangeChange(change)
        ? entry.service.update(entry.model, entry.doc, change)
        : (entry.service.close?.(entry.model), entry.service.open(entry.doc));
    }
    return entry;
  }

  didClose(params: DidCloseTextDocumentParams): boolean {
    const entry = this.open.get(params.textDocument.uri);
    if (!entry) return false;
    entry.service.close?.(entry.model);
    this.open.delete(params.textDocument.uri);
    return true;
  }
}

// Open documents with their per-language models. Unlike vscode-languageserver's TextDocuments,
// this hands each incremental change to the language so it can re-parse only what changed.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
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
    for (const change of params.contentChanges) {
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

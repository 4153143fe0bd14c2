// Open documents with their per-language models. Unlike vscode-languageserver's TextDocuments,
// this hands each incremental change to the language so it can re-parse only what changed.
// A model catches up with its text when it is next needed (a request on the document, its diagnostics), not on
// every keystroke: a burst of edits then costs one re-parse, and the edits of one document do not hold up
// requests on the others. Line documents (logs of tens of megabytes) are the exception: their per-line
// updates are cheap, and keeping an old text to compare against would not be.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  Position,
  Range,
  TextDocumentContentChangeEvent,
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
} from 'vscode-languageserver';
import { changeBetween } from './changeDiff';
import { isRangeChange, type LanguageService } from './languageService';
import { LineTextDocument } from './lineDocument';

export interface OpenDocument {
  doc: TextDocument;
  service: LanguageService;
  model: unknown;
  /** Milliseconds the model's last build or update took (the scheduler debounces documents slow to analyse). */
  modelMs: number;
}

/** Edits the model has not seen yet: the text it was built from and the changes since. */
interface Lag {
  text: string;
  changes: TextDocumentContentChangeEvent[];
}

const timed = <T>(run: () => T): [T, number] => {
  const start = performance.now();
  const value = run();
  return [value, performance.now() - start];
};

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
  private readonly behind = new Map<string, Lag>();

  /** @param report logs a model that failed to follow an edit (it is then rebuilt from the text). */
  constructor(
    private readonly serviceFor: (languageId: string) => LanguageService | undefined,
    private readonly report: (message: string) => void = () => undefined,
  ) {}

  /** The document with its model up to date with its text. */
  get(uri: string): OpenDocument | undefined {
    const entry = this.open.get(uri);
    if (entry) this.catchUp(uri, entry);
    return entry;
  }

  /** The document as it is, its model possibly behind (for what only needs the text or the service). */
  peek(uri: string): OpenDocument | undefined {
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
    // The open's full parse stands for the first edit's cost until that edit measures its own: a document slow
    // to open is debounced from its first keystroke (once, for a large but ordinary one). Not for a language
    // whose edits are local: its open cost says nothing of an edit's.
    const [model, openMs] = timed(() => service.open(doc));
    const entry: OpenDocument = { doc, service, model, modelMs: service.localEdits ? 0 : openMs };
    this.open.set(uri, entry);
    return entry;
  }

  didChange(params: DidChangeTextDocumentParams): OpenDocument | undefined {
    const uri = params.textDocument.uri;
    const entry = this.open.get(uri);
    if (!entry) return undefined;
    const version = params.textDocument.version;
    for (const raw of Array.isArray(params.contentChanges) ? params.contentChanges : []) {
      const change = clampChange(entry.doc, raw);
      if (!change) continue;
      if (entry.doc instanceof LineTextDocument) {
        entry.doc.update([change], version);
        [entry.model, entry.modelMs] = timed(() => this.apply(entry, change));
        continue;
      }
      const lag = this.behind.get(uri) ?? { text: entry.doc.getText(), changes: [] };
      this.behind.set(uri, lag);
      lag.changes.push(change);
      entry.doc = TextDocument.update(entry.doc, [change], version);
    }
    return entry;
  }

  /** Brings the model up to the text: one change replayed as it came, several as the one they add up to. */
  private catchUp(uri: string, entry: OpenDocument): void {
    const lag = this.behind.get(uri);
    if (!lag) return;
    const byRanges = lag.changes.every(isRangeChange);
    // Undefined for a full-text change among them: the model is then rebuilt.
    const change = !byRanges ? undefined : lag.changes.length === 1 ? lag.changes[0] : changeBetween(lag.text, entry.doc.getText());
    if (!byRanges || change) {
      try {
        [entry.model, entry.modelMs] = timed(() => this.apply(entry, change));
      } catch (err) {
        // A model that failed to follow an edit is rebuilt from the text rather than left describing another, and
        // the request goes on with it (the version's diagnostics are not lost). Until a rebuild succeeds the
        // document stays behind by its whole text.
        this.report(`model update failed, rebuilt from the text: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        lag.changes = [{ text: entry.doc.getText() }];
        [entry.model, entry.modelMs] = timed(() => this.apply(entry, undefined));
      }
    }
    this.behind.delete(uri);
  }

  /** The model after `change`, or rebuilt from the document's text (a full-text change). */
  private apply(entry: OpenDocument, change: TextDocumentContentChangeEvent | undefined): unknown {
    if (change && isRangeChange(change)) return entry.service.update(entry.model, entry.doc, change);
    entry.service.close?.(entry.model);
    return entry.service.open(entry.doc);
  }

  didClose(params: DidCloseTextDocumentParams): boolean {
    const entry = this.open.get(params.textDocument.uri);
    if (!entry) return false;
    entry.service.close?.(entry.model);
    this.open.delete(params.textDocument.uri);
    this.behind.delete(params.textDocument.uri);
    return true;
  }
}

// The contract between the protocol layer (server.ts) and each language's feature modules.
// A language keeps its own model per document; the protocol layer only routes requests.
import type {
  CancellationToken,
  CodeAction,
  CodeActionParams,
  CodeLens,
  Command,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Position,
  SignatureHelp,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ClientCommandCall } from './protocol';
import type { Settings } from './settings';

/** One incremental change: `range` is in the coordinates of the document *before* the change. */
export interface RangeChange {
  range: { start: Position; end: Position };
  text: string;
}

export function isRangeChange(change: TextDocumentContentChangeEvent): change is RangeChange {
  return 'range' in change && change.range !== undefined;
}

/**
 * A CodeLens as plain data, for features bound onto a language by the host (languages.ts converts it to LSP):
 * the zero-based line it stands on and the client command it runs.
 */
export interface CommandLens {
  line: number;
  command: ClientCommandCall;
}

export interface FeatureContext {
  settings: Settings;
  token?: CancellationToken;
}

export interface LanguageService<Model = unknown> {
  /** LSP language ids served by this language. */
  readonly languageIds: readonly string[];
  /** Characters that open completion, merged into the server capabilities. */
  readonly completionTriggerCharacters?: readonly string[];
  readonly signatureTriggerCharacters?: readonly string[];
  /**
   * Keep documents as arrays of lines (see lineDocument.ts): edits then cost what they touch, not the
   * document's size. For languages whose files reach tens of megabytes.
   */
  readonly lineDocuments?: boolean;
  /**
   * An edit costs what it touches (the model is updated in place), whatever the open cost: the first keystroke
   * after opening a large document is then not debounced by the open's full parse. Unset for languages whose
   * edit may cost as much as the open (a connector script re-parses its statements).
   */
  readonly localEdits?: boolean;
  /** One-time asynchronous start-up (e.g. loading a wasm grammar). */
  initialize?(): Promise<void>;
  /** Builds the model of a newly opened document. */
  open(doc: TextDocument): Model;
  /**
   * Updates the model after one incremental change. `doc` already holds the new text;
   * `change.range` refers to the text before the change. Returns the (possibly same) model.
   */
  update(model: Model, doc: TextDocument, change: RangeChange): Model;
  close?(model: Model): void;
  diagnostics(model: Model, doc: TextDocument, ctx: FeatureContext): Diagnostic[];
  hover?(model: Model, doc: TextDocument, position: Position, ctx: FeatureContext): Hover | null;
  completion?(model: Model, doc: TextDocument, position: Position, ctx: FeatureContext): CompletionItem[] | CompletionList | null;
  documentSymbols?(model: Model, doc: TextDocument, ctx: FeatureContext): DocumentSymbol[];
  foldingRanges?(model: Model, doc: TextDocument, ctx: FeatureContext): FoldingRange[];
  codeActions?(model: Model, doc: TextDocument, params: CodeActionParams, ctx: FeatureContext): (CodeAction | Command)[];
  codeLenses?(model: Model, doc: TextDocument, ctx: FeatureContext): CodeLens[];
  signatureHelp?(model: Model, doc: TextDocument, position: Position, ctx: FeatureContext): SignatureHelp | null;
}

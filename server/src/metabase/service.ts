// The iis-metabase language service: wires the model and the feature modules to the LSP contract.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService, RangeChange } from '../languageService';
import { METABASE_LANGUAGE_ID } from '../protocol';
import { toLspDiagnostics } from '../lspDiagnostics';
import { METABASE_DIAGNOSTICS } from './codes';
import { metabaseCodeActions } from './codeActions';
import { metabaseCompletion } from './completion';
import { metabaseFindings } from './diagnostics';
import { metabaseHover } from './hover';
import { parseMetabase, updateMetabase, type MetabaseModel } from './model';
import { metabaseFolding, metabaseSymbols } from './outline';

/** The export's findings as LSP diagnostics (the host's view). */
export function metabaseDiagnostics(model: MetabaseModel, doc: TextDocument, maxDiagnostics: number): Diagnostic[] {
  return toLspDiagnostics(metabaseFindings(model, doc, maxDiagnostics), doc.uri, METABASE_DIAGNOSTICS.source);
}

export function metabaseService(): LanguageService<MetabaseModel> {
  return {
    languageIds: [METABASE_LANGUAGE_ID],
    localEdits: true,
    completionTriggerCharacters: ['"', '|'],
    open: (doc: TextDocument) => parseMetabase(doc.getText()),
    update: (model: MetabaseModel, doc: TextDocument, change: RangeChange) => {
      // Text before the change is identical in the old and new documents, so the start offset can be
      // read from the new one; the old end is found by walking the old text from there.
      const start = doc.offsetAt(change.range.start);
      const end = oldEndOffset(model.text, start, change.range.start, change.range.end);
      return updateMetabase(model, doc.getText(), start, end, change.text.length);
    },
    diagnostics: (model, doc, ctx) => metabaseDiagnostics(model, doc, ctx.settings.maxDiagnostics),
    hover: (model, doc, position) => metabaseHover(model, doc, position),
    completion: (model, doc, position) => metabaseCompletion(model, doc, position),
    documentSymbols: (model, doc, ctx) => metabaseSymbols(model, doc, ctx.settings.maxOutlineSymbols),
    foldingRanges: (model, doc) => metabaseFolding(model, doc),
    codeActions: (model, doc, params, ctx) => metabaseCodeActions(model, doc, params, ctx.settings.connectors.targetRole),
  };
}

/** Offset of `end` in the old text, walking forward from `start` (cost proportional to the replaced text). */
function oldEndOffset(text: string, start: number, from: { line: number; character: number }, end: { line: number; character: number }): number {
  if (end.line === from.line) return Math.min(start + (end.character - from.character), text.length);
  let offset = start;
  for (let line = from.line; line < end.line; line++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(offset + end.character, text.length);
}

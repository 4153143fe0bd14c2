// The Exchange SMTP protocol log language: binds the document model to the feature functions. (Its CodeLens,
// exchangeLog/codeLens.ts, leads to the cut-over status: the host binds it in languages.ts.)
import type { LanguageService } from '../languageService';
import { EXCHANGE_LOG_LANGUAGE_ID } from '../protocol';
import type { Diagnostic } from 'vscode-languageserver-types';
import { toLspDiagnostics } from '../lspDiagnostics';
import type { Settings } from '../settings';
import { EXLOG_DIAGNOSTICS } from './codes';
import { ExDocumentModel } from './documentModel';
import { exchangeLogFindings } from './diagnostics';
import { exchangeLogHover } from './hover';
import { exchangeLogFolding, exchangeLogSymbols } from './outline';

/** The log's findings as LSP diagnostics (the host's view); `uri` only names related locations, which these findings have none of. */
export function exchangeLogDiagnostics(model: ExDocumentModel, settings: Settings, uri = ''): Diagnostic[] {
  return toLspDiagnostics(exchangeLogFindings(model, settings), uri, EXLOG_DIAGNOSTICS.source);
}

export function exchangeLogService(): LanguageService<ExDocumentModel> {
  return {
    languageIds: [EXCHANGE_LOG_LANGUAGE_ID],
    lineDocuments: true,
    localEdits: true,
    open: (doc) => new ExDocumentModel(doc),
    update: (model, doc, change) => {
      model.update(doc, change);
      return model;
    },
    diagnostics: (model, doc, { settings }) => exchangeLogDiagnostics(model, settings, doc.uri),
    hover: (model, doc, position) => exchangeLogHover(model, doc, position),
    documentSymbols: (model, doc, { settings }) => exchangeLogSymbols(model, doc, settings.maxOutlineSymbols),
    foldingRanges: (model, _doc, { settings }) => exchangeLogFolding(model, settings.maxOutlineSymbols),
  };
}

// The Exchange SMTP protocol log language: binds the document model to the feature functions.
import type { LanguageService } from '../languageService';
import { exchangeLogCodeLenses } from './codeLens';
import { ExDocumentModel } from './documentModel';
import { exchangeLogDiagnostics } from './diagnostics';
import { exchangeLogHover } from './hover';
import { exchangeLogFolding, exchangeLogSymbols } from './outline';

export const EXCHANGE_LOG_LANGUAGE_ID = 'exchange-protocol-log';

export function exchangeLogService(): LanguageService<ExDocumentModel> {
  return {
    languageIds: [EXCHANGE_LOG_LANGUAGE_ID],
    lineDocuments: true,
    open: (doc) => new ExDocumentModel(doc),
    update: (model, doc, change) => {
      model.update(doc, change);
      return model;
    },
    diagnostics: (model, _doc, { settings }) => exchangeLogDiagnostics(model, settings),
    hover: (model, doc, position) => exchangeLogHover(model, doc, position),
    documentSymbols: (model, doc, { settings }) => exchangeLogSymbols(model, doc, settings.maxOutlineSymbols),
    foldingRanges: (model, _doc, { settings }) => exchangeLogFolding(model, settings.maxOutlineSymbols),
    codeLenses: (model, doc) => exchangeLogCodeLenses(model, doc.uri),
  };
}

// The IIS SMTP log language: binds the document model to the feature functions. (Its CodeLens is the
// assessment's, bound by the host in languages.ts.)
import type { LanguageService } from '../languageService';
import { SMTP_LOG_LANGUAGE_ID } from '../protocol';
import { logCompletion } from './completion';
import { LogDocumentModel } from './documentModel';
import { logDiagnostics } from './diagnostics';
import { logHover } from './hover';
import { logFolding, logSymbols } from './outline';

export function smtpLogService(): LanguageService<LogDocumentModel> {
  return {
    languageIds: [SMTP_LOG_LANGUAGE_ID],
    lineDocuments: true,
    completionTriggerCharacters: ['#', ' '],
    open: (doc) => new LogDocumentModel(doc),
    update: (model, doc, change) => {
      model.update(doc, change);
      return model;
    },
    diagnostics: (model, doc, { settings }) => logDiagnostics(model, doc, settings),
    hover: (model, doc, position) => logHover(model, doc, position),
    completion: (_model, doc, position) => logCompletion(doc, position),
    documentSymbols: (model, doc, { settings }) => logSymbols(model, doc, settings.maxOutlineSymbols),
    foldingRanges: (model, _doc, { settings }) => logFolding(model, settings.maxOutlineSymbols),
  };
}

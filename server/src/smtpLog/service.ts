// The IIS SMTP log language: binds the document model to the feature functions.
import { assessmentCodeLenses } from '../assessment/codeLens';
import type { LanguageService } from '../languageService';
import { logCompletion } from './completion';
import { LogDocumentModel } from './documentModel';
import { logDiagnostics } from './diagnostics';
import { logHover } from './hover';
import { logFolding, logSymbols } from './outline';

export const SMTP_LOG_LANGUAGE_ID = 'iis-smtp-log';

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
    codeLenses: (model, doc, { settings }) => {
      const header = model.entries.findIndex((e) => e.kind !== 'blank');
      return assessmentCodeLenses(model.sessions().sessions, settings, doc.uri, Math.max(0, header));
    },
  };
}

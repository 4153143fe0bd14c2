// The IIS SMTP log language: binds the document model to the feature functions. (Its CodeLens is the
// assessment's, bound by the host in languages.ts.)
import type { LanguageService } from '../languageService';
import { SMTP_LOG_LANGUAGE_ID } from '../protocol';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toLspDiagnostics } from '../lspDiagnostics';
import type { Settings } from '../settings';
import { SMTPLOG_DIAGNOSTICS } from './codes';
import { logCompletion } from './completion';
import { LogDocumentModel } from './documentModel';
import { logFindings } from './diagnostics';
import { logHover } from './hover';
import { logFolding, logSymbols } from './outline';

/** The log's findings as LSP diagnostics (the host's view). */
export function logDiagnostics(model: LogDocumentModel, doc: TextDocument, settings: Settings): Diagnostic[] {
  return toLspDiagnostics(logFindings(model, doc, settings), doc.uri, SMTPLOG_DIAGNOSTICS.source);
}

export function smtpLogService(): LanguageService<LogDocumentModel> {
  return {
    languageIds: [SMTP_LOG_LANGUAGE_ID],
    lineDocuments: true,
    localEdits: true,
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

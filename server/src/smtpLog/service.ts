// The IIS SMTP log language: binds the document model to the feature functions.
import type { Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { assessmentCodeLenses } from '../assessment/codeLens';
import type { LanguageService } from '../languageService';
import { toLspDiagnostics } from '../lspDiagnostics';
import type { Settings } from '../settings';
import { SMTPLOG_DIAGNOSTICS } from './codes';
import { logCompletion } from './completion';
import { LogDocumentModel } from './documentModel';
import { logFindings } from './diagnostics';
import { logHover } from './hover';
import { logFolding, logSymbols } from './outline';

export const SMTP_LOG_LANGUAGE_ID = 'iis-smtp-log';

/** The log's findings as LSP diagnostics (the host's view). */
export function logDiagnostics(model: LogDocumentModel, doc: TextDocument, settings: Settings): Diagnostic[] {
  return toLspDiagnostics(logFindings(model, doc, settings), doc.uri, SMTPLOG_DIAGNOSTICS.source);
}

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

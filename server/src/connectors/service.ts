// The `powershell` language service: connector-related commands only; other PowerShell is left alone.
import type { CodeAction, CompletionItem, Diagnostic, Hover, Position, SignatureHelp } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FeatureContext, LanguageService, RangeChange } from '../languageService';
import { CONNECTOR_SCRIPT_LANGUAGE_ID } from '../protocol';
import { analyze } from './rules/analysis';
import { codeActions } from './features/codeActions';
import { completion } from './features/completion';
import { ConnectorDocument } from './syntax/document';
import { grammarIfLoaded, loadGrammar } from './syntax/grammar';
import { hover } from './features/hover';
import { toLspDiagnostics } from '../lspDiagnostics';
import { CONNECTOR_DIAGNOSTICS } from './catalogue/codes';
import { connectorFindings } from './features/locate';
import { signatureHelp } from './features/signatureHelp';

export interface ConnectorModel {
  /** Undefined only when the grammar could not be loaded (features then stay silent). */
  document?: ConnectorDocument;
}

export function connectorService(): LanguageService<ConnectorModel> {
  const open = (doc: TextDocument): ConnectorModel => {
    const grammar = grammarIfLoaded();
    return { document: grammar ? new ConnectorDocument(grammar, doc.getText()) : undefined };
  };
  return {
    languageIds: [CONNECTOR_SCRIPT_LANGUAGE_ID],
    completionTriggerCharacters: ['-', ' ', "'", '"', ','],
    signatureTriggerCharacters: [' ', '-'],
    async initialize() {
      await loadGrammar();
    },
    open,
    update(model, doc, change: RangeChange) {
      const d = model.document;
      if (!d) return open(doc);
      const newText = doc.getText();
      const start = doc.offsetAt(change.range.start);
      const oldLength = d.currentText.length - newText.length + change.text.length;
      if (oldLength < 0 || start > d.currentText.length) {
        d.replaceAll(newText);
        return model;
      }
      d.applyChange(
        {
          start,
          oldLength,
          text: change.text,
          startPosition: { row: change.range.start.line, column: change.range.start.character },
          oldEndPosition: { row: change.range.end.line, column: change.range.end.character },
        },
        newText,
      );
      return model;
    },
    close(model) {
      model.document?.dispose();
      model.document = undefined;
    },
    diagnostics(model, doc, ctx: FeatureContext): Diagnostic[] {
      if (!model.document) return [];
      const { findings } = analyze(model.document.model(), ctx.settings.connectors.targetRole);
      return toLspDiagnostics(connectorFindings(doc, findings, ctx.settings.maxDiagnostics), doc.uri, CONNECTOR_DIAGNOSTICS.source);
    },
    hover(model, doc, position: Position, ctx): Hover | null {
      return model.document ? hover(model.document, doc, position, ctx.settings) : null;
    },
    completion(model, doc, position: Position, ctx): CompletionItem[] | null {
      return model.document ? completion(model.document, doc, position, ctx.settings) : null;
    },
    codeActions(model, doc, params, ctx): CodeAction[] {
      return model.document ? codeActions(model.document, doc, params, ctx.settings) : [];
    },
    signatureHelp(model, doc, position: Position, ctx): SignatureHelp | null {
      return model.document ? signatureHelp(model.document, doc, position, ctx.settings) : null;
    },
  };
}

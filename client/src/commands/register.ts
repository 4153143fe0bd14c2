// Registers every editor command. Each command's work is a request to the server.
import * as vscode from 'vscode';
import { CLIENT_COMMANDS, CONNECTOR_SCRIPT_LANGUAGE_ID, SMTP_LOG_LANGUAGE_ID, type OpenGeneratedDocumentArgs } from '../../../server/src/protocol';
import { openGenerated, registerGeneratedDocuments } from '../output/generatedDocuments';
import { registerSaveGenerated } from '../output/save';
import { registerAssessmentCommands } from './index';
import type { ClientGetter } from './requestPlan';

const DEFAULT_NAMES: Record<string, string> = { [CONNECTOR_SCRIPT_LANGUAGE_ID]: 'connectors-metabase.ps1', [SMTP_LOG_LANGUAGE_ID]: 'example.log' };

export function registerCommands(context: vscode.ExtensionContext, getClient: ClientGetter): void {
  registerGeneratedDocuments(context, (uri) => void getClient().then((client) => client?.diagnostics?.delete(uri)));
  registerAssessmentCommands(context, getClient);
  context.subscriptions.push(
    registerSaveGenerated(),
    vscode.commands.registerCommand(CLIENT_COMMANDS.useSmtpLogLanguage, async (uri?: vscode.Uri) => {
      const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!doc) return;
      await vscode.languages.setTextDocumentLanguage(doc, SMTP_LOG_LANGUAGE_ID);
    }),
    vscode.commands.registerCommand(CLIENT_COMMANDS.openGeneratedDocument, async (args: OpenGeneratedDocumentArgs) => {
      if (!args || typeof args.content !== 'string') return;
      const language = typeof args.language === 'string' && args.language ? args.language : 'plaintext';
      const name = typeof args.name === 'string' && args.name ? args.name : (DEFAULT_NAMES[language] ?? 'generated.txt');
      await openGenerated(name, language, args.content);
    }),
  );
}

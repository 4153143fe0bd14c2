// Registers every editor command (the names are the protocol's CLIENT_COMMANDS). Each command's work is a
// request to the server; the assessment and cut-over commands live in their own files here.
import * as vscode from 'vscode';
import { CLIENT_COMMANDS, CONNECTOR_SCRIPT_LANGUAGE_ID, SMTP_LOG_LANGUAGE_ID, type OpenGeneratedDocumentArgs } from '../../../server/src/protocol';
import { openGenerated, registerGeneratedDocuments } from '../output/generatedDocuments';
import { registerSaveGenerated } from '../output/save';
import { registerGenerateFromFiles } from './generateFromFiles';
import { registerGenerateFromSelection } from './generateFromSelection';
import { registerRunningStatus, type ClientGetter } from './requestPlan';
import { registerShowCutover } from './showCutover';
import { registerShowReport } from './showReport';

const DEFAULT_NAMES: Record<string, string> = { [CONNECTOR_SCRIPT_LANGUAGE_ID]: 'connectors-metabase.ps1', [SMTP_LOG_LANGUAGE_ID]: 'example.log' };

export function registerCommands(context: vscode.ExtensionContext, getClient: ClientGetter): void {
  registerGeneratedDocuments(context, (uri) => void getClient().then((client) => client?.diagnostics?.delete(uri)));
  registerRunningStatus(context);
  context.subscriptions.push(
    registerGenerateFromSelection(context, getClient),
    registerGenerateFromFiles(context, getClient),
    ...registerShowReport(context, getClient),
    registerShowCutover(getClient),
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

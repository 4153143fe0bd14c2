// Registers every editor command. Each command's work is a request to the server.
import * as vscode from 'vscode';
import { registerAssessmentCommands } from './commands/index';
import type { ClientGetter } from './commands/requestPlan';
import { openGenerated, registerGeneratedDocuments } from './output/generatedDocuments';
import { registerSaveGenerated } from './output/save';

/** Arguments of `iisSmtp.openGeneratedDocument`, which server code actions use to show generated text. */
export interface OpenGeneratedDocumentArgs {
  language: string;
  content: string;
  /** The tab's name, e.g. `connectors-SMTP-1.ps1`; derived from the language when absent. */
  name?: string;
}

const DEFAULT_NAMES: Record<string, string> = { powershell: 'connectors-metabase.ps1', 'iis-smtp-log': 'example.log' };

export function registerCommands(context: vscode.ExtensionContext, getClient: ClientGetter): void {
  registerGeneratedDocuments(context, (uri) => void getClient().then((client) => client?.diagnostics?.delete(uri)));
  registerAssessmentCommands(context, getClient);
  context.subscriptions.push(
    registerSaveGenerated(),
    vscode.commands.registerCommand('iisSmtp.useSmtpLogLanguage', async (uri?: vscode.Uri) => {
      const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!doc) return;
      await vscode.languages.setTextDocumentLanguage(doc, 'iis-smtp-log');
    }),
    vscode.commands.registerCommand('iisSmtp.openGeneratedDocument', async (args: OpenGeneratedDocumentArgs) => {
      if (!args || typeof args.content !== 'string') return;
      const language = typeof args.language === 'string' && args.language ? args.language : 'plaintext';
      const name = typeof args.name === 'string' && args.name ? args.name : (DEFAULT_NAMES[language] ?? 'generated.txt');
      await openGenerated(name, language, args.content);
    }),
  );
}
